"""Engagement on the hand-checked data set (data.py): every figure written out."""

from __future__ import annotations

from datetime import date

import pytest

from domain.analytics.facts import FixedExclusions
from domain.analytics.learnerset import LearnerSet, union, window_counts
from domain.shared.errors import InvalidInput, NotFound, PermissionDenied
from entrypoints.harness import TestContainer

from .data import AGENT, CS, SERVICE, UX, WEEK, load, login, utc


def test_a_week_by_hand(harness: TestContainer) -> None:
    load(harness)
    e = harness.analytics.engagement(UX, *WEEK, "week", None)
    assert (e.active, e.dau, e.wau, e.mau, e.stickiness) == (3, 0.71, 3, 4, 0.1775)
    assert (e.minutes, e.median_day_minutes, e.p90_day_minutes) == (109, 9, 70)
    [week] = e.series
    assert (week.start, week.end, week.active, week.minutes_per_active) == (*WEEK, 3, 36.33)
    assert (week.lifecycle.new, week.lifecycle.returning) == (1, 1)
    assert (week.lifecycle.resurrecting, week.lifecycle.dormant) == (1, 1)
    shares = {p.name: (p.learners, p.share) for p in e.patterns}
    assert shares == {
        "night": (2, 0.6667),
        "weekend": (1, 0.3333),
        "deep_sessions": (1, 0.3333),
        "short_sessions": (1, 0.3333),
    }
    assert sum(map(sum, e.heatmap)) == 5
    assert e.heatmap[0][23] == 1  # A, Monday 23:30 local
    assert e.heatmap[1][0] == 1 and e.heatmap[1][11] == 1  # B Tuesday 00:30, C Tuesday 11:00
    assert e.heatmap[2][18] == 1 and e.heatmap[5][10] == 1
    assert e.today_by_hour is None  # today (Jan 20) is outside the range


def test_days_are_local_days(harness: TestContainer) -> None:
    """23:30 local on Monday is Monday; 00:30 local on Tuesday (23:30 UTC on Monday) is Tuesday."""
    load(harness)
    e = harness.analytics.engagement(UX, *WEEK, "day", None)
    assert [p.dau for p in e.series] == [1, 2, 1, 0, 0, 1, 0]
    assert [p.active for p in e.series] == [1, 2, 1, 0, 0, 1, 0]
    assert e.series[0].wau == 2  # Tue Dec 30 .. Mon Jan 5: D (Dec 31), A (Jan 2 and 5)


def test_segments_and_months(harness: TestContainer) -> None:
    load(harness)
    course = harness.analytics.engagement(UX, *WEEK, "week", "course:PY-101")
    assert (course.active, course.minutes) == (3, 109)  # B's login is not course activity, his progress is
    cohort = harness.analytics.engagement(UX, *WEEK, "week", "signup_month:2026-01")
    assert cohort.active == 1  # C
    month = harness.analytics.engagement(UX, date(2026, 1, 1), date(2026, 1, 11), "month", None)
    assert month.series[0].active == 3 and month.series[0].lifecycle.dormant == 1  # D: December only


def test_today_by_hour(harness: TestContainer) -> None:
    ids = load(harness)
    harness.ingestion.ingest(SERVICE, [login(ids["A"], utc(2026, 1, 20, 7)), login(ids["B"], utc(2026, 1, 20, 7, 5))])
    e = harness.analytics.engagement(UX, date(2026, 1, 14), date(2026, 1, 20), "day", None)
    assert e.today_by_hour is not None and e.today_by_hour[8] == 2 and sum(e.today_by_hour) == 2


def test_withdrawn_consent_and_exclusions(harness: TestContainer) -> None:
    harness.analytics.exclusions = FixedExclusions(frozenset({1001}))  # B (ids start at 1000)
    ids = load(harness)
    assert ids["B"] == 1001
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 2
    harness.analytics.exclusions = FixedExclusions(frozenset())
    harness.analytics.rebuild(None, None)
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 3
    harness.analytics.forget_learner(ids["A"])  # consent withdrawn later
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 2


