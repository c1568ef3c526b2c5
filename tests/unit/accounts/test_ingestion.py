"""Ingestion: each item validated alone, nothing half-written, re-sends are no-ops."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.memory.accounts import Person
from domain.accounts.learning import EnrollmentStatus
from domain.shared.errors import InvalidInput, PermissionDenied
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

SERVICE = Principal(9, "lms", frozenset({Role.SERVICE}))


def at(harness: TestContainer, minutes: int = 0) -> str:
    return (harness.clock.now() - timedelta(days=1) + timedelta(minutes=minutes)).isoformat()


def activity(uid: int, ts: str, **kw: Any) -> dict[str, Any]:
    return {"kind": "activity", "user_id": uid, "activity_type": "login", "timestamp": ts, **kw}


def learning(uid: int, ts: str, event: str, **kw: Any) -> dict[str, Any]:
    return {
        "kind": "learning",
        "user_id": uid,
        "course": "PY-101",
        "course_title": "Python",
        "event": event,
        "timestamp": ts,
        **kw,
    }


@pytest.fixture
def uid(harness: TestContainer) -> int:
    return harness.people.add(Person("lea", "lea@example.com")).user_id


def test_good_and_bad_items_in_one_batch(harness: TestContainer, uid: int) -> None:
    batch = [
        activity(uid, at(harness), ip_address="192.0.2.1", session_id="s1"),
        activity(uid, "yesterday"),
        {"kind": "activity", "user_id": uid},
        activity(999999, at(harness)),
        learning(uid, at(harness, 1), "enrolled"),
        learning(uid, at(harness, 2), "progress", progress=140),
        "not an object",
        activity(uid, at(harness), ip_address="999.1.1.1"),
        activity(uid, (harness.clock.now() + timedelta(days=1, minutes=1)).isoformat()),
        {**learning(uid, at(harness, 3), "completed"), "course": "NEW-1", "course_title": None},
        activity(uid, at(harness), activity_type="Bad Type"),
    ]
    result = harness.ingestion.ingest(SERVICE, batch)
    assert result.accepted == 2
    assert [(r.index, r.code) for r in result.rejected] == [
        (1, "invalid_field"),
        (2, "missing_field"),
        (3, "unknown_user"),
        (5, "invalid_field"),
        (6, "invalid_item"),
        (7, "invalid_field"),
        (8, "invalid_field"),
        (9, "unknown_course"),
        (10, "invalid_field"),
    ]
    assert len(harness.people.activities) == 2
    assert harness.people.profiles[uid].enrollment_count == 1


def test_learning_events_update_aggregates_incrementally(harness: TestContainer, uid: int) -> None:
    harness.ingestion.ingest(
        SERVICE,
        [
            learning(uid, at(harness, 1), "enrolled"),
            learning(uid, at(harness, 2), "progress", progress=40, time_spent=600),
            {**learning(uid, at(harness, 3), "enrolled"), "course": "JS-1", "course_title": "JavaScript"},
        ],
    )
    p = harness.people.profiles[uid]
    assert (p.enrollment_count, p.completed_count, p.completion_rate, p.total_learning_time) == (2, 0, 0.0, 600)
    harness.ingestion.ingest(SERVICE, [learning(uid, at(harness, 5), "completed", time_spent=300)])
    p = harness.people.profiles[uid]
    assert (p.enrollment_count, p.completed_count, p.completion_rate, p.total_learning_time) == (2, 1, 50.0, 900)
    assert p.last_activity is not None and p.last_activity.isoformat() == at(harness, 5)
    course_id = harness.people.courses_by_code["PY-101"].id
    e = harness.people.enrollments[(uid, course_id)]
    assert (e.status, e.progress, e.time_spent) == (EnrollmentStatus.COMPLETED, 100, 900)
    harness.ingestion.ingest(SERVICE, [learning(uid, at(harness, 6), "dropped")])
    assert harness.people.profiles[uid].completed_count == 0


def test_last_activity_only_moves_forward(harness: TestContainer, uid: int) -> None:
    harness.ingestion.ingest(SERVICE, [activity(uid, at(harness, 10))])
    harness.ingestion.ingest(SERVICE, [activity(uid, at(harness, 1))])  # a late event
    last = harness.people.profiles[uid].last_activity
    assert last is not None and last.isoformat() == at(harness, 10)


def test_a_resent_batch_is_a_no_op(harness: TestContainer, uid: int) -> None:
    batch = [
        activity(uid, at(harness), event_id="evt-1"),
        learning(uid, at(harness, 1), "progress", progress=10, time_spent=60, event_id="evt-2"),
        activity(uid, at(harness, 2), event_id="evt-1"),  # repeated inside the batch
    ]
    first = harness.ingestion.ingest(SERVICE, batch)
    assert (first.accepted, first.duplicates) == (2, (2,))
    again = harness.ingestion.ingest(SERVICE, batch)
    assert (again.accepted, again.duplicates, again.rejected) == (0, (0, 1, 2), ())
    assert len(harness.people.activities) == 2 and harness.people.profiles[uid].total_learning_time == 60


def test_security_events_are_recorded(harness: TestContainer, uid: int) -> None:
    harness.ingestion.ingest(SERVICE, [activity(uid, at(harness), activity_type="security.mfa_disabled")])
    (event,) = harness.accounts.detail(Principal(1, "x", is_superuser=True), uid).security_events
    assert (event.event_type, event.severity) == ("mfa_disabled", "high")


def test_batch_limits_and_permission(harness: TestContainer, uid: int) -> None:
    with pytest.raises(InvalidInput):
        harness.ingestion.ingest(SERVICE, [])
    with pytest.raises(InvalidInput):
        harness.ingestion.ingest(SERVICE, [activity(uid, at(harness))] * 1001)
    with pytest.raises(PermissionDenied):
        harness.ingestion.ingest(Principal(1, "agent", frozenset({Role.SUPPORT_AGENT})), [activity(uid, at(harness))])
    assert harness.ingestion.ingest(SERVICE, [activity(uid, at(harness))] * 1000).accepted == 1000
    assert harness.audit_log.entries[-1].record.details == {"accepted": 1000, "duplicates": 0, "rejected": 0}


@pytest.mark.parametrize(
    ("ts", "accepted"),
    [
        ("0001-01-01T00:00:00+14:00", False),  # year 0 in UTC: it once poisoned every later read
        ("1969-12-31T23:59:59Z", False),
        ("1970-01-01T00:00:00Z", True),
        ("2026-01-06T08:59:00+00:00", True),  # the harness clock plus 23 h 59 min
        ("2026-01-06T09:00:01+00:00", False),
    ],
)
def test_timestamps_from_1970_to_a_day_ahead(harness: TestContainer, uid: int, ts: str, accepted: bool) -> None:
    result = harness.ingestion.ingest(SERVICE, [activity(uid, ts)])
    assert result.accepted == int(accepted)
    if accepted:
        assert harness.people.activities[-1].timestamp.utcoffset() == timedelta(0)
