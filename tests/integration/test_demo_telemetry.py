"""The demo's hour of telemetry (`make run`) and `manage.py simulate_traffic`, on the real stores."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from domain.monitoring.model import GroupStatus
from domain.monitoring.queries import GroupFilter, SessionFilter
from domain.shared.pagination import PageRequest
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container
from entrypoints.cli.demo_telemetry import ONLINE, ensure_telemetry

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, int, list[str], list[str]]:
    m = container().monitoring
    sessions = m.live.sessions(SYSTEM, SessionFilter(), PageRequest(limit=200)).items
    groups = m.errors.groups(SYSTEM, GroupFilter(), PageRequest(limit=100)).items
    alerts = m.detection.alerts(SYSTEM, PageRequest(limit=100)).items
    return len(sessions), len(groups), sorted(g.status.value for g in groups), sorted(a.rule.value for a in alerts)


def test_the_seed_makes_a_live_hour_once() -> None:
    call_command("seed_demo", users=30, activities_per_user=1, stdout=StringIO())
    assert ensure_telemetry() > 100
    overview = container().monitoring.live.overview(SYSTEM)
    assert overview.online == ONLINE and overview.sessions_last_hour > ONLINE
    sessions, groups, statuses, alerts = _state()
    live = container().monitoring.live.sessions(SYSTEM, SessionFilter(online=True), PageRequest(limit=50)).items
    assert len({s.browser for s in live}) >= 4  # several devices
    assert groups == 4 and GroupStatus.REGRESSED.value in statuses
    assert "regression" in alerts  # open now, with the others the detection run raised
    assert ensure_telemetry() == ONLINE  # a second start only beats for the online learners
    assert _state() == (sessions, groups, statuses, alerts)


def test_simulate_traffic_sends_ticks_and_refuses_bad_options() -> None:
    call_command("seed_demo", users=12, activities_per_user=1, stdout=StringIO())
    out = StringIO()
    call_command("simulate_traffic", learners=5, interval=0.05, ticks=2, seed=3, error_rate=1, stdout=out)
    assert "tick 2:" in out.getvalue()
    assert container().monitoring.live.overview(SYSTEM).online == 5
    with pytest.raises(CommandError, match="--learners"):
        call_command("simulate_traffic", learners=0, ticks=1, stdout=StringIO())
