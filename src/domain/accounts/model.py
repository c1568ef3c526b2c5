"""Learner profiles and the account-status state machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.shared.errors import Conflict, Unprocessable
from domain.shared.security_events import Severity as Severity  # re-exported: the shared kernel's


class AccountStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISABLED = "disabled"
    ARCHIVED = "archived"


class SupportPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class PlatformRole(StrEnum):
    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    STAFF = "staff"


S = AccountStatus
TRANSITIONS: dict[AccountStatus, frozenset[AccountStatus]] = {
    S.PENDING: frozenset({S.ACTIVE, S.DISABLED}),
    S.ACTIVE: frozenset({S.SUSPENDED, S.DISABLED, S.ARCHIVED}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.DISABLED, S.ARCHIVED}),
    S.DISABLED: frozenset({S.ACTIVE, S.ARCHIVED}),
    S.ARCHIVED: frozenset({S.ACTIVE}),  # "restore": platform_admin only
}
REASON_OPTIONAL = frozenset({(S.PENDING, S.ACTIVE)})
MAX_REASON = 2000


def is_restore(source: AccountStatus, target: AccountStatus) -> bool:
    return source is S.ARCHIVED and target is S.ACTIVE


def allowed_targets(source: AccountStatus, may_change: bool, may_restore: bool) -> tuple[AccountStatus, ...]:
    """The statuses a person may move an account to from `source`: the machine's, less a restore they may not make
    (the console offers exactly these)."""
    if not may_change:
        return ()
    return tuple(t for t in sorted(TRANSITIONS[source]) if may_restore or not is_restore(source, t))


@dataclass(frozen=True)
class StatusChange:
    user_id: int
    from_status: AccountStatus
    to_status: AccountStatus
    reason: str
    actor_id: int | None
    at: datetime


@dataclass
class Profile:
    """The management side of a person: status, priority, consent, learning aggregates."""

    user_id: int
    account_status: AccountStatus = S.ACTIVE
    status_reason: str = ""
    support_priority: SupportPriority = SupportPriority.NORMAL
    platform_role: PlatformRole = PlatformRole.LEARNER
    risk_score: float = 0.0
    last_activity: datetime | None = None
    data_consent_date: datetime | None = None
    marketing_consent: bool = False
    data_retention_date: datetime | None = None
    enrollment_count: int = 0
    completed_count: int = 0
    total_learning_time: int = 0
    changes: list[StatusChange] = field(default_factory=list, repr=False)

    @property
    def completion_rate(self) -> float:
        return completion_rate(self.completed_count, self.enrollment_count)

    def change_status(self, target: AccountStatus, reason: str, actor_id: int | None, at: datetime) -> StatusChange:
        """Apply one transition of the machine, or refuse it (409 / 422)."""
        source = self.account_status
        allowed = TRANSITIONS[source]
        if target not in allowed:
            raise Conflict(
                f"An account cannot go from {source.value} to {target.value}.",
                code="invalid_status_transition",
                details={"from": source.value, "to": target.value, "allowed": sorted(s.value for s in allowed)},
            )
        reason = reason.strip()
        if not reason and (source, target) not in REASON_OPTIONAL:
            raise Unprocessable(
                "A reason is required for this status change.",
                code="status_reason_required",
                details={"fields": [{"loc": ["body", "status_reason"], "msg": "required", "type": "missing"}]},
            )
        if len(reason) > MAX_REASON:
            raise Unprocessable(f"status_reason is longer than {MAX_REASON} characters.", code="status_reason_too_long")
        change = StatusChange(self.user_id, source, target, reason, actor_id, at)
        self.account_status = target
        self.status_reason = reason
        self.changes.append(change)
        return change

    def touch(self, at: datetime) -> None:
        if self.last_activity is None or at > self.last_activity:
            self.last_activity = at


def completion_rate(completed: int, enrolled: int) -> float:
    """Percent of a person's enrollments that are completed (0-100, one decimal)."""
    return round(100.0 * completed / enrolled, 1) if enrolled else 0.0
