"""Security events: what happened to whom, how bad, which rule said so and with which facts, and who resolved it."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from domain.shared.errors import Conflict, Unprocessable
from domain.shared.pagination import Cursor
from domain.shared.security_events import NewSecurityEvent, Severity

__all__ = ["ALERTING", "EVENTS_CURSOR", "EventFilter", "NewSecurityEvent", "SecurityEvent", "Severity"]

EVENTS_CURSOR = Cursor("security-events", (datetime, int))  # newest first: (timestamp, id)
ALERT_WINDOW = timedelta(minutes=30)  # at most one alert per rule and subject in this window
MAX_NOTE = 2000
MAX_DESCRIPTION = 2000


ALERTING = frozenset({Severity.HIGH, Severity.CRITICAL})  # e-mailed to the security recipients


@dataclass(frozen=True)
class SecurityEvent:
    id: int
    event_type: str
    severity: Severity
    rule: str
    timestamp: datetime
    user_id: int | None
    description: str
    facts: Mapping[str, Any]
    ip: str | None
    user_agent: str
    resolved: bool = False
    resolved_by: int | None = None
    resolved_at: datetime | None = None
    resolution_note: str = ""

    @staticmethod
    def stored(event_id: int, new: NewSecurityEvent) -> SecurityEvent:
        return SecurityEvent(
            event_id,
            new.event_type,
            new.severity,
            new.rule,
            new.timestamp,
            new.user_id,
            new.description[:MAX_DESCRIPTION],
            dict(new.facts),
            clean_ip(new.ip),
            new.user_agent[:512],
        )

    def resolve(self, actor_id: int, at: datetime, note: str) -> SecurityEvent:
        """Resolved once, with a note saying what was done; a resolved event stays resolved."""
        if self.resolved:
            raise Conflict(
                "This security event is already resolved.",
                code="security_event_resolved",
                details={"id": self.id, "resolved_by": self.resolved_by},
            )
        note = note.strip()
        if not note:
            raise Unprocessable("Say how the event was resolved (note).", code="resolution_note_required")
        if len(note) > MAX_NOTE:
            raise Unprocessable(f"note is longer than {MAX_NOTE} characters.", code="resolution_note_too_long")
        return replace(self, resolved=True, resolved_by=actor_id, resolved_at=at, resolution_note=note)


@dataclass(frozen=True)
class EventFilter:
    user_id: int | None = None
    event_type: str | None = None
    severity: Severity | None = None
    resolved: bool | None = None
    ip: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def matches(self, e: SecurityEvent) -> bool:
        return (
            (self.user_id is None or e.user_id == self.user_id)
            and (self.event_type is None or e.event_type == self.event_type)
            and (self.severity is None or e.severity is self.severity)
            and (self.resolved is None or e.resolved is self.resolved)
            and (self.ip is None or e.ip == self.ip)
            and (self.since is None or e.timestamp >= self.since)
            and (self.until is None or e.timestamp < self.until)
        )


def clean_ip(ip: str | None) -> str | None:
    """An IP address in its normal form, or None for anything else (a socket path, garbage)."""
    if not ip:
        return None
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None
