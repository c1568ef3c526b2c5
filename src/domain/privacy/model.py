"""Privacy: consent records, privacy requests (export, erasure) and their stage machine, legal holds, retention.

A consent is never edited: every grant and every withdrawal is a new row, and the current state of a type is its
newest row. A privacy request owns its stages (Moodle's: awaiting approval, approved, processing, download ready /
erased, or rejected, cancelled, expired) and refuses a move that does not fit with a stable code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.shared.errors import Conflict, PermissionDenied

DEFAULT_TYPES = ("terms", "privacy", "marketing", "analytics", "session_recording")
MARKETING, PRIVACY, ANALYTICS, SESSION_RECORDING = "marketing", "privacy", "analytics", "session_recording"
EXPORT_TASK, ERASE_TASK = "privacy.export", "privacy.erase"  # background tasks: privacy_request=
STALL_AFTER = timedelta(minutes=2)  # a processing request whose heartbeat is older is taken up again
MAX_REASON = 2000


class ConsentSource(StrEnum):
    """Who recorded a change: the learner themself, or staff on their word. No import column and no service
    endpoint records consents (docs/compliance.md): a source is added with the path that writes it."""

    LEARNER = "learner"
    STAFF = "staff"


@dataclass(frozen=True)
class ConsentRecord:
    """One grant or withdrawal: who (the learner, or the staff member), when, from where, which text version.
    `user_id` is None once the person is erased: the row stays as an anonymous count."""

    id: int
    user_id: int | None
    consent_type: str
    granted: bool
    version: str
    source: ConsentSource
    actor_id: int | None
    reason: str
    at: datetime


@dataclass(frozen=True)
class NewConsent:
    user_id: int
    consent_type: str
    granted: bool
    version: str
    source: ConsentSource
    actor_id: int | None
    reason: str
    at: datetime


@dataclass(frozen=True)
class ConsentState:
    """The current state of one type: its newest row, or (no row) what the account was created with."""

    consent_type: str
    granted: bool
    version: str | None = None
    source: ConsentSource | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class ConsentSettings:
    """The consent types and the current version of each one's text (PRIVACY_CONSENT_TYPES)."""

    versions: Mapping[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULT_TYPES, "1"))

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self.versions)


class RequestKind(StrEnum):
    EXPORT = "export"
    ERASURE = "erasure"


class Stage(StrEnum):
    PENDING = "pending"  # an export, queued
    AWAITING_APPROVAL = "awaiting_approval"  # an erasure, for a compliance officer
    COOLING_OFF = "cooling_off"  # an approved erasure, cancellable until `erase_after`
    PROCESSING = "processing"
    DOWNLOAD_READY = "download_ready"
    COMPLETED = "completed"  # the person is erased
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # an export whose link (and file) is gone
    FAILED = "failed"


S = Stage
OPEN = frozenset({S.PENDING, S.AWAITING_APPROVAL, S.COOLING_OFF, S.PROCESSING})  # one per kind per person
CANCELLABLE = frozenset({S.PENDING, S.AWAITING_APPROVAL, S.COOLING_OFF})


