"""What the security module tells the event stream (the `security` channel: security staff only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import SECURITY
from domain.shared.events import Event

from .model import SecurityEvent, Severity


@dataclass(frozen=True)
class SecurityEventRaised(Event):
    """A security event was stored (its facts stay in the store: read them from GET /api/security/events/)."""

    TYPE = "security.event_raised"
    id: int
    event_type: str
    severity: Severity
    rule: str
    user_id: int | None
    ip: str | None
    timestamp: datetime

    @classmethod
    def of(cls, e: SecurityEvent) -> SecurityEventRaised:
        return cls(e.id, e.event_type, e.severity, e.rule, e.user_id, e.ip, e.timestamp)

    def channels(self) -> tuple[str, ...]:
        return (SECURITY,)


@dataclass(frozen=True)
class SecurityEventResolved(Event):
    TYPE = "security.event_resolved"
    id: int
    user_id: int | None
    resolved_by: int
    resolved_at: datetime

    def channels(self) -> tuple[str, ...]:
        return (SECURITY,)
