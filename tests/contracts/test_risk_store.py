"""RiskStore, held by the in-memory fake and DjangoRiskStore alike (SQLite here, PostgreSQL in the PostgreSQL pass),
on the hand-checked week of tests/unit/analytics/data.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.analytics.risk import Band, RiskScore
from domain.shared.pagination import PageRequest
from tests.unit.analytics.data import NOW, progress, utc

from . import analytics_world
from .analytics_world import World

world = analytics_world.world
pytestmark = pytest.mark.django_db


def test_batches_of_every_learner_ascending(world: World) -> None:
    a, b, c, d = (world.ids[k] for k in "ABCD")
    assert list(world.risk.batches(2)) == [[a, b], [c, d]]
    assert list(world.risk.batches(3, after=b)) == [[c, d]]


def test_norms_and_indicators_use_data_from_before_the_day_only(world: World) -> None:
    assert dict(world.risk.norms(date(2026, 1, 12))) == {("PY-101", 0): 35.0, ("PY-101", 1): 40.0}
    as_of = date(2026, 1, 8)
    found = world.risk.indicators(list(world.ids.values()), as_of, world.risk.norms(as_of))
    by_name = {name: found[uid] for name, uid in world.ids.items()}
    assert {k: (i.days_since_active, i.tenure_days, i.weekly_minutes[-1]) for k, i in by_name.items()} == {
        "A": (3, 38, 25),
        "B": (1, 38, 70),
        "C": (2, 2, 9),
        "D": (8, 68, 0),
    }  # A's Saturday, Jan 10, is after the day
    assert by_name["D"].progress_gap is None and by_name["A"].courses_finished == 0


def score(uid: int, value: float, band: Band, minutes: int = 0) -> RiskScore:
    return RiskScore(uid, value, band, (), NOW + timedelta(minutes=minutes))


def test_save_current_history_and_the_profile(world: World) -> None:
    a, b = world.ids["A"], world.ids["B"]
    assert world.risk.current(a) is None
    assert world.risk.save([score(a, 40.0, Band.MEDIUM), score(b, 10.0, Band.LOW)]) == 2
    assert world.risk.save([score(a, 40.5, Band.MEDIUM, 1)]) == 0  # did not move
    assert world.risk.save([score(a, 70.0, Band.HIGH, 2)]) == 1
    current = world.risk.current(a)
    assert current is not None and (current.score, current.band) == (70.0, Band.HIGH)
    assert world.profile_risk(a) == 70.0 and world.profile_risk(b) == 10.0
    assert [(h.score, h.band) for h in world.risk.history(a, 10)] == [(70.0, Band.HIGH), (40.0, Band.MEDIUM)]
    assert [h.score for h in world.risk.history(a, 1)] == [70.0]


def test_at_risk_highest_score_first(world: World) -> None:
    a, b, c, d = (world.ids[k] for k in "ABCD")
    world.risk.save(
        [
            score(a, 40.0, Band.MEDIUM),
            score(b, 10.0, Band.LOW),
            score(c, 80.0, Band.CRITICAL),
            score(d, 75.0, Band.HIGH),
        ]
    )
    active = ["active"]
    first = world.risk.at_risk(None, None, active, PageRequest(limit=2))
    assert [s.user_id for s in first.items] == [c, d] and first.next_cursor
    rest = world.risk.at_risk(None, None, active, PageRequest(limit=2, cursor=first.next_cursor))
    assert [s.user_id for s in rest.items] == [a, b]
    assert [s.user_id for s in world.risk.at_risk(None, Band.LOW, active, PageRequest(limit=10)).items] == [b]
    assert [s.user_id for s in world.risk.at_risk("PY-101", None, active, PageRequest(limit=10)).items] == [c, a, b]


def test_at_risk_names_the_learner_and_filters_by_account_status(world: World) -> None:
    a, b, c = (world.ids[k] for k in "ABC")
    world.risk.save([score(a, 40.0, Band.MEDIUM), score(b, 10.0, Band.LOW), score(c, 80.0, Band.CRITICAL)])
    world.set_status(c, "suspended")
    first = world.risk.at_risk(None, None, ["active"], PageRequest(limit=10)).items
    assert [(s.user_id, s.username, s.email, s.account_status) for s in first] == [
        (a, "alice", "alice@example.com", "active"),
        (b, "bruno", "bruno@example.com", "active"),
    ]
    assert first[0].score.score == 40.0 and first[0].score.band is Band.MEDIUM
    suspended = world.risk.at_risk(None, None, ["suspended", "archived"], PageRequest(limit=10)).items
    assert [(s.user_id, s.account_status) for s in suspended] == [(c, "suspended")]
    both = world.risk.at_risk(None, None, ["active", "suspended"], PageRequest(limit=2))
    assert [s.user_id for s in both.items] == [c, a] and both.next_cursor


def test_learners_activity_and_completions(world: World) -> None:
    a, b = world.ids["A"], world.ids["B"]
    assert world.risk.learner_exists(a) and not world.risk.learner_exists(a + 10_000)
    assert world.risk.validation_cohort() == []
    everyone = list(world.ids.values())
    assert world.risk.active_between(everyone, date(2026, 1, 7), date(2026, 1, 9)) == {b}
    assert world.risk.active_between(everyone, date(2026, 1, 1), date(2026, 1, 5)) == {a}
    world.ingest([progress(b, utc(2026, 1, 12, 10), 100, 5, "m4", event="completed")])
    assert world.risk.completed_by(everyone, date(2026, 1, 11)) == set()
    assert world.risk.completed_by(everyone, date(2026, 1, 12)) == {b}
