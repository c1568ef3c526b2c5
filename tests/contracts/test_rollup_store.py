"""RollupStore, held by the in-memory fake and DjangoRollupStore alike (SQLite here, PostgreSQL in the PostgreSQL
pass), on the hand-checked week of tests/unit/analytics/data.py: apply, summaries (with `only`), the funnel,
mark, rebuild, forget and refresh."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.analytics.facts import fact
from domain.analytics.rollup import deltas
from tests.unit.analytics.data import NOW, WEEK, login, progress, utc

from . import analytics_world
from .analytics_world import World

world = analytics_world.world
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
JAN = [date(2026, 1, d) for d in range(1, 32)]


def active(w: World, first: date, last: date) -> dict[date, set[str]]:
    names = {uid: name for name, uid in w.ids.items()}
    sums = w.rollups.summaries("all", "", first, last, NOW)
    return {d: {names.get(u, str(u)) for u in s.learners} for d, s in sums.items() if len(s.learners)}


def test_ingested_deltas_show_in_the_summaries(world: World) -> None:
    assert active(world, *WEEK) == {
        JAN[4]: {"A"},
        JAN[5]: {"B", "C"},
        JAN[6]: {"B"},
        JAN[9]: {"A"},
    }
    sums = world.rollups.summaries("all", "", *WEEK, NOW)
    assert set(sums[JAN[4]].night) == {world.ids["A"]} and set(sums[JAN[5]].night) == {world.ids["B"]}
    assert set(sums[JAN[6]].deep) == {world.ids["B"]}
    assert sums[JAN[4]].seconds + sums[JAN[5]].seconds + sums[JAN[6]].seconds + sums[JAN[9]].seconds == 109 * 60


def test_apply_marks_its_days_and_a_read_refreshes_them(world: World) -> None:
    d = world.ids["D"]
    world.rollups.apply(deltas([fact(d, datetime(2026, 1, 8, 11, tzinfo=UTC), "login", {})], world.calendar), NOW)
    assert active(world, JAN[7], JAN[7]) == {JAN[7]: {"D"}}
    world.rollups.apply(deltas([fact(d, datetime(2026, 1, 8, 12, tzinfo=UTC), "login", {})], world.calendar), NOW)
    assert world.rollups.summaries("all", "", JAN[7], JAN[7], NOW)[JAN[7]].events == 2


def test_only_fills_just_the_sets_asked_for(world: World) -> None:
    sums = world.rollups.summaries("all", "", *WEEK, NOW, ("learners",))
    monday = sums[JAN[4]]
    assert set(monday.learners) == {world.ids["A"]}
    assert not len(monday.night) and not len(monday.completers) and monday.seconds == 0
    with_data = world.rollups.summaries("all", "", *WEEK, NOW, ("learners", "data"))
    assert with_data[JAN[4]].seconds == 25 * 60 and not len(with_data[JAN[4]].night)


def test_segments(world: World) -> None:
    course = world.rollups.summaries("course", "PY-101", *WEEK, NOW)
    assert {d: len(s.learners) for d, s in course.items() if len(s.learners)} == {
        JAN[4]: 1,
        JAN[5]: 1,
        JAN[6]: 1,
        JAN[9]: 1,
    }
    cohort = world.rollups.summaries("signup_month", "2026-01", *WEEK, NOW)
    assert {d: set(s.learners) for d, s in cohort.items() if len(s.learners)} == {JAN[5]: {world.ids["C"]}}


def test_mark_summarizes_a_signup_day_without_activity(world: World) -> None:
    newcomer = world.add("eve", datetime(2026, 1, 8, 12, tzinfo=UTC))
    world.rollups.mark([JAN[7]], NOW)
    assert newcomer in world.rollups.summaries("all", "", JAN[7], JAN[7], NOW)[JAN[7]].joined


def test_refresh_resummarizes_the_changed_days_once(world: World) -> None:
    assert world.rollups.refresh() >= 0
    assert world.rollups.refresh() == 0  # nothing changed since
    assert active(world, *WEEK)[JAN[5]] == {"B", "C"}


def test_rebuild_recomputes_from_the_raw_activity(world: World) -> None:
    before = active(world, JAN[0], JAN[10])
    report = world.rollups.rebuild(None, None, frozenset())
    assert (report.activities, report.learner_days) == (8, 7)  # A Jan 2, 5, 10; B 6, 7; C 6; D Dec 31
    assert active(world, JAN[0], JAN[10]) == before
    a = world.ids["A"]
    report = world.rollups.rebuild(*WEEK, frozenset({a}))
    assert (report.activities, report.learner_days) == (4, 3)  # B twice, C twice; A left out
    after = active(world, JAN[0], JAN[10])
    assert after == {JAN[1]: {"A"}, JAN[5]: {"B", "C"}, JAN[6]: {"B"}}  # A's Jan 2 lies outside the range


def test_forget_removes_a_learner_from_every_rollup(world: World) -> None:
    a = world.ids["A"]
    world.rollups.forget(a, NOW)
    assert active(world, date(2025, 12, 29), WEEK[1]) == {
        date(2025, 12, 31): {"D"},
        JAN[5]: {"B", "C"},
        JAN[6]: {"B"},
    }
    assert world.risk.current(a) is None and world.risk.history(a, 10) == []


def funnel_counts(w: World, course: str | None, first: date, last: date) -> list[int]:
    return [s.learners for s in w.rollups.funnel(course, first, last, NOW).steps]


def test_the_funnel_of_learners_who_signed_up_on_those_days(world: World) -> None:
    """A, B (Dec 1) and C (Jan 6) signed up; D (Nov 1) did not; each step counts those who reached the one before
    (C enrolled without a login: C stops at first_login). Hours from signup to first login: A 1 Dec 09:00 -> 2 Jan
    11:00 UTC = 770 h, B -> 5 Jan 23:30 UTC = 854.5 h: the median is their mean, 812.25 h."""
    steps = world.rollups.funnel(None, date(2025, 12, 1), JAN[11], NOW).steps
    assert [(s.name, s.learners) for s in steps] == [
        ("signup", 3),
        ("first_login", 2),
        ("first_enrolment", 2),
        ("progress_25", 2),
        ("progress_50", 1),
        ("progress_75", 0),
        ("completion", 0),
    ]
    assert [s.median_hours_from_previous for s in steps][:2] == [None, 812.25]
    assert funnel_counts(world, "PY-101", JAN[11], JAN[19])[0] == 0
    assert funnel_counts(world, "PY-101", date(2025, 12, 1), JAN[11]) == [3, 2, 2, 2, 1, 0, 0]
    assert funnel_counts(world, "NOPE-1", date(2025, 12, 1), JAN[11]) == [3, 2, 0, 0, 0, 0, 0]


def test_the_funnel_follows_new_steps_signups_and_forgotten_learners(world: World) -> None:
    first, last = date(2025, 12, 1), JAN[11]
    world.ingest([login(world.ids["C"], utc(2026, 1, 12, 9)), progress(world.ids["A"], utc(2026, 1, 12, 10), 80, 5)])
    # C logs in (C's 10% stays under 25%); A reaches 80%: 50% and 75% at once
    assert funnel_counts(world, None, first, last) == [3, 3, 3, 2, 2, 1, 0]
    assert funnel_counts(world, "PY-101", first, last) == [3, 3, 3, 2, 2, 1, 0]
    newcomer = world.add("eve", datetime(2026, 1, 8, 12, tzinfo=UTC))
    world.rollups.mark([JAN[7]], NOW)  # what the refresh task does for today's and yesterday's signups
    assert funnel_counts(world, None, first, last)[0] == 4
    world.ingest([progress(newcomer, utc(2026, 1, 12, 11), 100, 30, event="completed")])
    assert funnel_counts(world, "PY-101", first, last) == [4, 3, 3, 2, 2, 1, 0]  # eve never logged in
    world.rollups.forget(world.ids["A"], NOW)
    assert funnel_counts(world, None, first, last) == [4, 2, 2, 1, 1, 0, 0]
    assert world.rollups.refresh() >= 0 and world.rollups.refresh() == 0


def test_signups_per_local_day(world: World) -> None:
    """A and B joined Dec 1, C Jan 6, D Nov 1 (09:00 UTC: the same local day in Berlin)."""
    assert world.rollups.signups(date(2025, 11, 1), JAN[30], NOW) == {
        date(2025, 11, 1): 1,
        date(2025, 12, 1): 2,
        JAN[5]: 1,
    }
    assert world.rollups.signups(date(2025, 12, 2), JAN[4], NOW) == {}
    world.add("eve", datetime(2026, 1, 8, 23, 30, tzinfo=UTC))  # 00:30 on Jan 9 in Berlin: Jan 9's signup
    world.rollups.mark([JAN[8]], NOW)
    assert world.rollups.signups(JAN[7], JAN[8], NOW) == {JAN[8]: 1}
