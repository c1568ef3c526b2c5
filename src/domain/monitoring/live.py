"""Who is online and what they see: sessions, the overview, and the throttled pulse on the monitoring channel."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .events import MonitoringPulse
from .model import ONLINE_WINDOW
from .ports import MonitoringQueries, PulseStore, PulseTimer
from .queries import Overview, SessionDetail, SessionFilter, SessionSummary

PULSE_EVERY = timedelta(seconds=5)
PULSE_SESSIONS = 50


class LiveSessions:
    def __init__(self, queries: MonitoringQueries, audit: AuditTrail, uow: UnitOfWork, clock: Clock):
        self.queries, self.audit, self.uow, self.clock = queries, audit, uow, clock

    def sessions(self, actor: Principal, flt: SessionFilter, page: PageRequest) -> Page[SessionSummary]:
        actor.require(Permission.MONITORING_READ)
        result = self.queries.sessions(flt, page, self.clock.now())
        if flt.user_id is not None:  # one named learner's sessions
            with self.uow:
                self.audit.record(actor, "monitoring.sessions.read", "user", flt.user_id, {})
                self.uow.commit()
        return result

    def session(self, actor: Principal, session_id: int) -> SessionDetail:
        actor.require(Permission.MONITORING_READ)
        detail = self.queries.session(session_id, self.clock.now())
        if detail is None:
            raise NotFound("No such session.", code="session_not_found")
        with self.uow:
            self.audit.record(
                actor, "monitoring.session.read", "session", session_id, {"user_id": detail.summary.user_id}
            )
            self.uow.commit()
        return detail

    def overview(self, actor: Principal) -> Overview:
        actor.require(Permission.MONITORING_READ)
        return self.queries.overview(self.clock.now())


class Pulse:
    """At most one pulse every 5 s across every process: the last pulse's time is a database row moved by
    compare-and-set, so two processes never both publish for one window, and a heartbeat that falls inside a
    window leaves a waiting mark and a delayed task that publishes when the window ends."""

    def __init__(self, store: PulseStore, queries: MonitoringQueries, timer: PulseTimer, uow: UnitOfWork, clock: Clock):
        self.store, self.queries, self.timer, self.uow, self.clock = store, queries, timer, uow, clock

    def beat(self) -> bool:
        """Telemetry arrived: publish now if the last pulse is 5 s old, else make sure one follows."""
        now = self.clock.now()
        last, _ = self.store.last_pulse()
        if last is None or now - last >= PULSE_EVERY:
            return self._publish(last)
        if self.store.set_waiting(True):
            self.timer.later((last + PULSE_EVERY - now).total_seconds())
        return False

    def flush(self) -> bool:
        """The delayed task (and the per-minute backstop): publish the waiting pulse once its window is over."""
        now = self.clock.now()
        last, waiting = self.store.last_pulse()
        if not waiting:
            return False
        if last is not None and now - last < PULSE_EVERY:
            self.timer.later((last + PULSE_EVERY - now).total_seconds())
            return False
        return self._publish(last)

    def _publish(self, last: datetime | None) -> bool:
        now = self.clock.now()
        with self.uow:
            if not self.store.claim(last, now):
                return False
            self.store.set_waiting(False)
            since = last if last is not None else now - ONLINE_WINDOW
            changed = self.queries.changed_sessions(since, now, PULSE_SESSIONS + 1)
            self.uow.publish(MonitoringPulse.of(now, self.queries.online(now), changed, PULSE_SESSIONS))
            self.uow.commit()
        return True
