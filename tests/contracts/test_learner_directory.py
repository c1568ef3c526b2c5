"""The LearnerDirectory port (what the support desk knows of a learner when a ticket is opened), as the container
wires it: the accounts module's profiles on the in-memory fake, or on the Django adapters (SQLite, and PostgreSQL
in its pass). The same learner, activity, enrollments and security events give the same Learner and snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from domain.accounts.ingestion import ActivityItem, Common
from domain.accounts.learning import Enrollment, EnrollmentStatus
from domain.accounts.model import AccountStatus, SupportPriority
from domain.accounts.ports import IngestionStore, ProfileRepository, SecurityReports
from domain.shared.clock import FixedClock
from domain.tickets.ports import Learner, LearnerDirectory
from entrypoints.bootstrap import build_container
from entrypoints.harness import build_test_container

from .conftest import AT, learner

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
E = EnrollmentStatus


@dataclass
class World:
    learners: LearnerDirectory
    profiles: ProfileRepository
    store: IngestionStore
    security: SecurityReports  # where ingestion hands security.* items (the security module stores them)


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    if request.param == "memory":
        fake = build_test_container()
        return World(fake.support.desk.steps.learners, fake.people, fake.people, fake.security)
    from adapters.orm.accounts.repository import DjangoIngestionStore, DjangoProfileRepository

    real = build_container(FixedClock(AT))
    return World(real.support.desk.steps.learners, DjangoProfileRepository(), DjangoIngestionStore(), real.security)


def at(minutes: int) -> str:
    return (AT + timedelta(minutes=minutes)).isoformat()


def activity(uid: int, minutes: int, kind: str, session: str = "s1", **data: object) -> ActivityItem:
    return ActivityItem(
        Common(uid, AT + timedelta(minutes=minutes), None, session, "192.0.2.7", "LearnApp/4.2"), kind, data
    )


def test_an_unknown_learner_is_none(world: World) -> None:
    assert world.learners.learner(987_654) is None


def test_a_new_learner_has_an_empty_snapshot(world: World) -> None:
    uid = world.profiles.create(learner("lea", support_priority=SupportPriority.HIGH), AT).user_id
    assert world.learners.learner(uid) == Learner(
        uid,
        "lea@example.com",
        "Lea Ng",
        "high",
        {
            "account_status": "active",
            "support_priority": "high",
            "last_activity": None,
            "recent_activity": [],
            "enrollments": {"count": 0, "completion_rate": 0.0, "by_status": {s.value: 0 for s in E}, "recent": []},
            "security_events": [],
        },
    )


def test_the_name_is_the_username_when_the_learner_gave_none(world: World) -> None:
    uid = world.profiles.create(learner("noname", first_name="  ", last_name=""), AT).user_id
    found = world.learners.learner(uid)
    assert found is not None and found.name == "noname"


def test_the_snapshot_holds_the_status_and_the_newest_activity(world: World) -> None:
    uid = world.profiles.create(learner("lea"), AT).user_id
    other = world.profiles.create(learner("bo"), AT).user_id
    logins = [activity(uid, i, "login", session=f"s{i % 3}") for i in range(25)]
    alarms = [activity(uid, 30 + i, "security.login_failed", description=f"try {i}") for i in range(12)]
    strangers = [activity(other, 99, "login"), activity(other, 99, "security.mfa_disabled")]
    profile = world.store.profiles_for_update([uid])[uid]
    profile.touch(AT + timedelta(minutes=41))
    world.store.write([*logins, *alarms, *strangers], [], [profile])
    world.security.record_reported([*alarms, *strangers])
    stored = world.profiles.get_for_update(uid)
    assert stored is not None
    stored.change_status(AccountStatus.SUSPENDED, "chargeback", 7, AT + timedelta(hours=1))
    world.profiles.save(stored)

    found = world.learners.learner(uid)
    assert found is not None
    snap = found.snapshot
    assert (snap["account_status"], snap["support_priority"], snap["last_activity"]) == ("suspended", "normal", at(41))
    newest = [("security.login_failed", at(30 + i), "s1") for i in reversed(range(12))]
    newest += [("login", at(i), f"s{i % 3}") for i in reversed(range(25))]
    assert [(a["type"], a["at"], a["session_id"]) for a in snap["recent_activity"]] == newest[:20]
    assert snap["security_events"] == [
        {"type": "login_failed", "severity": "low", "at": at(30 + i), "resolved": False} for i in reversed(range(2, 12))
    ]


def test_enrollments_are_counted_by_status_and_the_recent_ones_listed(world: World) -> None:
    uid = world.profiles.create(learner("lea"), AT).user_id
    codes = [f"C{i:02}" for i in range(12)]
    courses = world.store.courses(codes, {code: f"Course {code}" for code in codes})
    statuses = [E.COMPLETED, E.IN_PROGRESS, E.ENROLLED, E.DROPPED]

    def accessed(i: int) -> datetime | None:
        """Never for the first four, one shared time for the next four, then later and later."""
        return None if i < 4 else AT + timedelta(hours=1 if i < 8 else i)

    enrollments = [
        Enrollment(uid, courses[code].id, statuses[i % 4], 10 * i, 60, AT, None, accessed(i), is_new=True)
        for i, code in enumerate(codes)
    ]
    profile = world.store.profiles_for_update([uid])[uid]
    profile.enrollment_count, profile.completed_count = 12, 3
    world.store.write([], enrollments, [profile])

    found = world.learners.learner(uid)
    assert found is not None
    listed = found.snapshot["enrollments"]
    assert (listed["count"], listed["completion_rate"]) == (12, 25.0)
    assert listed["by_status"] == {"enrolled": 3, "in_progress": 3, "completed": 3, "dropped": 3}
    # most recently accessed first; equal times (and never accessed, last) newest enrollment first
    order = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]
    assert listed["recent"] == [
        {"course": codes[i], "status": statuses[i % 4].value, "progress": 10 * i} for i in order
    ]
