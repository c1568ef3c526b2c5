"""The IngestionStore contract, on the in-memory fake and the Django adapter, and what ingestion writes as
ProfileQueries reads it back: activity pages (with cursors they did not issue refused), security events (which
ingestion hands to the security module's store), enrollments and the profiles' aggregates."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.accounts.ingestion import ActivityItem, Common, LearningItem
from domain.accounts.learning import Enrollment, EnrollmentStatus, LearningEventKind
from domain.accounts.model import Severity
from domain.accounts.queries import DETAIL_ACTIVITY, ActivityFilter
from domain.security.service import reported
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest

from .accounts_data import NOT_ISSUED
from .conftest import AT, Accounts

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


def common(uid: int, minutes: int, event_id: str | None = None, session: str = "s1") -> Common:
    return Common(uid, AT + timedelta(minutes=minutes), event_id, session, "192.0.2.7", "LearnApp/4.2 (iOS 18)")


def test_known_users_and_profiles_for_update_skip_strangers(accounts: Accounts) -> None:
    lea, bo = accounts.add("lea"), accounts.add("bo_k")
    assert accounts.store.known_users([lea, bo, 987654]) == {lea, bo}
    assert accounts.store.known_users([]) == set()
    profiles = accounts.store.profiles_for_update([bo, 987654])
    assert list(profiles) == [bo] and profiles[bo] == accounts.profiles.get_for_update(bo)


def test_courses_are_found_by_code_and_created_only_when_asked(accounts: Accounts) -> None:
    made = accounts.store.courses(["PY-1", "JS-1"], {"PY-1": "Python"})
    assert list(made) == ["PY-1"] and (made["PY-1"].code, made["PY-1"].title) == ("PY-1", "Python")
    again = accounts.store.courses(["PY-1", "JS-1"], {"PY-1": "Another title", "JS-1": "JavaScript"})
    assert again["PY-1"] == made["PY-1"]  # an existing course keeps its title and id
    assert again["JS-1"].title == "JavaScript" and again["JS-1"].id != made["PY-1"].id
    assert accounts.store.courses([], {}) == {}


def test_write_stores_activity_security_events_enrollments_and_aggregates(accounts: Accounts) -> None:
    uid = accounts.add("lea")
    course = accounts.store.courses(["PY-1"], {"PY-1": "Python"})["PY-1"]
    items = [
        ActivityItem(common(uid, 0, "e-1"), "login", {"browser": "Safari"}),
        LearningItem(common(uid, 1, "e-2"), "PY-1", "Python", LearningEventKind.ENROLLED, None, 60),
        ActivityItem(common(uid, 2), "security.mfa_disabled", {"description": "MFA off from a new device"}),
        ActivityItem(common(uid, 3), "security.new_device", {"severity": "critical"}),
    ]
    enrollment = Enrollment(uid, course.id, EnrollmentStatus.IN_PROGRESS, 10, 60, AT, None, AT, is_new=True)
    profile = accounts.store.profiles_for_update([uid])[uid]
    profile.touch(AT + timedelta(minutes=3))
    profile.enrollment_count, profile.total_learning_time = 1, 60
    accounts.store.write(items, [enrollment], [profile])
    accounts.security.add([reported(i) for i in items if isinstance(i, ActivityItem) and i.security_event])

    assert accounts.store.seen_event_ids(["e-1", "e-2", "e-3"]) == {"e-1", "e-2"}
    assert accounts.store.seen_event_ids([]) == set()
    page = accounts.queries.activity(uid, ActivityFilter(), PageRequest())
    assert [(a.activity_type, dict(a.activity_data)) for a in page.items] == [
        ("security.new_device", {"severity": "critical"}),
        ("security.mfa_disabled", {"description": "MFA off from a new device"}),
        ("course.enrolled", {"course": "PY-1", "progress": None, "time_spent": 60}),
        ("login", {"browser": "Safari"}),
    ]
    first = page.items[-1]
    assert (first.ip_address, first.user_agent, first.session_id, first.timestamp) == (
        "192.0.2.7",
        "LearnApp/4.2 (iOS 18)",
        "s1",
        AT,
    )
    detail = accounts.queries.detail(uid)
    assert detail is not None
    assert [(e.event_type, e.severity, e.description, e.resolved) for e in detail.security_events] == [
        ("new_device", Severity.CRITICAL, "new device", False),
        ("mfa_disabled", Severity.HIGH, "MFA off from a new device", False),
    ]
    assert [(e.course_code, e.course_title, e.status, e.progress) for e in detail.enrollments] == [
        ("PY-1", "Python", EnrollmentStatus.IN_PROGRESS, 10)
    ]
    stored = accounts.profiles.get_for_update(uid)
    assert stored is not None and stored == replace(profile, changes=[])
    assert detail.summary.last_activity == AT + timedelta(minutes=3) and detail.summary.enrollment_count == 1


def test_enrollments_for_update_and_a_second_write_updates_them(accounts: Accounts) -> None:
    uid = accounts.add("lea")
    course = accounts.store.courses(["PY-1"], {"PY-1": "Python"})["PY-1"]
    assert accounts.store.enrollments_for_update([(uid, course.id)]) == {}
    new = Enrollment(uid, course.id, EnrollmentStatus.ENROLLED, 0, 0, AT, is_new=True)
    accounts.store.write([], [new], [])
    ((key, found),) = accounts.store.enrollments_for_update([(uid, course.id), (uid, 987654)]).items()
    assert key == (uid, course.id) and not found.is_new and found.id is not None  # a stored row has its id
    assert (found.status, found.progress, found.enrolled_at) == (EnrollmentStatus.ENROLLED, 0, AT)
    found.apply(LearningEventKind.COMPLETED, AT + timedelta(days=2), None, 600)
    accounts.store.write([], [found], [])
    (again,) = accounts.store.enrollments_for_update([(uid, course.id)]).values()
    assert (again.status, again.progress, again.time_spent, again.completed_at) == (
        EnrollmentStatus.COMPLETED,
        100,
        600,
        AT + timedelta(days=2),
    )


def test_activity_filters_and_pages_newest_first(accounts: Accounts) -> None:
    uid, other = accounts.add("lea"), accounts.add("bo_k")
    kinds = ["login", "course.view", "video.play", "course.view", "logout"]
    accounts.store.write(
        [ActivityItem(common(uid, i, session="s2" if i >= 3 else "s1"), k, {}) for i, k in enumerate(kinds)]
        + [ActivityItem(common(other, 9), "login", {})],
        [],
        [],
    )

    def types(flt: ActivityFilter = ActivityFilter(), limit: int = 50) -> list[str]:
        return [a.activity_type for a in accounts.queries.activity(uid, flt, PageRequest(limit=limit)).items]

    assert types() == kinds[::-1]
    assert types(ActivityFilter(types=frozenset({"course.view", "logout"}))) == ["logout", "course.view", "course.view"]
    assert types(ActivityFilter(since=AT + timedelta(minutes=1), until=AT + timedelta(minutes=3))) == [
        "video.play",
        "course.view",
    ]
    assert types(ActivityFilter(session_id="s2")) == ["logout", "course.view"]
    walked, cursor = [], None
    for _ in range(5):
        page = accounts.queries.activity(uid, ActivityFilter(), PageRequest(limit=2, cursor=cursor))
        walked += [a.id for a in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert walked == [a.id for a in accounts.queries.activity(uid, ActivityFilter(), PageRequest()).items]


@pytest.mark.parametrize("cursor", NOT_ISSUED, ids=range(len(NOT_ISSUED)))
def test_an_activity_cursor_it_did_not_issue_is_refused(accounts: Accounts, cursor: str) -> None:
    uid = accounts.add("lea")
    with pytest.raises(InvalidInput) as refused:
        accounts.queries.activity(uid, ActivityFilter(), PageRequest(limit=2, cursor=cursor))
    assert refused.value.code == "invalid_cursor"


def test_a_profile_holds_the_newest_of_each_list(accounts: Accounts) -> None:
    uid = accounts.add("lea")
    logins = [ActivityItem(common(uid, i), "login", {"n": i}) for i in range(DETAIL_ACTIVITY + 5)]
    alarms = [ActivityItem(common(uid, 0), "security.login_failed", {"description": f"try {i}"}) for i in range(3)]
    accounts.store.write([*logins, *alarms], [], [])
    accounts.security.add([reported(a) for a in alarms])
    detail = accounts.queries.detail(uid)
    assert detail is not None
    assert len(detail.recent_activity) == DETAIL_ACTIVITY
    assert detail.recent_activity[0].activity_data == {"n": DETAIL_ACTIVITY + 4}  # newest first
    assert [e.description for e in detail.security_events] == [
        "try 2",
        "try 1",
        "try 0",
    ]  # same time: last stored first
