"""A bulk operation: its types, who may run each, its status machine, its counters and its checkpoint.

The operation row is the truth about a job (Huey does not acknowledge tasks): each batch moves the checkpoint and
the counters in the transaction that applies the batch's effects, so a batch is either wholly done or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.shared.errors import Conflict, PermissionDenied
from domain.shared.permissions import Permission, Role
from domain.shared.principal import Principal

STALL_AFTER = timedelta(minutes=1)  # a running operation whose heartbeat is older is re-enqueued by the sweeper

RUN_TASK = "bulk.run"  # the background task that runs (or resumes) one operation: operation_id=


class OperationType(StrEnum):
    IMPORT_USERS = "import_users"
    UPDATE_STATUS = "update_status"
    UPDATE_FIELDS = "update_fields"
    NOTIFY = "notify"
    EXPORT = "export"


class OperationStatus(StrEnum):
    PENDING = "pending"
    AWAITING_APPROVAL = "awaiting_approval"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


T, S = OperationType, OperationStatus
# which roles may run which type (each also needs bulk.run; a superuser runs every type)
TYPE_ROLES: dict[OperationType, frozenset[Role]] = {
    T.IMPORT_USERS: frozenset({Role.PLATFORM_ADMIN}),
    T.UPDATE_STATUS: frozenset({Role.PLATFORM_ADMIN, Role.SUPPORT_ADMIN}),
    T.UPDATE_FIELDS: frozenset({Role.PLATFORM_ADMIN}),
    T.NOTIFY: frozenset({Role.PLATFORM_ADMIN, Role.SUPPORT_ADMIN}),
    T.EXPORT: frozenset({Role.PLATFORM_ADMIN, Role.COMPLIANCE_OFFICER}),
}
ACTIVE = frozenset({S.PENDING, S.AWAITING_APPROVAL, S.IN_PROGRESS})  # one of these per type per person
FINISHED = frozenset({S.COMPLETED, S.FAILED, S.CANCELLED})


def may_run(actor: Principal, kind: OperationType) -> bool:
    return actor.can(Permission.BULK_RUN) and (actor.is_superuser or bool(actor.roles & TYPE_ROLES[kind]))


def require_run(actor: Principal, kind: OperationType) -> None:
    if not may_run(actor, kind):
        raise PermissionDenied(
            "You may not run this kind of bulk operation.",
            details={"permission": Permission.BULK_RUN.value, "operation_type": kind.value},
        )


class RowErrorCode(StrEnum):
    """Why one row (or one person) was not done; docs/bulk-operations.md explains each."""

    DUPLICATE_IN_FILE = "duplicate_in_file"
    MISSING_VALUE = "missing_value"
    INVALID_EMAIL = "invalid_email"
    INVALID_USERNAME = "invalid_username"
    VALUE_TOO_LONG = "value_too_long"
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_PRIORITY = "unknown_priority"
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_COURSE = "unknown_course"
    ACCOUNT_EXISTS = "account_exists"
    ACCOUNT_NOT_FOUND = "account_not_found"
    IDENTITY_TAKEN = "identity_taken"
    INVALID_STATUS_TRANSITION = "invalid_status_transition"
    STATUS_REASON_REQUIRED = "status_reason_required"
    RESTORE_NOT_ALLOWED = "restore_not_allowed"
    USER_NOT_FOUND = "user_not_found"
    NO_EMAIL_ADDRESS = "no_email_address"
    NO_MARKETING_CONSENT = "no_marketing_consent"


@dataclass(frozen=True)
class RowError:
    """One refused row: the file's row number (imports; the header is row 1) or the person's id, the field."""

    code: RowErrorCode
    message: str
    row: int | None = None
    user_id: int | None = None
    field: str = ""


@dataclass(frozen=True)
class FieldChange:
    """One field a dry run would change: its value before and after, as text (never a secret)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    """What a dry run would change for one person (an update, or an import row matching an account)."""

    user_id: int
    username: str
    changes: tuple[FieldChange, ...]
    row: int | None = None


