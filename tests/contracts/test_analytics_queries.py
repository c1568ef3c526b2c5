"""AnalyticsQueries, held by the in-memory fake and DjangoAnalyticsQueries alike (SQLite here, PostgreSQL in the
PostgreSQL pass), on the hand-checked week of tests/unit/analytics/data.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from . import analytics_world
from .analytics_world import World

world = analytics_world.world
pytestmark = pytest.mark.django_db
DEC1, JAN12, JAN20 = (
    datetime(2025, 12, 1, tzinfo=UTC),
    datetime(2026, 1, 12, tzinfo=UTC),
    datetime(2026, 1, 20, tzinfo=UTC),
)


def test_course_exists(world: World) -> None:
    assert world.queries.course_exists("PY-101") and not world.queries.course_exists("NOPE-1")


def test_stops_per_course_and_last_module(world: World) -> None:
    stops = world.queries.stops("PY-101", DEC1, JAN12, JAN20)
    assert {(s.course, s.module, s.learners_lost) for s in stops} == {
        ("PY-101", "m1", 1),
        ("PY-101", "m2", 1),
        ("PY-101", "m3", 1),
    }
    earlier = world.queries.stops(None, DEC1, JAN12, datetime(2026, 1, 8, tzinfo=UTC))  # A was seen on Jan 10
    assert {(s.module, s.learners_lost, s.share_of_course_stops) for s in earlier} == {("m1", 1, 0.5), ("m3", 1, 0.5)}


def test_cohort_sizes_for_each_month(world: World) -> None:
    first, last = date(2025, 11, 1), date(2026, 1, 31)
    assert world.queries.cohort_sizes("signup_month", first, last, None) == [
        ("2025-11", date(2025, 11, 1), 1),
        ("2025-12", date(2025, 12, 1), 2),
        ("2026-01", date(2026, 1, 1), 1),
    ]
    assert [n for *_, n in world.queries.cohort_sizes("first_enrolment_month", first, last, None)] == [0, 0, 3]
    assert [n for *_, n in world.queries.cohort_sizes("signup_month", first, last, ("course", "PY-101"))] == [0, 2, 1]


def test_tickets_by_week_without_tickets(world: World) -> None:
    assert world.queries.tickets_by_week(DEC1, JAN20) == []
