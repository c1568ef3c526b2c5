"""What the monitoring module tells the event stream (the `monitoring` channel: monitoring staff only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import MONITORING
from domain.shared.events import Event

from .model import Alert, AlertRule, AlertSeverity, GroupStatus
from .queries import SessionSummary


@dataclass(frozen=True)
class SessionPulse:
    id: int
    user_id: int
    online: bool
    url: str
    title: str
    browser: str
    errors: int
    health: int


@dataclass(frozen=True)
class MonitoringPulse(Event):
    """At most every 5 s while telemetry arrives: who is online now and the sessions changed since the last one
    (up to 50; `more` says whether others changed too: re-read GET /api/monitoring/sessions/)."""

    TYPE = "monitoring.pulse"
    at: datetime
    online: int
    changed: tuple[SessionPulse, ...]
    more: bool

    @classmethod
    def of(cls, at: datetime, online: int, changed: list[SessionSummary], limit: int) -> MonitoringPulse:
        pulses = tuple(
            SessionPulse(s.id, s.user_id, s.online, s.url, s.title, s.browser, s.errors, s.health)
            for s in changed[:limit]
        )
        return cls(at, online, pulses, len(changed) > limit)

    def channels(self) -> tuple[str, ...]:
        return (MONITORING,)


@dataclass(frozen=True)
class ErrorGroupChanged(Event):
    """A person triaged a group (status, assignee, merge, linked ticket)."""

    TYPE = "monitoring.group_changed"
    id: int
    status: GroupStatus
    assignee_id: int | None
    ticket_id: int | None
    merged_into: int | None
    by: int

    def channels(self) -> tuple[str, ...]:
        return (MONITORING,)


@dataclass(frozen=True)
class AlertRaised(Event):
    TYPE = "monitoring.alert"
    id: int
    rule: AlertRule
    subject: str
    severity: AlertSeverity
    message: str
    created_at: datetime
    ticket_id: int | None
    occurrences: int = 1  # more than one: the open alert fired again (same id)
    last_seen_at: datetime | None = None

    @classmethod
    def of(cls, a: Alert) -> AlertRaised:
        return cls(
            a.id, a.rule, a.subject, a.severity, a.message, a.created_at, a.ticket_id, a.occurrences, a.last_seen_at
        )

    def channels(self) -> tuple[str, ...]:
        return (MONITORING,)
