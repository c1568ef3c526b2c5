from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from domain.audit.model import AuditEntry, AuditFilter
from entrypoints.api.auth import principal
from entrypoints.api.schemas import Moment, PageQuery, QueryId, ReadModelOut, errors
from entrypoints.bootstrap import container

router = Router(tags=["audit"])


class AuditQuery(PageQuery):
    actor: QueryId | None = Field(None, description="actor's user id (under impersonation: the staff member)")
    on_behalf_of: QueryId | None = Field(None, description="the learner a staff member acted as (impersonation)")
    target_type: str | None = Field(None, max_length=50)
    target_id: str | None = Field(None, max_length=100)
    action: str | None = Field(None, max_length=100)
    since: Moment | None = None
    until: Moment | None = None


class AuditEntryOut(ReadModelOut):
    seq: int
    actor_id: int | None
    impersonator_id: int | None = Field(description="set (to actor_id) when the entry was made under impersonation")
    on_behalf_of: int | None = Field(description="under impersonation, the learner the staff member acted as")
    action: str
    target_type: str
    target_id: str
    subject_id: int | None = Field(
        description="the person whose data the entry shows or changes when the target is something else (a ticket "
        "read, a bulk operation's change); such entries are in that person's data-access report"
    )
    at: datetime
    ip: str | None
    user_agent: str
    request_id: str
    details: dict[str, Any]
    chain_seq: int | None = Field(
        description="the entry's place in the sealed chain; null until sealed (about a second)"
    )
    hash: str = Field(description="the entry's link MAC once sealed, else empty")

    @staticmethod
    def of(e: AuditEntry) -> AuditEntryOut:
        r = e.record
        return AuditEntryOut(
            seq=e.seq,
            actor_id=r.actor_id,
            impersonator_id=r.impersonator_id,
            on_behalf_of=r.on_behalf_of,
            action=r.action,
            target_type=r.target_type,
            target_id=r.target_id,
            subject_id=r.subject_id,
            at=r.at,
            ip=r.ip,
            user_agent=r.user_agent,
            request_id=r.request_id,
            details=dict(r.details),
            chain_seq=e.chain_seq,
            hash=e.hash,
        )


class AuditPageOut(ReadModelOut):
    items: list[AuditEntryOut]
    next_cursor: str | None


@router.get("/", summary="List audit trail entries", response={200: AuditPageOut, **errors(400, 401, 403, 422)})
def list_audit_entries(request: HttpRequest, q: Query[AuditQuery]) -> AuditPageOut:
    """The audit trail, newest first, one cursor page. Filter by `actor` (the staff member, as themselves or as someone
    else), `on_behalf_of` (everything done while impersonating a learner), `target_type`/`target_id`, `action` and a
    time range (`since`, `until`). Each entry has the actor, the action, the target, the client IP and the details
    (never a secret). Needs `audit.read` (platform_admin, compliance_officer); the read is itself audited."""
    flt = AuditFilter(
        actor_id=q.actor,
        on_behalf_of=q.on_behalf_of,
        target_type=q.target_type,
        target_id=q.target_id,
        action=q.action,
        since=q.since,
        until=q.until,
    )
    page = container().audit.search(principal(request), flt, q.page())
    return AuditPageOut(items=[AuditEntryOut.of(e) for e in page.items], next_cursor=page.next_cursor)


class CheckpointOut(ReadModelOut):
    chain_seq: int
    hash: str
    key_id: str
    at: datetime


class CheckpointPageOut(ReadModelOut):
    items: list[CheckpointOut]
    next_cursor: str | None


@router.get(
    "/checkpoints",
    summary="List audit chain checkpoints",
    response={200: CheckpointPageOut, **errors(400, 401, 403, 422)},
)
def list_audit_checkpoints(request: HttpRequest, q: Query[PageQuery]) -> CheckpointPageOut:
    """The chain positions the sealer published (also written to the log as `audit.checkpoint`), newest first.
    A copy kept outside the database proves later that nothing was cut off its end: `verify_audit --expect`."""
    page = container().audit.checkpoints(principal(request), q.page())
    items = [CheckpointOut(chain_seq=c.chain_seq, hash=c.hash, key_id=c.key_id, at=c.at) for c in page.items]
    return CheckpointPageOut(items=items, next_cursor=page.next_cursor)
