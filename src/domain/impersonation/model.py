"""An impersonation session: a staff member acting as a learner, with a reason, a scope and a time limit.

The state machine: a request that needs a second admin waits in `pending_approval` until it is approved (it
becomes `active`), rejected, or left unanswered for APPROVAL_WINDOW (`approval_expired`); an active session ends
when its impersonator (or an admin) ends it, when either person is suspended (`ended`), or at `expires_at`
(`expired`). Time-driven states are exact: `status_at(now)` answers them from the clock, whether or not a sweep
has written them down yet."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from domain.shared.errors import Conflict
from domain.shared.pagination import Cursor

APPROVAL_WINDOW = timedelta(minutes=30)
MIN_REASON = 15
MAX_REASON = 1000
DEFAULT_MINUTES = 15
MAX_MINUTES = 60
MAX_NOTE = 1000
TOKEN_PREFIX = "imp_"  # noqa: S105 (a prefix, not a secret): tells the edge which store resolves the token
SESSIONS_CURSOR = Cursor("impersonations", (datetime, int))  # newest request first


class ImpersonationScope(StrEnum):
    READ = "read"
    WRITE = "write"


class ImpersonationStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    ACTIVE = "active"
    REJECTED = "rejected"
    APPROVAL_EXPIRED = "approval_expired"
    ENDED = "ended"
    EXPIRED = "expired"


OPEN = frozenset({ImpersonationStatus.PENDING_APPROVAL, ImpersonationStatus.ACTIVE})


class EndReason(StrEnum):
    ENDED_BY_IMPERSONATOR = "ended_by_impersonator"
    ENDED_BY_ADMIN = "ended_by_admin"
    CANCELLED = "cancelled"  # a pending request withdrawn by its requester
    IMPERSONATOR_SUSPENDED = "impersonator_suspended"
    TARGET_SUSPENDED = "target_suspended"
    IMPERSONATOR_LOST_PERMISSION = "impersonator_lost_permission"
    TIME_LIMIT = "time_limit"
    APPROVAL_TIMEOUT = "approval_timeout"


class ApprovalReason(StrEnum):
    """Why a request waits for a second admin (one or more)."""

    REQUESTER_NEEDS_APPROVAL = "requester_needs_approval"  # support agents always ask
    TARGET_IS_STAFF = "target_is_staff"
    URGENT_WATCH_LIST = "urgent_watch_list"
    WRITE_SCOPE = "write_scope"
    LONG_SESSION = "long_session"  # more minutes than the run-time approvals policy lets go without a second admin


@dataclass(frozen=True)
class PersonRef:
    id: int
    username: str
    name: str


@dataclass
class Impersonation:
    """One session (or request for one). `token_hash` is the SHA-256 of its bearer token, never the token."""

    impersonator: PersonRef
    target: PersonRef
    reason: str
    scope: ImpersonationScope
    minutes: int
    requested_at: datetime
    token_hash: str
    ticket_id: int | None = None
    approval_reasons: tuple[ApprovalReason, ...] = ()
    target_was_active: bool = True
    status: ImpersonationStatus = ImpersonationStatus.PENDING_APPROVAL
    decided_by: int | None = None
    decided_at: datetime | None = None
    decision_note: str = ""
    started_at: datetime | None = None
    expires_at: datetime | None = None
    ended_at: datetime | None = None
    ended_by: int | None = None
    end_reason: EndReason | None = None
    id: int = 0

    @property
    def needs_approval(self) -> bool:
        return bool(self.approval_reasons)

    @property
    def approval_deadline(self) -> datetime:
        return self.requested_at + APPROVAL_WINDOW

    def status_at(self, now: datetime) -> ImpersonationStatus:
        """The status as of `now`: exact at the second, whatever has been written down."""
        if self.status is ImpersonationStatus.PENDING_APPROVAL and now >= self.approval_deadline:
            return ImpersonationStatus.APPROVAL_EXPIRED
        if self.status is ImpersonationStatus.ACTIVE and self.expires_at is not None and now >= self.expires_at:
            return ImpersonationStatus.EXPIRED
        return self.status

    def is_open(self, now: datetime) -> bool:
        return self.status_at(now) in OPEN

    def activate(self, now: datetime) -> None:
        self.status = ImpersonationStatus.ACTIVE
        self.started_at = now
        self.expires_at = now + timedelta(minutes=self.minutes)

    def decide(self, approve: bool, by: int, now: datetime, note: str) -> None:
        self._require_pending(now)
        self.decided_by, self.decided_at, self.decision_note = by, now, note
        if approve:
            self.activate(now)
        else:
            self.status = ImpersonationStatus.REJECTED

    def end(self, by: int | None, now: datetime, reason: EndReason) -> None:
        """End an open session, or withdraw a pending request (`cancelled`)."""
        current = self.status_at(now)
        if current not in OPEN:
            raise self.over(now)
        pending = current is ImpersonationStatus.PENDING_APPROVAL
        self.status = ImpersonationStatus.ENDED
        self.ended_at, self.ended_by = now, by
        self.end_reason = EndReason.CANCELLED if pending and by == self.impersonator.id else reason

    def over(self, now: datetime) -> Conflict:
        return Conflict(
            "This impersonation session is already over.",
            code="impersonation_already_ended",
            details={"id": self.id, "status": self.status_at(now).value},
        )

    def lapse(self, now: datetime) -> bool:
        """Write down a time-driven end (expiry, approval timeout); True when that changed the stored status."""
        current = self.status_at(now)
        if current is self.status:
            return False
        self.status = current
        if current is ImpersonationStatus.EXPIRED:
            self.ended_at, self.end_reason = self.expires_at, EndReason.TIME_LIMIT
        else:
            self.ended_at, self.end_reason = self.approval_deadline, EndReason.APPROVAL_TIMEOUT
        return True

    def _require_pending(self, now: datetime) -> None:
        current = self.status_at(now)
        if current is ImpersonationStatus.APPROVAL_EXPIRED:
            raise Conflict(
                "The request expired unanswered after 30 minutes; ask again.",
                code="approval_expired",
                details={"id": self.id, "expired_at": self.approval_deadline.isoformat()},
            )
        if current is not ImpersonationStatus.PENDING_APPROVAL:
            raise Conflict(
                f"The request was answered already: the session is {current.value}.",
                code="impersonation_not_pending",
                details={"id": self.id, "status": current.value},
            )

    def duration(self) -> timedelta | None:
        """How long it ran (for the statistics), once over."""
        if self.started_at is None or self.ended_at is None:
            return None
        return max(self.ended_at - self.started_at, timedelta(0))


@dataclass(frozen=True)
class IssuedImpersonation:
    """The only moment the token exists in clear: returned once, stored hashed."""

    session: Impersonation
    token: str


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_impersonation_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX)


@dataclass(frozen=True)
class ImpersonationFilter:
    active_at: datetime | None = None  # only sessions active at this instant (stored active, not past expires_at)
    impersonator_id: int | None = None
    target_id: int | None = None
    since: datetime | None = None  # requested at or after
    until: datetime | None = None  # requested before
    pending_at: datetime | None = None  # only requests still awaiting approval at this instant


@dataclass(frozen=True)
class RequestRecord:
    """One request made under a session, as its audit entry tells it."""

    seq: int
    at: datetime
    method: str
    path: str
    status: int
    outcome: str


@dataclass(frozen=True)
class SessionDetail:
    session: Impersonation
    requests: list[RequestRecord] = field(default_factory=list)
