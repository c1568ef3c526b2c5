"""A person's security timeline: their security events and every audit entry about them (logins, failures,
throttled attempts, MFA changes and checks, status changes, unblocks, each staff member's access to their data, and
every impersonation session about them), newest first.

The two sources are merged page by page. The cursor carries where each source stopped, and each source is only
ever consumed as a prefix of its own order, so that no entry is skipped or repeated across pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from domain.audit.model import AUDIT_CURSOR, AuditEntry
from domain.shared.pagination import MAX_ID, Cursor, PageRequest

from .model import EVENTS_CURSOR, SecurityEvent, Severity

TIMELINE_CURSOR = Cursor("security-timeline", (datetime, int, int))  # events (timestamp, id), audit seq
_START = (datetime(9999, 12, 31, tzinfo=UTC), MAX_ID, MAX_ID)  # a source not read yet


class TimelineKind(StrEnum):
    SECURITY_EVENT = "security_event"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    UNBLOCK = "unblock"
    MFA = "mfa"  # enrolling, confirming, turning off, recovery codes, the login's code step, failures, admin resets
    STATUS_CHANGE = "status_change"
    STAFF_ACCESS = "staff_access"
    IMPERSONATION = "impersonation"  # a staff member acted (or asked to act) as the person: started, ended, ...
    OTHER = "other"


class TimelineSource(StrEnum):
    SECURITY_EVENT = "security_event"
    AUDIT = "audit"


_BY_ACTION = {
    "auth.login": TimelineKind.LOGIN,
    "auth.login_failed": TimelineKind.LOGIN_FAILED,
    "auth.login_throttled": TimelineKind.LOGIN_THROTTLED,
    "auth.logout": TimelineKind.LOGOUT,
    "auth.unblock": TimelineKind.UNBLOCK,
    "security.unblock": TimelineKind.UNBLOCK,
    **dict.fromkeys(
        [
            "auth.mfa_enrol",
            "auth.mfa_confirm",
            "auth.mfa_disable",
            "auth.mfa_recovery_codes",
            "auth.login_mfa_challenge",
            "auth.mfa_verified",
            "auth.mfa_failed",
            "auth.mfa_throttled",
            "security.mfa_reset_requested",
            "security.mfa_reset_approved",
            "security.mfa_reset_refused",
            "security.mfa_reset",
        ],
        TimelineKind.MFA,
    ),
}


@dataclass(frozen=True)
class TimelineEntry:
    kind: TimelineKind
    at: datetime
    source: TimelineSource
    source_id: int  # the security event's id or the audit entry's seq
    action: str  # the audit action, or the security event's type
    actor_id: int | None
    ip: str | None
    user_agent: str
    severity: Severity | None
    details: Mapping[str, Any]


def classify(entry: AuditEntry, user_id: int) -> TimelineKind:
    r = entry.record
    if r.action in _BY_ACTION:
        return _BY_ACTION[r.action]
    if r.action.startswith("impersonation."):
        return TimelineKind.IMPERSONATION
    if r.action == "profile.update" and "to" in r.details:
        return TimelineKind.STATUS_CHANGE
    if r.actor_id is not None and r.actor_id != user_id:
        return TimelineKind.STAFF_ACCESS
    return TimelineKind.OTHER


def of_audit(entry: AuditEntry, user_id: int) -> TimelineEntry:
    r = entry.record
    return TimelineEntry(
        classify(entry, user_id),
        r.at,
        TimelineSource.AUDIT,
        entry.seq,
        r.action,
        r.actor_id,
        r.ip,
        r.user_agent,
        None,
        dict(r.details),
    )


def of_event(e: SecurityEvent) -> TimelineEntry:
    details = {"rule": e.rule, "description": e.description, "facts": dict(e.facts), "resolved": e.resolved}
    return TimelineEntry(
        TimelineKind.SECURITY_EVENT,
        e.timestamp,
        TimelineSource.SECURITY_EVENT,
        e.id,
        e.event_type,
        None,
        e.ip,
        e.user_agent,
        e.severity,
        details,
    )


@dataclass(frozen=True)
class Position:
    event_at: datetime
    event_id: int
    audit_seq: int

    @staticmethod
    def of(page: PageRequest) -> Position:
        return Position(*(page.after(TIMELINE_CURSOR) or _START))

    def events_page(self, limit: int) -> PageRequest:
        started = (self.event_at, self.event_id) != _START[:2]
        return PageRequest(limit, EVENTS_CURSOR.encode([self.event_at, self.event_id]) if started else None)

    def audit_page(self, limit: int) -> PageRequest:
        return PageRequest(limit, AUDIT_CURSOR.encode([self.audit_seq]) if self.audit_seq != _START[2] else None)

    def cursor(self) -> str:
        return TIMELINE_CURSOR.encode([self.event_at, self.event_id, self.audit_seq])


def merge(
    position: Position,
    events: Sequence[SecurityEvent],
    entries: Sequence[AuditEntry],
    user_id: int,
    limit: int,
    more_beyond: bool,
) -> tuple[list[TimelineEntry], str | None]:
    """Up to `limit` entries, newest first, and the cursor after them (None at the end). `more_beyond` says a
    source holds rows past what it returned."""
    i = j = 0
    out: list[TimelineEntry] = []
    while len(out) < limit and (i < len(events) or j < len(entries)):
        if j >= len(entries) or (i < len(events) and events[i].timestamp >= entries[j].record.at):
            out.append(of_event(events[i]))
            i += 1
        else:
            out.append(of_audit(entries[j], user_id))
            j += 1
    if not (more_beyond or i < len(events) or j < len(entries)):
        return out, None
    after = Position(
        events[i - 1].timestamp if i else position.event_at,
        events[i - 1].id if i else position.event_id,
        entries[j - 1].seq if j else position.audit_seq,
    )
    return out, after.cursor()
