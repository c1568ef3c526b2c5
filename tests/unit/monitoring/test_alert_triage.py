"""Working an alert: acknowledge (who, when), mute for a while or until resolved, list by state; all audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.monitoring.model import AlertRule, AlertSeverity, AlertState, Finding
from domain.shared.errors import Conflict, NotFound, PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest

from .conftest import ADMIN, AGENT, NOW, World

SPIKE = Finding(AlertRule.SPIKE, "group:1", AlertSeverity.WARNING, "40 events", {"last_hour": 40})
OPS = "ops@example.com"


def _mails(world: World) -> int:
    return len([n for n in world.c.notifier.sent if n.to == OPS])


def _states(world: World, state: AlertState) -> list[int]:
    return [a.id for a in world.c.monitoring.alerts.alerts(AGENT, PageRequest(), state).items]


def test_an_acknowledged_alert_keeps_who_and_when_and_moves_to_acknowledged(world: World) -> None:
    d, triage = world.c.monitoring.detection, world.c.monitoring.alerts
    first, other = (
        d.raise_alert(SPIKE, NOW),
        d.raise_alert(Finding(AlertRule.SPIKE, "group:2", SPIKE.severity, "x"), NOW),
    )
    with pytest.raises(PermissionDenied):
        triage.acknowledge(AGENT, first)
    world.c.clock.set(NOW + timedelta(minutes=5))
    done = triage.acknowledge(ADMIN, first)
    assert (done.acknowledged_at, done.acknowledged_by) == (NOW + timedelta(minutes=5), ADMIN.user_id)
    assert triage.acknowledge(ADMIN, first).acknowledged_at == done.acknowledged_at  # again: the first kept
    assert (_states(world, AlertState.OPEN), _states(world, AlertState.ACKNOWLEDGED)) == ([other], [first])
    world.c.clock.set(NOW + timedelta(minutes=30))
    assert _states(world, AlertState.RESOLVED) == [other, first] and _states(world, AlertState.OPEN) == []
    with pytest.raises(Conflict):
        triage.acknowledge(ADMIN, other)
    with pytest.raises(NotFound):
        triage.acknowledge(ADMIN, 999)
    actions = [e.record.action for e in world.c.audit_log.entries if e.record.action.startswith("monitoring.alert_")]
    assert actions.count("monitoring.alert_acknowledge") == 1


def test_a_muted_alert_is_still_recorded_but_not_delivered(world: World) -> None:
    d, triage = world.c.monitoring.detection, world.c.monitoring.alerts
    d.rulebook.emails = (OPS,)
    first = d.raise_alert(SPIKE, NOW)
    triage.mute(ADMIN, first, 60)
    d.raise_alert(SPIKE, NOW + timedelta(minutes=20))
    d.raise_alert(SPIKE, NOW + timedelta(minutes=40))  # e-mail due again, but muted for the hour
    [alert] = world.c.monitor.alert_rows
    assert (alert.occurrences, alert.evidence["held"], _mails(world)) == (3, "muted", 1)
    d.raise_alert(SPIKE, NOW + timedelta(minutes=61))  # the mute is over
    assert _mails(world) == 2


def test_muted_until_resolved_holds_every_delivery_of_the_alert(world: World) -> None:
    d, triage = world.c.monitoring.detection, world.c.monitoring.alerts
    d.rulebook.emails = (OPS,)
    first = d.raise_alert(SPIKE, NOW)
    muted = triage.mute(ADMIN, first, None)
    assert (muted.mute_until_resolved, muted.muted_until) == (True, None)
    for minutes in (29, 58, 87):
        assert d.raise_alert(SPIKE, NOW + timedelta(minutes=minutes)) == first
    assert _mails(world) == 1
    assert triage.mute(ADMIN, first, 0).muted_at(NOW + timedelta(minutes=87)) is False  # 0 unmutes
    with pytest.raises(Unprocessable):
        triage.mute(ADMIN, first, -5)
    [entry] = [e.record for e in world.c.audit_log.entries if e.record.action == "monitoring.alert_mute"][:1]
    assert entry.details["after"] == {"muted_until": None, "until_resolved": True}
