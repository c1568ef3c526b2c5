"""Security events and a person's security timeline."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from domain.security.model import EventFilter
from entrypoints.api.auth import principal
from entrypoints.api.schemas import PageQuery, errors
from entrypoints.bootstrap import container

from .schemas import (
    ResolveIn,
    SecurityEventOut,
    SecurityEventPageOut,
    SecurityEventQuery,
    TimelineEntryOut,
    TimelinePageOut,
)

router = Router(tags=["security"])


@router.get("/events/", response={200: SecurityEventPageOut, **errors(400, 401, 403, 422)})
def list_security_events(request: HttpRequest, q: Query[SecurityEventQuery]) -> SecurityEventPageOut:
    """Newest first. support_admin, platform_admin and compliance_officer; the read is audited."""
    flt = EventFilter(
        user_id=q.user,
        event_type=q.event_type,
        severity=q.severity,
        resolved=q.resolved,
        ip=q.ip,
        since=q.since,
        until=q.until,
    )
    page = container().security.search(principal(request), flt, q.page())
    return SecurityEventPageOut(items=[SecurityEventOut.of(e) for e in page.items], next_cursor=page.next_cursor)


@router.patch("/events/{id:event_id}/", response={200: SecurityEventOut, **errors(400, 401, 403, 404, 409, 422)})
def resolve_security_event(request: HttpRequest, event_id: int, body: ResolveIn) -> SecurityEventOut:
    """Resolve with a note saying what was done (support_admin, platform_admin; audited, published)."""
    return SecurityEventOut.of(container().security.resolve(principal(request), event_id, body.note))


@router.get("/user-audit/{id:user_id}/", response={200: TimelinePageOut, **errors(400, 401, 403, 404, 422)})
def get_user_audit(request: HttpRequest, user_id: int, q: Query[PageQuery]) -> TimelinePageOut:
    """One timeline of a person's security events, logins and failures, status changes, unblocks and every staff
    access to their data, newest first. Reading it is audited as a read of that person's data."""
    page = container().security.user_audit(principal(request), user_id, q.page())
    return TimelinePageOut(items=[TimelineEntryOut.of(t) for t in page.items], next_cursor=page.next_cursor)