@dataclass
class PrivacyRequest:
    id: int
    kind: RequestKind
    user_id: int
    requested_by: int  # 0: the system (a profile's data_retention_date)
    reason: str
    created_at: datetime
    stage: Stage
    decided_by: int | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    erase_after: datetime | None = None
    finished_at: datetime | None = None
    cancelled_by: int | None = None
    heartbeat_at: datetime | None = None
    attempts: int = 0
    file_key: str = ""
    file_size: int = 0
    expires_at: datetime | None = None
    results: dict[str, Any] = field(default_factory=dict)  # export: counts per area; erasure: rows per area

    def _refuse(self, what: str) -> Conflict:
        details = {"stage": self.stage.value, "id": self.id}
        if self.stage is S.PROCESSING:
            return Conflict(
                f"A request being processed cannot be {what}.", code="privacy_request_processing", details=details
            )
        if self.stage in OPEN:
            return Conflict(
                f"A request {self.stage.value} cannot be {what}.", code="privacy_request_not_awaiting", details=details
            )
        return Conflict(f"The request is {self.stage.value} already.", code="privacy_request_finished", details=details)

    def decide(self, approver: int, approve: bool, reason: str, now: datetime, cooloff: timedelta) -> None:
        if self.stage is not S.AWAITING_APPROVAL:
            raise self._refuse("approved or rejected")
        if approver in (self.requested_by, self.user_id):
            raise PermissionDenied(
                "Another compliance officer decides on a request you made or that is about you.",
                code="own_privacy_request",
            )
        self.decided_by, self.decided_at, self.decision_reason = approver, now, reason
        if approve:
            self.stage, self.erase_after = S.COOLING_OFF, now + cooloff
        else:
            self.stage, self.finished_at = S.REJECTED, now

    def cancel(self, by: int, now: datetime) -> None:
        if self.stage not in CANCELLABLE:
            raise self._refuse("cancelled")
        self.stage, self.cancelled_by, self.finished_at = S.CANCELLED, by, now

    def due(self, now: datetime) -> bool:
        """An erasure whose cool-off is over (a legal hold may still keep it waiting)."""
        return self.stage is S.COOLING_OFF and self.erase_after is not None and self.erase_after <= now

    def start(self, now: datetime) -> None:
        self.stage, self.heartbeat_at, self.attempts = S.PROCESSING, now, self.attempts + 1

    def stalled(self, now: datetime) -> bool:
        return self.stage is S.PROCESSING and (self.heartbeat_at is None or now - self.heartbeat_at > STALL_AFTER)

    def ready(self, key: str, size: int, counts: dict[str, int], now: datetime, ttl: timedelta) -> None:
        self.stage, self.file_key, self.file_size, self.finished_at = S.DOWNLOAD_READY, key, size, now
        self.expires_at, self.results = now + ttl, dict(counts)

    def erased(self, counts: dict[str, int], now: datetime) -> None:
        self.stage, self.finished_at, self.results = S.COMPLETED, now, dict(counts)

    def expire(self, now: datetime) -> None:
        self.stage, self.file_key = S.EXPIRED, ""
        self.finished_at = self.finished_at or now

    def fail(self, why: str, now: datetime) -> None:
        self.stage, self.finished_at = S.FAILED, now
        self.results["reason"] = why


@dataclass(frozen=True)
class NewRequest:
    kind: RequestKind
    user_id: int
    requested_by: int
    reason: str
    created_at: datetime
    stage: Stage


@dataclass
class LegalHold:
    """Keeps a person's data: no erasure and no retention purge while it is active."""

    id: int
    user_id: int
    reason: str
    placed_by: int
    placed_at: datetime
    ends_at: datetime | None = None
    released_by: int | None = None
    released_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.released_at is None and (self.ends_at is None or now < self.ends_at)

    def release(self, by: int, now: datetime) -> None:
        if not self.active(now):
            raise Conflict("The legal hold is not active.", code="legal_hold_inactive", details={"id": self.id})
        self.released_by, self.released_at = by, now


class DataClass(StrEnum):
    """What retention removes, each after its own period (PRIVACY_RETENTION_DAYS)."""

    ACTIVITY = "activity"
    CLOSED_TICKETS = "closed_tickets"
    SECURITY_EVENTS = "security_events"
    EXPIRED_SESSIONS = "expired_sessions"
    DELIVERED_OUTBOX = "delivered_outbox"
    BULK_OPERATIONS = "bulk_operations"
    PRIVACY_EXPORTS = "privacy_exports"
    SESSION_RECORDINGS = "session_recordings"


# the person each class's rows belong to is skipped while under a legal hold (the others are not about one person)
PERSONAL = frozenset(
    {
        DataClass.ACTIVITY,
        DataClass.CLOSED_TICKETS,
        DataClass.SECURITY_EVENTS,
        DataClass.EXPIRED_SESSIONS,
        DataClass.SESSION_RECORDINGS,
        DataClass.PRIVACY_EXPORTS,
    }
)
DEFAULT_RETENTION_DAYS: dict[DataClass, int] = {
    DataClass.ACTIVITY: 730,
    DataClass.CLOSED_TICKETS: 1095,
    DataClass.SECURITY_EVENTS: 365,
    DataClass.EXPIRED_SESSIONS: 30,
    DataClass.DELIVERED_OUTBOX: 30,
    DataClass.BULK_OPERATIONS: 90,
    DataClass.PRIVACY_EXPORTS: 0,  # days after the download link expired
    DataClass.SESSION_RECORDINGS: 14,
}


@dataclass(frozen=True)
class RetentionRun:
    id: int
    data_class: DataClass
    dry_run: bool
    rows: int
    started_at: datetime
    duration_ms: int
    cutoff: datetime
