"""Staff administration's model: a staff member as an admin sees them, and the two-person approval a grant of an
admin role waits for (pending -> approved | rejected | expired, answered by an admin other than the requester)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.shared.errors import Conflict
from domain.shared.pagination import Cursor
from domain.shared.permissions import Role
from domain.shared.rank import RANK

STAFF_CURSOR = Cursor("staff", (int,))  # by id, ascending
ROLE_REQUESTS_CURSOR = Cursor("role_requests", (int,))  # newest first, by id
ROLE_REQUEST_TTL = timedelta(hours=24)  # an unanswered grant lapses
APPROVAL_RANK = 2  # granting a role of this rank or above waits for a second admin
REASON_MIN, REASON_MAX = 10, 500


def needs_approval(role: Role) -> bool:
    """support_admin, compliance_officer, platform_admin and service (rank 2 and above) are admin roles."""
    return RANK[role] >= APPROVAL_RANK


class StaffStatus(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class StaffRecord:
    """A staff member (a staff role, or the superuser flag), as the staff list shows them."""

    id: int
    username: str
    email: str
    roles: frozenset[Role]
    is_active: bool
    is_superuser: bool
    last_sign_in: datetime | None

    @property
    def status(self) -> StaffStatus:
        return StaffStatus.ACTIVE if self.is_active else StaffStatus.DEACTIVATED

    @property
    def role_names(self) -> list[str]:
        return sorted(r.value for r in self.roles)


@dataclass(frozen=True)
class StaffFilter:
    role: Role | None = None
    status: StaffStatus | None = None
    q: str | None = None  # part of the username or e-mail, any case


class RoleRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


@dataclass(frozen=True)
class NewRoleRequest:
    user_id: int
    role: Role
    previous: tuple[str, ...]  # the roles the person held when it was asked
    reason: str
    requested_by: int
    requested_at: datetime
    expires_at: datetime


@dataclass
class RoleRequest:
    """A grant of an admin role waiting for a second admin. Its state machine: only a pending request, before
    `expires_at`, is approved or rejected; afterwards it reads `expired`."""

    id: int
    user_id: int
    role: Role
    previous: tuple[str, ...]
    reason: str
    requested_by: int
    requested_at: datetime
    expires_at: datetime
    status: RoleRequestStatus = RoleRequestStatus.PENDING
    decided_by: int | None = None
    decided_at: datetime | None = None

    def status_at(self, now: datetime) -> RoleRequestStatus:
        if self.status is RoleRequestStatus.PENDING and now >= self.expires_at:
            return RoleRequestStatus.EXPIRED
        return self.status

    def decide(self, approve: bool, by: int, now: datetime) -> None:
        status = self.status_at(now)
        if status is RoleRequestStatus.EXPIRED:
            raise Conflict(
                "The role change went unanswered for 24 hours and expired; ask again.",
                code="role_request_expired",
                details={"id": self.id},
            )
        if status is not RoleRequestStatus.PENDING:
            raise Conflict(
                "The role change was answered already.",
                code="role_request_not_pending",
                details={"id": self.id, "status": status.value},
            )
        self.status = RoleRequestStatus.APPROVED if approve else RoleRequestStatus.REJECTED
        self.decided_by, self.decided_at = by, now
