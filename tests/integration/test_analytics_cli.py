"""Learner analytics as operators and the scheduler run it: rebuild_rollups, recompute_risk, risk_evaluate without
a cohort, and the Huey tasks (immediate mode)."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from adapters.orm.analytics import models as m
from domain.shared.pagination import PageRequest
from entrypoints.bootstrap import container
from entrypoints.tasks import analytics as tasks
from tests.unit.analytics.data import CS, SERVICE, UX, events, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> dict[str, int]:
    from adapters.orm.accounts.repository import DjangoProfileRepository
    from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
    from domain.accounts.ports import NewLearner

    class Adder:
        def add(self, person: Any) -> Any:
            new = NewLearner(
                person.username,
                person.email,
                "",
                "",
                AccountStatus.ACTIVE,
                PlatformRole.LEARNER,
                SupportPriority.HIGH,
                False,
                None,
            )
            return DjangoProfileRepository().create(new, person.date_joined)

    class World:
        people = Adder()

    ids = people(World())  # type: ignore[arg-type]
    assert container().ingestion.ingest(SERVICE, events(ids)).accepted == 8
    return ids


def test_rebuild_rollups_whole_and_a_range(seeded: dict[str, int]) -> None:
    out = StringIO()
    call_command("rebuild_rollups", "--rescore", stdout=out)
    assert "8 activities" in out.getvalue() and "scored 4 learners" in out.getvalue()
    out = StringIO()
    call_command("rebuild_rollups", "--from", "2026-01-05", "--to", "2026-01-06", stdout=out)
    assert "rebuilt 2026-01-05 to 2026-01-06" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--from", "2026-01-07", "--to", "2026-01-06")
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--from", "yesterday")


def test_rebuild_with_no_activity_empties_the_rollups() -> None:
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "nothing (no activity)" in out.getvalue() and not m.LearnerDay.objects.exists()


def test_rebuild_pending_does_what_the_refresh_task_would(seeded: dict[str, int]) -> None:
    """After an upgrade (migration 0004 marks every signup day's funnel as changed) or a worker outage."""
    assert m.DirtyDay.objects.count() == 6 and m.StaleFunnel.objects.count() == 3
    out = StringIO()
    call_command("rebuild_rollups", "--pending", stdout=out)
    # the 6 activity days and 3 signup days, and (as the task does) today and yesterday for signups, twice
    assert "summarized 13 changed days and signup-day funnels" in out.getvalue()
    assert not m.DirtyDay.objects.exists() and not m.StaleFunnel.objects.exists()
    assert sorted(m.FunnelDay.objects.values_list("course", flat=True)) == ["", "", "", "PY-101", "PY-101"]
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--pending", "--from", "2026-01-05")


def test_recompute_risk_and_the_tasks(seeded: dict[str, int]) -> None:
    out = StringIO()
    call_command("recompute_risk", "--batch", "2", stdout=out)
    assert "scored 4 learners (4 history points)" in out.getvalue()
    tasks.refresh()
    tasks.nightly_risk()
    tasks.rescore([seeded["A"]])
    assert m.RiskScore.objects.count() == 4
    c = container()
    page = c.analytics.at_risk(CS, None, None, PageRequest(limit=1))
    assert len(page.items) == 1 and page.next_cursor
    assert c.analytics.at_risk(CS, None, None, PageRequest(limit=5, cursor=page.next_cursor)).items


def test_segments_on_the_database(seeded: dict[str, int]) -> None:
    c = container()
    first, last = date(2025, 11, 1), date(2026, 1, 20)
    for segment in (
        "support_priority:high",
        "account_status:active",
        "course:PY-101",
        "signup_month:2025-12",
        "enrolment_month:2026-01",
    ):
        figures = c.analytics.cohorts(UX, "first_enrolment_month", "month", segment, None, 0, first, last)
        assert figures.comparison[0].segment == segment
    stops = c.analytics.queries.stops("PY-101", *c.analytics.calendar.bounds(first, last), c.clock.now())
    assert sum(s.learners_lost for s in stops) >= 1


def test_risk_evaluate_without_a_cohort() -> None:
    with pytest.raises(CommandError):
        call_command("risk_evaluate")


def test_reads_leave_fresh_changes_to_the_refresh_task(seeded: dict[str, int]) -> None:
    """With ANALYTICS_STALE_SECONDS, a read does not pay for re-summarizing a day ingestion just changed: the
    every-minute task does (a day that has waited longer is re-summarized by the read itself)."""
    from adapters.orm.analytics.rollups import DjangoRollupStore
    from domain.analytics.days import Calendar

    store = DjangoRollupStore(Calendar("Europe/Berlin"), stale_seconds=3600)
    now = container().clock.now()
    assert store.summaries("all", "", date(2026, 1, 5), date(2026, 1, 11), now) == {}
    assert m.DirtyDay.objects.count() == 6
    assert store.refresh() == 6 + 3  # and the funnels of the three signup days whose learners reached a step
    assert len(store.summaries("all", "", date(2026, 1, 5), date(2026, 1, 11), now)) == 4
