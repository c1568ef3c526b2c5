"""Impersonation: start (or request) a session acting as a learner, approve or reject a request, end a session,
list and read sessions with every request made under them, and the usage statistics (docs/impersonation.md)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.impersonation.model import ImpersonationFilter
from domain.impersonation.service import StartRequest
from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .schemas import (
    ApproveIn,
    ImpersonateIn,
    ImpersonationDetailOut,
    ImpersonationOut,
    ImpersonationPageOut,
    ImpersonationQuery,
    ImpersonationStatsOut,
    ImpersonationTokenOut,
    RejectIn,
    StatsQuery,
)

router = Router(tags=["impersonation"])  # mounted under /users


def _now() -> datetime:
    return container().clock.now()


@router.post(
    "/impersonate/",
    summary="Request to act as a learner",
    response={201: ImpersonationTokenOut, **errors(400, 401, 403, 404, 422)},
)
def impersonate_user(request: HttpRequest, body: ImpersonateIn) -> Status[ImpersonationTokenOut]:
    """Act as a learner, with a reason, for `minutes` (15 by default, 60 at most), read-only unless `scope` is write.
    support_admin and platform_admin start at once; a support_agent's request, a staff target, a learner on the
    urgent watch list and every write session wait for a second admin (`pending_approval`, 30 minutes). Confirm
    with `totp_code` when enrolled in MFA. The token is shown once; the learner is told by e-mail."""
    start = StartRequest(body.user_id, body.reason, body.scope, body.minutes, body.ticket_id, body.totp_code)
    issued = container().impersonation.sessions.start(principal(request), start)
    base = ImpersonationTokenOut.of(issued.session, _now())
    return Status(201, ImpersonationTokenOut(**base.model_dump(), token=issued.token))


@router.get(
    "/impersonate/",
    summary="List impersonation sessions",
    response={200: ImpersonationPageOut, **errors(400, 401, 403, 422)},
)
def list_impersonations(request: HttpRequest, q: Query[ImpersonationQuery]) -> ImpersonationPageOut:
    """Newest request first (support_admin, platform_admin, compliance_officer); the read is audited. `active`: only
    sessions running now; `pending`: only requests still awaiting a second admin (the approvers' inbox)."""
    flt = ImpersonationFilter(None, q.impersonator, q.target, q.since, q.until)
    reader = container().impersonation.reader
    page = reader.search(principal(request), flt, q.page(), active=q.active, pending=q.pending)
    now = _now()
    return ImpersonationPageOut(items=[ImpersonationOut.of(s, now) for s in page.items], next_cursor=page.next_cursor)


@router.get(
    "/impersonate/stats",
    summary="Get impersonation statistics",
    response={200: ImpersonationStatsOut, **errors(400, 401, 403, 422)},
    by_alias=True,
)
def get_impersonation_stats(request: HttpRequest, q: Query[StatsQuery]) -> ImpersonationStatsOut:
    """Sessions requested from `from` (default: 30 days before `to`) to `to` (default: now), at most 366 days."""
    return ImpersonationStatsOut.of(container().impersonation.reader.stats(principal(request), q.from_, q.to))


@router.get(
    "/impersonate/{id:session_id}",
    summary="Get one impersonation session",
    response={200: ImpersonationDetailOut, **errors(401, 403, 404)},
)
def get_impersonation(request: HttpRequest, session_id: int) -> ImpersonationDetailOut:
    """One session with every request made under it; its impersonator may read their own. Audited."""
    detail = container().impersonation.reader.detail(principal(request), session_id)
    return ImpersonationDetailOut.of_detail(detail, _now())


@router.post(
    "/impersonate/{id:session_id}/approve",
    summary="Approve an impersonation request",
    response={200: ImpersonationOut, **errors(400, 401, 403, 404, 409, 422)},
)
def approve_impersonation(request: HttpRequest, session_id: int, body: ApproveIn) -> ImpersonationOut:
    """By a support_admin or platform_admin other than the requester, within 30 minutes (then 409)."""
    session = container().impersonation.sessions.approve(principal(request), session_id, body.totp_code)
    return ImpersonationOut.of(session, _now())


@router.post(
    "/impersonate/{id:session_id}/reject",
    summary="Reject an impersonation request",
    response={200: ImpersonationOut, **errors(400, 401, 403, 404, 409, 422)},
)
def reject_impersonation(request: HttpRequest, session_id: int, body: RejectIn) -> ImpersonationOut:
    """An approver refuses a pending request with a reason; the requester's token never works. 409 when it is no longer
    pending. support_admin or platform_admin; audited, published on `security`."""
    session = container().impersonation.sessions.reject(principal(request), session_id, body.note)
    return ImpersonationOut.of(session, _now())


@router.post(
    "/impersonate/{id:session_id}/end",
    summary="End an impersonation session",
    response={200: ImpersonationOut, **errors(401, 403, 404, 409)},
)
def end_impersonation(request: HttpRequest, session_id: int) -> ImpersonationOut:
    """The impersonator ends their session (or withdraws their request); an approver may end anyone's. The token
    stops working at once."""
    session = container().impersonation.sessions.end(principal(request), session_id)
    return ImpersonationOut.of(session, _now())
