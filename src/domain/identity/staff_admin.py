"""Staff administration: list staff, change a role (an admin role waits for a second admin), deactivate and
reactivate, end sessions. Needs `staff.manage` (platform_admin, the superuser). Nobody acts on themselves here,
nor on staff of their own rank or above, nor grants a role above their own rank. Every change is audited with
before and after and reported to the role-change rule (or raised as a security event) with the real actor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unprocessable
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import STAFF_ROLES, Permission, Role
from domain.shared.principal import Principal
from domain.shared.rank import RANK, rank, require_rank
from domain.shared.uow import UnitOfWork

from .model import Identity
from .ports import FactorState, RoleRequests, RoleWatch, SecondFactor, SecurityLog, StaffDirectory, TokenStore
from .staff import (
    REASON_MAX,
    REASON_MIN,
    ROLE_REQUEST_TTL,
    NewRoleRequest,
    RoleRequest,
    RoleRequestStatus,
    StaffFilter,
    StaffRecord,
    needs_approval,
)
from .staff_events import staff_event

VIA = "staff_api"


@dataclass(frozen=True)
class StaffView:
    record: StaffRecord
    mfa: FactorState


@dataclass(frozen=True)
class RoleChange:
    """Applied at once (`staff`), or waiting for a second admin (`request`)."""

    staff: StaffView | None = None
    request: RoleRequest | None = None


@dataclass(frozen=True)
class RoleDecision:
    """A second admin's answer and the staff member after it."""

    request: RoleRequest
    staff: StaffView


def clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise Unprocessable(
            f"A reason of {REASON_MIN} to {REASON_MAX} characters is required.",
            code="staff_reason_required",
            details={"min": REASON_MIN, "max": REASON_MAX},
        )
    return reason


def _self_refused() -> PermissionDenied:
    return PermissionDenied(
        "Nobody changes their own role, status or sessions through staff administration.", code="cannot_manage_self"
    )


