"""Working an alert: list by state, acknowledge it (who, when), mute its deliveries for a while or until resolved."""

from __future__ import annotations

from datetime import timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, NotFound, Unprocessable
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import Alert, AlertState
from .ports import AlertStore

MAX_MUTE_MINUTES = 7 * 24 * 60


class AlertTriage:
    def __init__(self, store: AlertStore, audit: AuditTrail, uow: UnitOfWork, clock: Clock):
        self.store, self.audit, self.uow, self.clock = store, audit, uow, clock

    def alerts(self, actor: Principal, page: PageRequest, state: AlertState | None = None) -> Page[Alert]:
        actor.require(Permission.MONITORING_READ)
        return self.store.alerts(page, state, self.clock.now())

    def acknowledge(self, actor: Principal, alert_id: int) -> Alert:
        """Someone has taken the alert; acknowledging it again keeps the first who and when."""
        actor.require(Permission.MONITORING_MANAGE)
        alert = self._open(alert_id)
        if alert.acknowledged_at is not None:
            return alert
        now = self.clock.now()
        with self.uow:
            done = self.store.mark(alert.id, (now, actor.user_id), alert.muted_until, alert.mute_until_resolved)
            self.audit.record(actor, "monitoring.alert_acknowledge", "alert", alert.id, {"rule": alert.rule.value})
            self.uow.commit()
        return done

    def mute(self, actor: Principal, alert_id: int, minutes: int | None) -> Alert:
        """Hold its e-mails and webhook posts for `minutes`, or (None) for as long as it stays open; 0 unmutes.
        Its firings are still stored, counted and published."""
        actor.require(Permission.MONITORING_MANAGE)
        if minutes is not None and not 0 <= minutes <= MAX_MUTE_MINUTES:
            raise Unprocessable(
                f"minutes is 0 to {MAX_MUTE_MINUTES}, or left out to mute until resolved.",
                details={"fields": [{"loc": ["body", "minutes"], "msg": "out of range", "type": "value_error"}]},
            )
        alert = self._open(alert_id)
        now = self.clock.now()
        until = now + timedelta(minutes=minutes) if minutes else None
        with self.uow:
            done = self.store.mark(alert.id, None, until, minutes is None)
            what = {
                "before": {"muted_until": _iso(alert), "until_resolved": alert.mute_until_resolved},
                "after": {"muted_until": _iso(done), "until_resolved": done.mute_until_resolved},
            }
            self.audit.record(actor, "monitoring.alert_mute", "alert", alert.id, what)
            self.uow.commit()
        return done

    def _open(self, alert_id: int) -> Alert:
        alert = self.store.get(alert_id)
        if alert is None:
            raise NotFound("No such alert.", code="alert_not_found")
        if alert.state_at(self.clock.now()) is AlertState.RESOLVED:
            raise Conflict("The alert is resolved: a new firing opens a new alert.", code="alert_resolved")
        return alert


def _iso(a: Alert) -> str | None:
    return a.muted_until.isoformat() if a.muted_until else None
