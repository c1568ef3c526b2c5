"""Staff administration's request and response bodies."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from domain.identity.ports import FactorState
from domain.identity.staff import REASON_MAX, REASON_MIN, RoleRequest, RoleRequestStatus, StaffFilter, StaffStatus
from domain.identity.staff_admin import StaffView
from domain.shared.pagination import Page
from domain.shared.permissions import Role
from entrypoints.api.identity.schemas import StaffRole
from entrypoints.api.schemas import PageQuery, ReadModelOut

Reason = Field(min_length=REASON_MIN, max_length=REASON_MAX, description="why: kept in the audit trail")


class StaffQuery(PageQuery):
    role: StaffRole | None = Field(None, description="only staff holding this role")
    status: StaffStatus | None = Field(None, description="active or deactivated")
    q: str | None = Field(None, min_length=1, max_length=150, description="part of the username or e-mail")

    def criteria(self) -> StaffFilter:
        return StaffFilter(self.role, self.status, self.q)


class RoleRequestQuery(PageQuery):
    status: RoleRequestStatus | None = Field(None, description="only requests in this state now")


class RoleChangeIn(Schema):
    role: StaffRole
    reason: str = Reason


class StaffReasonIn(Schema):
    reason: str = Reason


class StaffMemberOut(ReadModelOut):
    id: int
    username: str
    email: str
    roles: list[Role]
    is_superuser: bool
    status: StaffStatus
    mfa: FactorState = Field(description="none; enrolled; must_enrol (the role requires MFA and there is none yet)")
    last_sign_in: datetime | None

    @classmethod
    def of(cls, view: StaffView) -> StaffMemberOut:
        r = view.record
        return cls(
            id=r.id,
            username=r.username,
            email=r.email,
            roles=sorted(r.roles),
            is_superuser=r.is_superuser,
            status=r.status,
            mfa=view.mfa,
            last_sign_in=r.last_sign_in,
        )


class StaffPageOut(ReadModelOut):
    items: list[StaffMemberOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[StaffView]) -> StaffPageOut:
        return cls(items=[StaffMemberOut.of(v) for v in page.items], next_cursor=page.next_cursor)


class RoleRequestOut(ReadModelOut):
    id: int
    user_id: int
    role: Role
    previous: list[str] = Field(description="the roles the person held when it was asked")
    reason: str
    requested_by: int
    requested_at: datetime
    expires_at: datetime
    status: RoleRequestStatus
    decided_by: int | None
    decided_at: datetime | None

    @classmethod
    def of(cls, r: RoleRequest) -> RoleRequestOut:
        return cls(
            id=r.id,
            user_id=r.user_id,
            role=r.role,
            previous=list(r.previous),
            reason=r.reason,
            requested_by=r.requested_by,
            requested_at=r.requested_at,
            expires_at=r.expires_at,
            status=r.status,
            decided_by=r.decided_by,
            decided_at=r.decided_at,
        )


class RoleRequestPageOut(ReadModelOut):
    items: list[RoleRequestOut]
    next_cursor: str | None


class RoleDecisionOut(ReadModelOut):
    request: RoleRequestOut
    staff: StaffMemberOut = Field(description="the staff member after the decision")
