"""The journey funnel, drop-off points, the cohort retention matrix and support trends, by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.analytics.cohorts import CohortRow, retention, retention_at
from domain.analytics.journeys import JourneyRow, drop_offs, funnel
from domain.analytics.learnerset import LearnerSet
from domain.shared.errors import InvalidInput
from domain.shared.principal import SYSTEM
from domain.tickets.commands import NewTicket
from entrypoints.harness import TestContainer

from .data import UX, load

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_funnel_is_strict_and_counts_medians_by_hand() -> None:
    rows = [
        JourneyRow(h(0), h(1), h(3), h(5), h(9), h(10), h(20)),  # all the way
        JourneyRow(h(0), h(2), h(6), h(7), None, None, None),  # stops after 25%
        JourneyRow(h(0), None, h(1), h(2), None, None, None),  # enrolled by a service, never logged in
        JourneyRow(h(0), h(4), None, None, None, None, None),
    ]
    f = funnel(rows)
    assert [(s.name, s.learners) for s in f.steps] == [
        ("signup", 4),
        ("first_login", 3),
        ("first_enrolment", 2),
        ("progress_25", 2),
        ("progress_50", 1),
        ("progress_75", 1),
        ("completion", 1),
    ]
    assert [s.conversion for s in f.steps] == [None, 0.75, 0.6667, 1.0, 0.5, 1.0, 1.0]
    assert [s.median_hours_from_previous for s in f.steps] == [None, 2.0, 3.0, 1.5, 4.0, 1.0, 10.0]
    assert f.steps[-1].overall == 0.25


def test_drop_offs_most_learners_lost_first() -> None:
    found = drop_offs([("PY-101", "m2", 3), ("PY-101", "m5", 9), ("DB-200", "", 4), ("DB-200", "intro", 0)])
    assert [(d.course, d.module, d.learners_lost, d.share_of_course_stops) for d in found] == [
        ("PY-101", "m5", 9, 0.75),
        ("DB-200", "", 4, 1.0),
        ("PY-101", "m2", 3, 0.25),
    ]


def test_retention_matrix_by_hand() -> None:
    members = {"2026-01": LearnerSet.of([1, 2, 3, 4]), "2026-02": LearnerSet.of([5, 6])}
    active_days = {date(2026, 1, 3): [1, 2, 3, 4, 5], date(2026, 2, 10): [1, 2, 5, 6], date(2026, 3, 1): [1, 6]}

    def active(name: str, first: date, last: date) -> LearnerSet:
        on = LearnerSet.of(u for d, ids in active_days.items() if first <= d <= last for u in ids)
        return on & members[name]

    cohorts = [("2026-01", date(2026, 1, 1), 4), ("2026-02", date(2026, 2, 1), 2)]
    rows = retention(cohorts, active, "month", today=date(2026, 3, 15))
    assert rows == [
        CohortRow("2026-01", 4, (4, 2, 1), (1.0, 0.5, 0.25)),
        CohortRow("2026-02", 2, (2, 1), (1.0, 0.5)),
    ]
    assert retention_at(rows, 1) == round(3 / 6, 4) and retention_at(rows, 2) == 0.25 and retention_at(rows, 5) is None
    weekly = retention(cohorts[:1], active, "week", today=date(2026, 1, 20))
    assert weekly[0].counts == (4, 0, 0)  # weeks from Jan 1, 8 and 15 (the third has started)


def test_journeys_on_the_hand_checked_set(harness: TestContainer) -> None:
    load(harness)
    j = harness.analytics.journeys(UX, None, date(2025, 12, 1), date(2026, 1, 20))
    assert [s.learners for s in j.funnel.steps] == [3, 2, 2, 2, 1, 0, 0]  # C never logged in
    assert [s.conversion for s in j.funnel.steps] == [None, 0.6667, 1.0, 1.0, 0.5, 0.0, 0.0]
    # signup -> first login: A 770 h, B 854.5 h; login -> enrolment: A 83.5 h, B 41.5 h
    assert [s.median_hours_from_previous for s in j.funnel.steps][:3] == [None, 812.25, 62.5]
    assert [(d.course, d.module, d.learners_lost) for d in j.drop_offs] == [("PY-101", "m1", 1)]  # C
    course = harness.analytics.journeys(UX, "PY-101", date(2025, 12, 1), date(2026, 1, 20))
    assert course.funnel.steps[2].learners == 2


def test_cohorts_on_the_hand_checked_set(harness: TestContainer) -> None:
    load(harness)
    c = harness.analytics.cohorts(
        UX, "signup_month", "month", None, "platform_role:learner", 1, date(2025, 11, 1), None
    )
    assert [(r.cohort, r.size, r.counts) for r in c.rows] == [
        ("2025-11", 1, (0, 1, 0)),
        ("2025-12", 2, (0, 2)),
        ("2026-01", 1, (1,)),
    ]
    everyone, learners = c.comparison
    assert (everyone.segment, everyone.active, everyone.minutes, everyone.retention_at_n) == ("all", 4, 109, 1.0)
    assert (learners.segment, learners.active) == ("platform_role:learner", 4)
    enrolled = harness.analytics.cohorts(UX, "first_enrolment_month", "week", None, None, 0, date(2026, 1, 1), None)
    # weeks from the cohort month's first day: Jan 1-7 A, B and C; Jan 8-14 A (Saturday the 10th)
    assert [(r.cohort, r.size, r.counts[:2]) for r in enrolled.rows] == [("2026-01", 3, (3, 1))]
    with pytest.raises(InvalidInput):
        harness.analytics.cohorts(UX, "colour", "month", None, None, 1, None, None)


def test_support_trends_join_tickets_with_active_learners(harness: TestContainer) -> None:
    ids = load(harness)
    harness.clock.set(datetime(2026, 1, 7, 9, tzinfo=UTC))
    for learner in (ids["A"], ids["C"]):
        harness.support.desk.create(
            SYSTEM, NewTicket("Cannot start the course", "The player is black.", user_id=learner)
        )
    harness.clock.set(datetime(2026, 1, 20, 12, tzinfo=UTC))
    weeks = harness.analytics.support_trends(UX, date(2026, 1, 5), date(2026, 1, 11))
    [week] = weeks
    assert (week.week, week.active_learners, week.tickets) == (date(2026, 1, 5), 3, 2)
    assert week.tickets_per_1000_active == round(2000 / 3, 2) and sum(week.by_category.values()) == 2