class StaffAdministration:
    def __init__(
        self,
        *,
        staff: StaffDirectory,
        requests: RoleRequests,
        tokens: TokenStore,
        second_factor: SecondFactor,
        roles: RoleWatch,
        security: SecurityLog,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
    ):
        self.staff, self.requests, self.tokens = staff, requests, tokens
        self.second_factor, self.roles, self.security = second_factor, roles, security
        self.audit, self.uow, self.clock = audit, uow, clock

    # -- reads ---------------------------------------------------------------------------------------
    def list(self, actor: Principal, criteria: StaffFilter, page: PageRequest) -> Page[StaffView]:
        """Staff by id; audited as a read of the people returned."""
        self.audit.require(actor, Permission.STAFF_MANAGE, "staff", "")
        result = self.staff.page(criteria, page)
        with self.uow:
            self.audit.record(actor, "staff.list", "staff", "", {"returned": [r.id for r in result.items]})
            self.uow.commit()
        return Page(self._views(result.items), result.next_cursor)

    def get(self, actor: Principal, user_id: int) -> StaffView:
        self.audit.require(actor, Permission.STAFF_MANAGE, "user", user_id)
        record = self._record(user_id)
        with self.uow:
            self.audit.record(actor, "staff.read", "user", user_id)
            self.uow.commit()
        return self._view(record)

    def role_requests(self, actor: Principal, status: RoleRequestStatus | None, page: PageRequest) -> Page[RoleRequest]:
        """Role change requests, newest first, each with its status now (a lapsed one reads `expired`)."""
        self.audit.require(actor, Permission.STAFF_MANAGE, "staff", "")
        now = self.clock.now()
        stored = RoleRequestStatus.PENDING if status is RoleRequestStatus.EXPIRED else status
        result = self.requests.page(stored, page)
        items = [replace(r, status=r.status_at(now)) for r in result.items]
        return Page([r for r in items if status is None or r.status is status], result.next_cursor)

    # -- roles ---------------------------------------------------------------------------------------
    def change_role(self, actor: Principal, user_id: int, role: Role, reason: str) -> RoleChange:
        """A role below the admin ranks applies at once; an admin role waits for a second admin (RoleChange.request)."""
        target = self._target(actor, user_id, Permission.STAFF_MANAGE)
        reason = clean_reason(reason)
        self._may_grant(actor, role)
        if target.roles == {role}:
            raise Conflict("The person holds this role already.", code="role_unchanged", details={"role": role.value})
        with self.uow:
            now = self.clock.now()
            if not needs_approval(role):
                self._apply(actor, target, role, reason, None)
                self.uow.commit()
                return RoleChange(staff=self._view(self._record(user_id)))
            pending = self.requests.pending_for(user_id)
            if pending is not None and pending.status_at(now) is RoleRequestStatus.PENDING:
                raise Conflict(
                    "A role change of this person waits for approval already.",
                    code="role_request_pending",
                    details={"id": pending.id},
                )
            request = self.requests.add(
                NewRoleRequest(
                    user_id, role, tuple(target.role_names), reason, actor.real_user_id, now, now + ROLE_REQUEST_TTL
                )
            )
            details = {"request": request.id, "role": role.value, "before": target.role_names, "reason": reason}
            self.audit.record(actor, "staff.role_change_requested", "user", user_id, details)
            self.uow.commit()
        return RoleChange(request=request)

    def approve(self, actor: Principal, request_id: int) -> RoleDecision:
        return self._decide(actor, request_id, approve=True)

    def reject(self, actor: Principal, request_id: int) -> RoleDecision:
        return self._decide(actor, request_id, approve=False)

    def _decide(self, actor: Principal, request_id: int, *, approve: bool) -> RoleDecision:
        self.audit.require(actor, Permission.STAFF_MANAGE, "role_request", request_id)
        request = self.requests.get(request_id)
        if request is None:
            raise NotFound("No such role change request.", code="role_request_not_found", details={"id": request_id})
        if actor.real_user_id == request.requested_by:
            raise PermissionDenied(
                "Someone other than the requester must approve or reject a role change.",
                code="cannot_approve_own_role_request",
            )
        target = self._target(actor, request.user_id, Permission.STAFF_MANAGE)
        if approve:
            self._may_grant(actor, request.role)
        with self.uow:
            request.decide(approve, actor.real_user_id, self.clock.now())
            if not self.requests.save_decision(request):  # another admin answered in the meantime
                raise Conflict(
                    "The role change was answered already.", code="role_request_not_pending", details={"id": request.id}
                )
            if approve:
                self._apply(actor, target, request.role, request.reason, request)
            else:
                details = {"request": request.id, "role": request.role.value, "requested_by": request.requested_by}
                self.audit.record(actor, "staff.role_change_rejected", "user", target.id, details)
            self.uow.commit()
        return RoleDecision(request, self._view(self._record(target.id)))

    def _apply(
        self, actor: Principal, target: StaffRecord, role: Role, reason: str, request: RoleRequest | None
    ) -> None:
        before, after = target.role_names, [role.value]
        self.staff.set_role(target.id, role)
        details: dict[str, object] = {"before": before, "after": after, "reason": reason}
        if request is not None:
            details |= {"request": request.id, "requested_by": request.requested_by}
        self.audit.record(actor, "staff.role_change", "user", target.id, details)
        self.roles.roles_changed(target.id, before, after, actor, VIA)

    def _may_grant(self, actor: Principal, role: Role) -> None:
        if role not in STAFF_ROLES:
            raise InvalidInput("Learners are not staff: give a staff role.", code="not_a_staff_role")
        if RANK[role] > rank(actor.roles, actor.is_superuser):
            raise PermissionDenied(
                "Nobody grants a role above their own rank.", code="role_above_rank", details={"role": role.value}
            )

    # -- access --------------------------------------------------------------------------------------
    def deactivate(self, actor: Principal, user_id: int, reason: str) -> StaffView:
        """Sign-in is refused from now on and every token and session of the person ends."""
        return self._set_active(actor, user_id, reason, active=False)

    def reactivate(self, actor: Principal, user_id: int, reason: str) -> StaffView:
        return self._set_active(actor, user_id, reason, active=True)

    def _set_active(self, actor: Principal, user_id: int, reason: str, *, active: bool) -> StaffView:
        target = self._target(actor, user_id, Permission.STAFF_MANAGE)
        reason = clean_reason(reason)
        state = {"status": target.status.value}
        if target.is_active and active:
            raise Conflict("The account is active already.", code="staff_already_active", details=state)
        if not target.is_active and not active:
            raise Conflict("The account is deactivated already.", code="staff_already_deactivated", details=state)
        with self.uow:
            now = self.clock.now()
            self.staff.set_active(user_id, active)
            ended = 0 if active else self.tokens.revoke_all(user_id, now)
            after = "active" if active else "deactivated"
            details: dict[str, object] = {
                "before": target.status.value,
                "after": after,
                "reason": reason,
                "sessions_ended": ended,
            }
            self.audit.record(actor, "staff.reactivate" if active else "staff.deactivate", "user", user_id, details)
            kind = "staff_reactivated" if active else "staff_deactivated"
            self.security.raise_event(staff_event(kind, actor, user_id, now, details))
            self.uow.commit()
        return self._view(self._record(user_id))

    def end_sessions(self, actor: Principal, user_id: int) -> int:
        """Every token and browser session of the person ends; the count ended."""
        self._target(actor, user_id, Permission.STAFF_MANAGE)
        with self.uow:
            now = self.clock.now()
            ended = self.tokens.revoke_all(user_id, now)
            details: dict[str, object] = {"ended": ended, "session": "all"}
            self.audit.record(actor, "staff.sessions_end", "user", user_id, details)
            self.security.raise_event(staff_event("sessions_ended", actor, user_id, now, details))
            self.uow.commit()
        return ended

    # -- helpers -------------------------------------------------------------------------------------
    def _record(self, user_id: int) -> StaffRecord:
        record = self.staff.record(user_id)
        if record is None:
            raise NotFound("No such staff member.", code="staff_not_found", details={"id": user_id})
        return record

    def _target(self, actor: Principal, user_id: int, permission: Permission) -> StaffRecord:
        """The staff member an admin acts on: the permission, then the person, then never oneself, then rank."""
        self.audit.require(actor, permission, "user", user_id)
        target = self._record(user_id)
        if user_id == actor.real_user_id:
            raise _self_refused()
        require_rank(actor, user_id, target)
        return target

    def _view(self, record: StaffRecord) -> StaffView:
        return self._views([record])[0]

    def _views(self, records: Sequence[StaffRecord]) -> Sequence[StaffView]:
        """Each with their MFA state, read for the whole page at once."""
        identities = [Identity(r.id, r.username, r.email, r.roles, r.is_active, r.is_superuser) for r in records]
        states = self.second_factor.states(identities)
        return [StaffView(r, states[r.id]) for r in records]
