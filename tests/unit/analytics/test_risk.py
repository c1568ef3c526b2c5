"""The at-risk score: weights, severities and reasons by hand; scoring from the rollups; the audited reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.analytics.evaluation import auc, evaluate, precision_at
from domain.analytics.risk import WEIGHTS, Band, Indicators, SupportFacts, band_of, calculate_user_risk_score
from domain.shared.errors import NotFound, PermissionDenied
from domain.shared.pagination import PageRequest
from entrypoints.harness import TestContainer

from .data import CS, SERVICE, UX, load, login, progress, utc

AT = datetime(2026, 1, 20, tzinfo=UTC)


def test_weights_add_up_to_100() -> None:
    assert sum(WEIGHTS.values()) == 100


def test_a_score_and_its_reasons_by_hand() -> None:
    ind = Indicators(
        as_of=date(2026, 1, 20),
        tenure_days=90,
        days_since_active=17,
        weekly_minutes=(120, 90, 40, 10),
        progress_gap=-20.0,
        courses_finished=2,
        courses_dropped=1,
        failed_logins=3,
        security_events=0,
        support=SupportFacts(open_tickets=1, escalated_tickets=1, low_ratings=0),
    )
    s = calculate_user_risk_score(7, ind, AT)
    # inactivity (17-3)/25 x 32 = 17.9; the slope -38/week over a mean of 65 saturates the trend (20);
    # 20 points behind the median: 0.5 x 20 = 10; tickets 0.4 + 0.6 = 1 x 7; 1 of 2 dropped x 8 = 4; 3/6 x 6 = 3
    assert [(r.indicator, r.contribution) for r in s.reasons] == [
        ("minutes_trend", 20.0),
        ("inactivity", 17.9),
        ("progress_behind", 10.0),
        ("tickets", 7.0),
        ("completion", 4.0),
        ("security", 3.0),
    ]
    assert (s.score, s.band) == (61.9, Band.HIGH)
    assert s.reasons[1].detail == "no activity for 17 days"
    assert s.reasons[0].detail == "weekly minutes went 120 -> 90 -> 40 -> 10 (slope -38/week)"
    assert len(s.top_reasons) == 3


def test_a_steady_learner_scores_low_and_a_silent_one_high() -> None:
    steady = Indicators(date(2026, 1, 20), 60, 1, (60, 65, 70, 60), 5.0, 1, 0, 0, 0)
    assert calculate_user_risk_score(1, steady, AT).band is Band.LOW
    silent = Indicators(date(2026, 1, 20), 60, 40, (0, 0, 0, 0), -45.0, 2, 2, 6, 1, SupportFacts(1, 0, 1))
    s = calculate_user_risk_score(2, silent, AT)
    # 32 (40 days) + 10 (no minutes in 4 weeks: half the trend) + 20 (45 behind) + 8 (2 of 2 dropped)
    # + 6 (security saturated) + 2.8 (one open ticket: 0.4 x 7) + 7 (a low rating)
    assert s.band is Band.CRITICAL and s.score == 85.8


def test_bands() -> None:
    assert [band_of(x) for x in (0, 24.9, 25, 49.9, 50, 74.9, 75, 100)] == [
        Band.LOW,
        Band.LOW,
        Band.MEDIUM,
        Band.MEDIUM,
        Band.HIGH,
        Band.HIGH,
        Band.CRITICAL,
        Band.CRITICAL,
    ]


def test_auc_precision_and_calibration_by_hand() -> None:
    scores, outcomes = [90, 80, 70, 60, 50, 40, 30, 20, 10, 5], [True, True, False, True] + [False] * 6
    assert auc(scores, outcomes) == pytest.approx(20 / 21)  # one of the 21 positive/negative pairs is inverted
    assert auc([1, 1], [True, False]) == 0.5
    assert precision_at(scores, outcomes, 0.2) == 1.0
    e = evaluate(scores, outcomes)
    assert [(b.band.value, b.learners) for b in e.calibration] == [
        ("low", 3),
        ("medium", 2),
        ("high", 3),
        ("critical", 2),
    ]
    assert e.calibration[3].observed_rate == 1.0 and e.calibration[2].observed_rate == pytest.approx(1 / 3)
    assert "AUC" in "\n".join(e.lines())


def test_scores_from_the_rollups_and_the_audited_read(harness: TestContainer) -> None:
    ids = load(harness)
    [a] = harness.analytics.score([ids["A"]])
    assert a.score > 0 and {r.indicator for r in a.reasons} >= {"inactivity"}
    # relevant events rescore after commit: the profile's risk_score is the score
    assert harness.tasks.run_pending() == 1  # ingestion queued the rescore of the batch's learners
    assert set(harness.analytics_store.scores) == set(ids.values())
    assert harness.people.profiles[ids["A"]].risk_score == harness.analytics_store.scores[ids["A"]].score
    view = harness.analytics.risk_of(CS, ids["A"])
    assert view.score.user_id == ids["A"] and len(view.history) == 1
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_id) == ("risk.read", str(ids["A"]))
    with pytest.raises(PermissionDenied):
        harness.analytics.risk_of(UX, ids["A"])
    assert harness.audit_log.entries[-1].record.action == "access.denied"
    with pytest.raises(NotFound):
        harness.analytics.risk_of(CS, 999_999)


def test_history_grows_when_the_score_moves(harness: TestContainer) -> None:
    ids = load(harness)
    harness.analytics.rescore([ids["C"]])
    harness.clock.advance(days=20)
    harness.analytics.rescore([ids["C"]])  # 20 more days of silence
    history = harness.analytics.risk_of(CS, ids["C"]).history
    assert len(history) == 2 and history[0].score > history[1].score


def test_ingestion_queues_a_rescore_for_relevant_events(harness: TestContainer) -> None:
    ids = load(harness)
    harness.ingestion.ingest(SERVICE, [progress(ids["B"], utc(2026, 1, 19, 9), 70, 30)])
    assert harness.tasks.pending[-1] == ("analytics.rescore", {"user_ids": [ids["B"]]})
    queued = len(harness.tasks.pending)
    harness.ingestion.ingest(SERVICE, [{**login(ids["B"], utc(2026, 1, 19, 10)), "activity_type": "page.view"}])
    assert len(harness.tasks.pending) == queued


def test_nightly_recompute_and_the_at_risk_list(harness: TestContainer) -> None:
    ids = load(harness)
    report = harness.analytics.recompute_all(batch=2)
    assert report.learners == 4
    page = harness.analytics.at_risk(CS, None, None, PageRequest(limit=2))
    assert len(page.items) == 2 and page.next_cursor
    rest = harness.analytics.at_risk(CS, None, None, PageRequest(limit=2, cursor=page.next_cursor))
    ordered = [s.score.score for s in [*page.items, *rest.items]]
    assert ordered == sorted(ordered, reverse=True) and len(ordered) == 4
    assert harness.audit_log.entries[-1].record.action == "risk.list"
    with pytest.raises(PermissionDenied):
        harness.analytics.at_risk(UX, None, None, PageRequest())
    enrolled = harness.analytics.at_risk(CS, "PY-101", None, PageRequest())
    assert {s.user_id for s in enrolled.items} <= {ids["A"], ids["B"], ids["C"]}
    _ = timedelta