def test_impersonated_activity_is_left_out_through_the_one_predicate(
    harness: TestContainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seam issue 11 extends: counted_activity (and its SQL twin) decides for ingestion and rebuild alike."""
    import adapters.memory.analytics as memory
    import domain.analytics.service as service

    def counted(activity_type: str, data: object) -> bool:
        return not (isinstance(data, dict) and data.get("impersonated_by"))

    monkeypatch.setattr(service, "counted_activity", counted)
    monkeypatch.setattr(memory, "counted_activity", counted)
    ids = load(harness)
    item = {**login(ids["D"], utc(2026, 1, 7, 9)), "activity_data": {"impersonated_by": 7}}
    harness.ingestion.ingest(SERVICE, [item])
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 3
    harness.analytics.rebuild(None, None)
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 3


def test_rollups_equal_a_recomputation(harness: TestContainer) -> None:
    load(harness)
    before = (
        dict(harness.analytics_store.learner_days),
        dict(harness.analytics_store.course_days),
        dict(harness.analytics_store.journeys),
    )
    harness.analytics.rebuild(None, None)
    after = (
        harness.analytics_store.learner_days,
        harness.analytics_store.course_days,
        harness.analytics_store.journeys,
    )
    assert before == after


def test_permissions_ranges_and_segments(harness: TestContainer) -> None:
    load(harness)
    with pytest.raises(PermissionDenied):
        harness.analytics.engagement(AGENT, *WEEK, "day", None)
    assert harness.analytics.engagement(CS, *WEEK, "day", None).active == 3
    with pytest.raises(InvalidInput) as bad:
        harness.analytics.engagement(UX, date(2026, 1, 11), date(2026, 1, 5), "day", None)
    assert bad.value.code == "invalid_range"
    with pytest.raises(InvalidInput) as bad:
        harness.analytics.engagement(UX, *WEEK, "day", "colour:blue")
    assert bad.value.code == "invalid_segment"
    with pytest.raises(NotFound):
        harness.analytics.engagement(UX, *WEEK, "day", "course:NOPE-1")
    with pytest.raises(InvalidInput):
        harness.analytics.engagement(UX, *WEEK, "hour", None)


def test_answers_are_cached_for_a_minute(harness: TestContainer) -> None:
    ids = load(harness)
    first = harness.analytics.engagement(UX, *WEEK, "week", None)
    harness.ingestion.ingest(SERVICE, [login(ids["D"], utc(2026, 1, 8, 9))])
    assert harness.analytics.engagement(UX, *WEEK, "week", None) is first
    harness.clock.advance(seconds=61)
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 4


def test_learner_sets_and_window_counts() -> None:
    sets = [LearnerSet.of(ids) for ids in ([1, 5], [2], [], [5, 9], [700], [1], [3], [2, 4], [8])]
    for window in (1, 2, 3, 7, 30):
        expected = {i: len(union(sets[max(0, i - window + 1) : i + 1])) for i in range(len(sets))}
        assert window_counts(sets, window, range(len(sets))) == expected  # many windows: shared prefixes, suffixes
        assert window_counts(sets, window, [8]) == {8: expected[8]}  # one window: one union
    assert window_counts(sets, 3, range(len(sets)))[4] == 3  # {5, 9} | {} | {700}
    s = LearnerSet.of([3, 64, 1_000_000])
    assert list(s) == [3, 64, 1_000_000] and len(s) == 3 and 64 in s and 65 not in s
    assert LearnerSet.load(s.dump()) == s and LearnerSet.load(LearnerSet().dump()) == LearnerSet()
    assert list(s - LearnerSet.of([64])) == [3, 1_000_000]


def test_days_far_out_are_refused(harness: TestContainer) -> None:
    for start, end in ((date(1, 1, 1), None), (None, date(9999, 12, 31))):
        with pytest.raises(InvalidInput):
            harness.analytics.engagement(UX, start, end, "day", None)
        with pytest.raises(InvalidInput):
            harness.analytics.cohorts(UX, "signup_month", "month", None, None, 1, start, end)


def test_a_learner_who_withdrew_analytics_consent_is_left_out(harness: TestContainer) -> None:
    """The wiring of privacy's consents into analytics: withdrawing `analytics` keeps the learner's activity out."""
    from domain.shared.principal import Principal

    from .data import NOW, events, people

    harness.clock.set(NOW)
    ids = people(harness)
    bruno = Principal(ids["B"], "bruno")
    harness.privacy.consents.change_mine(bruno, {"analytics": False})
    assert harness.ingestion.ingest(SERVICE, events(ids)).accepted == 8
    e = harness.analytics.engagement(UX, *WEEK, "week", None)
    assert e.active == 2 and e.minutes == 39  # alice and chen; bruno's 70 minutes are not counted


def test_withdrawing_analytics_consent_takes_the_learner_out_of_past_days_too(harness: TestContainer) -> None:
    from domain.shared.principal import Principal

    ids = load(harness)
    assert harness.analytics.engagement(UX, *WEEK, "week", None).active == 3
    harness.privacy.consents.change_mine(Principal(ids["B"], "bruno"), {"analytics": False})
    e = harness.analytics.engagement(UX, *WEEK, "week", None)
    assert e.active == 2 and e.minutes == 39