CHANGES_KEPT = 1000  # a dry run stores the first rows it would change; it counts all of them


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did: the checkpoint after it, and its counts (every row is exactly one of them)."""

    checkpoint: int
    succeeded: int = 0
    skipped: int = 0
    errors: tuple[RowError, ...] = ()
    changes: tuple[RowChange, ...] = ()  # dry runs of updates: what each changed row would become
    changed: tuple[int, ...] = ()  # the people whose data the batch changed (none in a dry run), each audited

    @property
    def processed(self) -> int:
        return self.succeeded + self.skipped + len(self.errors)


@dataclass
class BulkOperation:
    id: int
    operation_type: OperationType
    created_by: int
    parameters: dict[str, Any]
    dry_run: bool
    total_items: int
    created_at: datetime
    status: OperationStatus = S.PENDING
    approved_by: int | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    heartbeat_at: datetime | None = None
    checkpoint: int = 0  # imports: rows done; targets: the last user id done
    processed: int = 0
    success_count: int = 0
    error_count: int = 0
    skipped_count: int = 0
    cancel_requested: bool = False
    results: dict[str, Any] = field(default_factory=dict)  # export: file, rows, expires_at; failure: reason

    @property
    def progress(self) -> float:
        """Percent done (0-100, one decimal); a finished operation is at 100 unless it stopped early."""
        if self.status is S.COMPLETED:
            return 100.0
        return round(min(100.0, 100.0 * self.processed / self.total_items), 1) if self.total_items else 0.0

    def rate_per_s(self, now: datetime) -> float | None:
        """Items a second since it started (until it finished)."""
        if self.started_at is None:
            return None
        seconds = ((self.completed_at or now) - self.started_at).total_seconds()
        return round(self.processed / seconds, 1) if seconds > 0 else None

    def eta_s(self, now: datetime) -> int | None:
        rate = self.rate_per_s(now)
        if self.status is not S.IN_PROGRESS or not rate:
            return None
        return max(0, round((self.total_items - self.processed) / rate))

    # -- the status machine ----------------------------------------------------------------------
    def _refuse(self, what: str) -> Conflict:
        message, details = f"A {self.status.value} operation cannot be {what}.", {"status": self.status.value}
        if self.status in FINISHED:
            return Conflict(message, code="bulk_operation_finished", details=details)
        return Conflict(message, code="not_awaiting_approval", details=details)

    def approve(self, approver: int, now: datetime) -> None:
        if self.status is not S.AWAITING_APPROVAL:
            raise self._refuse("approved")
        if approver == self.created_by:
            raise Conflict(
                "A second admin approves: the one who started an operation cannot approve it.",
                code="second_admin_required",
            )
        self.approved_by, self.status, self.heartbeat_at = approver, S.PENDING, now

    def start(self, now: datetime) -> None:
        if self.status is S.PENDING:
            self.status, self.started_at = S.IN_PROGRESS, now
        self.heartbeat_at = now

    def advance(self, outcome: BatchOutcome, now: datetime) -> None:
        self.checkpoint = outcome.checkpoint
        self.processed += outcome.processed
        self.success_count += outcome.succeeded
        self.skipped_count += outcome.skipped
        self.error_count += len(outcome.errors)
        self.heartbeat_at = now

    def request_cancel(self, now: datetime) -> None:
        """Pending or waiting operations stop now; a running one at its next batch (work done so far is kept)."""
        if self.status in FINISHED:
            raise self._refuse("cancelled")
        self.cancel_requested = True
        if self.status is not S.IN_PROGRESS:
            self.finish(S.CANCELLED, now)

    def finish(self, status: OperationStatus, now: datetime, **results: Any) -> None:
        self.status, self.completed_at, self.heartbeat_at = status, now, now
        self.results.update(results)

    def stalled(self, now: datetime) -> bool:
        """Pending (its task was lost) or running without a heartbeat for STALL_AFTER: the sweeper re-enqueues it."""
        beat = self.heartbeat_at or self.created_at
        return self.status in (S.PENDING, S.IN_PROGRESS) and now - beat > STALL_AFTER
