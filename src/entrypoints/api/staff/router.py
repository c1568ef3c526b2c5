"""Staff administration under /api/staff/ (added to identity's staff router, beside staff creation)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Status

from entrypoints.api.auth import principal
from entrypoints.api.identity.router import staff_router
from entrypoints.api.identity.schemas import SessionsEndedOut
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .schemas import (
    RoleChangeIn,
    RoleDecisionOut,
    RoleRequestOut,
    RoleRequestPageOut,
    RoleRequestQuery,
    StaffMemberOut,
    StaffPageOut,
    StaffQuery,
    StaffReasonIn,
)

router = staff_router


@router.get("/", summary="List staff", response={200: StaffPageOut, **errors(400, 401, 403, 422)})
def list_staff(request: HttpRequest, q: Query[StaffQuery]) -> StaffPageOut:
    """Staff (people with a staff role or the superuser flag) by id, with their roles, MFA state, last sign-in and
    status; filter by `role`, `status` and `q` (part of the username or e-mail). Keyset pages: pass `next_cursor`
    back as `cursor`. Needs `staff.manage` (platform_admin, the superuser); audited as a read of the people
    listed."""
    page = container().staff_admin.list(principal(request), q.criteria(), q.page())
    return StaffPageOut.of(page)


@router.get(
    "/role-requests",
    summary="List role change requests",
    response={200: RoleRequestPageOut, **errors(400, 401, 403, 422)},
)
def list_role_requests(request: HttpRequest, q: Query[RoleRequestQuery]) -> RoleRequestPageOut:
    """Grants of admin roles and their answers, newest first (`status=pending` for those waiting for a second
    admin; an unanswered one reads `expired` after 24 hours). Needs `staff.manage`."""
    page = container().staff_admin.role_requests(principal(request), q.status, q.page())
    return RoleRequestPageOut(items=[RoleRequestOut.of(r) for r in page.items], next_cursor=page.next_cursor)


@router.get("/{id:user_id}", summary="Read a staff member", response={200: StaffMemberOut, **errors(401, 403, 404)})
def get_staff(request: HttpRequest, user_id: int) -> StaffMemberOut:
    """One staff member (404 `staff_not_found` for a learner or an unknown id). Needs `staff.manage`; audited."""
    return StaffMemberOut.of(container().staff_admin.get(principal(request), user_id))


@router.post(
    "/{id:user_id}/role",
    summary="Change a staff member's role",
    response={200: StaffMemberOut, 202: RoleRequestOut, **errors(400, 401, 403, 404, 409, 422)},
)
def change_staff_role(
    request: HttpRequest, user_id: int, body: RoleChangeIn
) -> Status[StaffMemberOut | RoleRequestOut]:
    """Make `role` the person's only staff role, with a `reason` (10-500 characters). `support_agent`,
    `ux_manager` and `customer_success` apply at once (200, the staff member). An admin role (`support_admin`,
    `compliance_officer`, `platform_admin`, `service`) waits for a second admin: 202 with the pending request, to
    approve at POST /api/staff/role-requests/{id}/approve (409 `role_request_pending` while one waits). Nobody
    changes their own role (403 `cannot_manage_self`), acts on staff of their rank or above (403
    `target_outranks_actor`) or grants a role above their own rank (403 `role_above_rank`). Needs `staff.manage`;
    audited with before and after, and a `role_changed` security event names the admin."""
    change = container().staff_admin.change_role(principal(request), user_id, body.role, body.reason)
    if change.request is not None:
        return Status(202, RoleRequestOut.of(change.request))
    assert change.staff is not None  # applied at once
    return Status(200, StaffMemberOut.of(change.staff))


@router.post(
    "/role-requests/{id:request_id}/approve",
    summary="Approve a role change",
    response={200: RoleDecisionOut, **errors(401, 403, 404, 409)},
)
def approve_role_request(request: HttpRequest, request_id: int) -> RoleDecisionOut:
    """A second admin (never the requester: 403 `cannot_approve_own_role_request`, nor the person it names)
    applies a pending grant, under the same rank rules as the request. 409 `role_request_expired` after 24 hours,
    409 `role_request_not_pending` once answered. Needs `staff.manage`; audited, and the `role_changed` security
    event names the approving admin."""
    change = container().staff_admin.approve(principal(request), request_id)
    return RoleDecisionOut(request=RoleRequestOut.of(change.request), staff=StaffMemberOut.of(change.staff))


@router.post(
    "/role-requests/{id:request_id}/reject",
    summary="Reject a role change",
    response={200: RoleDecisionOut, **errors(401, 403, 404, 409)},
)
def reject_role_request(request: HttpRequest, request_id: int) -> RoleDecisionOut:
    """A second admin refuses a pending grant: the person keeps their role. The same rules as approving; audited."""
    change = container().staff_admin.reject(principal(request), request_id)
    return RoleDecisionOut(request=RoleRequestOut.of(change.request), staff=StaffMemberOut.of(change.staff))


@router.post(
    "/{id:user_id}/deactivate",
    summary="Deactivate a staff member",
    response={200: StaffMemberOut, **errors(400, 401, 403, 404, 409, 422)},
)
def deactivate_staff(request: HttpRequest, user_id: int, body: StaffReasonIn) -> StaffMemberOut:
    """Sign-in is refused from now on and every token and browser session of the person ends (409
    `staff_already_deactivated` when it is). A `reason` of 10-500 characters. Not oneself, not staff of one's rank or
    above. Needs `staff.manage`; audited, raises a `staff_deactivated` security event."""
    return StaffMemberOut.of(container().staff_admin.deactivate(principal(request), user_id, body.reason))


@router.post(
    "/{id:user_id}/reactivate",
    summary="Reactivate a staff member",
    response={200: StaffMemberOut, **errors(400, 401, 403, 404, 409, 422)},
)
def reactivate_staff(request: HttpRequest, user_id: int, body: StaffReasonIn) -> StaffMemberOut:
    """The person may sign in again (with their password and MFA as before; 409 `staff_already_active` when they
    may). The same rules as deactivating; audited, raises a `staff_reactivated` security event."""
    return StaffMemberOut.of(container().staff_admin.reactivate(principal(request), user_id, body.reason))


@router.post(
    "/{id:user_id}/sessions/end",
    summary="End a staff member's sessions",
    response={200: SessionsEndedOut, **errors(401, 403, 404)},
)
def end_staff_sessions(request: HttpRequest, user_id: int) -> SessionsEndedOut:
    """Every bearer token and browser session of the person ends (they may sign in again). Not oneself (403
    `cannot_manage_self`: use DELETE /api/auth/sessions), not staff of one's rank or above. Needs `staff.manage`;
    audited, raises a `sessions_ended` security event."""
    ended = container().staff_admin.end_sessions(principal(request), user_id)
    return SessionsEndedOut(user_id=user_id, ended=ended)
