from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from domain.impersonation.model import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MAX_NOTE,
    MAX_REASON,
    MIN_REASON,
    ApprovalReason,
    EndReason,
    Impersonation,
    ImpersonationScope,
    ImpersonationStatus,
    PersonRef,
    RequestRecord,
    SessionDetail,
)
from domain.impersonation.stats import ImpersonationStats
from entrypoints.api.schemas import Id, Moment, PageQuery, QueryId, ReadModelOut

TotpCode = Annotated[str, Field(min_length=6, max_length=10, pattern=r"^[0-9]+$")]


class ImpersonateIn(Schema):
    user_id: Id
    reason: str = Field(min_length=MIN_REASON, max_length=MAX_REASON, description="why: what the learner reported")
    ticket_id: Id | None = Field(None, description="the support ticket this session serves, if any")
    scope: ImpersonationScope = Field(
        ImpersonationScope.READ, description="read: safe methods only; write: also acts (always approved)"
    )
    minutes: int = Field(DEFAULT_MINUTES, ge=1, le=MAX_MINUTES, strict=True)
    totp_code: TotpCode | None = Field(None, description="a current code from your authenticator, when enrolled")


class ApproveIn(Schema):
    totp_code: TotpCode | None = Field(None, description="a current code from your authenticator, when enrolled")


class RejectIn(Schema):
    note: str = Field("", max_length=MAX_NOTE, description="why not, for the requester")


class PersonRefOut(ReadModelOut):
    id: int
    username: str
    name: str

    @staticmethod
    def of(p: PersonRef) -> PersonRefOut:
        return PersonRefOut(id=p.id, username=p.username, name=p.name)


class ImpersonationOut(ReadModelOut):
    id: int
    status: ImpersonationStatus
    scope: ImpersonationScope
    impersonator: PersonRefOut
    target: PersonRefOut
    reason: str
    ticket_id: int | None
    minutes: int
    approval_reasons: list[ApprovalReason] = Field(description="why it needs a second admin (empty: it does not)")
    requested_at: datetime
    approval_expires_at: datetime | None = Field(description="while pending: unanswered by then, it expires")
    decided_by: int | None
    decided_at: datetime | None
    decision_note: str
    started_at: datetime | None
    expires_at: datetime | None = Field(description="exact: a request after it is 401 impersonation_expired")
    ended_at: datetime | None
    ended_by: int | None
    end_reason: EndReason | None

    @staticmethod
    def of(s: Impersonation, now: datetime) -> ImpersonationOut:
        status = s.status_at(now)
        return ImpersonationOut(
            id=s.id,
            status=status,
            scope=s.scope,
            impersonator=PersonRefOut.of(s.impersonator),
            target=PersonRefOut.of(s.target),
            reason=s.reason,
            ticket_id=s.ticket_id,
            minutes=s.minutes,
            approval_reasons=list(s.approval_reasons),
            requested_at=s.requested_at,
            approval_expires_at=s.approval_deadline if status is ImpersonationStatus.PENDING_APPROVAL else None,
            decided_by=s.decided_by,
            decided_at=s.decided_at,
            decision_note=s.decision_note,
            started_at=s.started_at,
            expires_at=s.expires_at,
            ended_at=s.ended_at
            or (s.expires_at if status is ImpersonationStatus.EXPIRED else None)
            or (s.approval_deadline if status is ImpersonationStatus.APPROVAL_EXPIRED else None),
            ended_by=s.ended_by,
            end_reason=s.end_reason,
        )


class ImpersonationTokenOut(ImpersonationOut):
    """The token is shown once, here. It works once the session is active (at once, or when approved) and until
    `expires_at`; send it as `Authorization: Bearer <token>` to learner-facing endpoints."""

    token: str


class RequestOut(ReadModelOut):
    seq: int = Field(description="the audit entry's seq")
    at: datetime
    method: str
    path: str
    status: int
    outcome: str = Field(description="allowed, or the error code it was answered with")

    @staticmethod
    def of(r: RequestRecord) -> RequestOut:
        return RequestOut(seq=r.seq, at=r.at, method=r.method, path=r.path, status=r.status, outcome=r.outcome)


class ImpersonationDetailOut(ImpersonationOut):
    requests: list[RequestOut] = Field(description="every request made with the token, oldest first")

    @staticmethod
    def of_detail(d: SessionDetail, now: datetime) -> ImpersonationDetailOut:
        base = ImpersonationOut.of(d.session, now)
        return ImpersonationDetailOut(**base.model_dump(), requests=[RequestOut.of(r) for r in d.requests])


class ImpersonationPageOut(ReadModelOut):
    items: list[ImpersonationOut]
    next_cursor: str | None


class ImpersonationQuery(PageQuery):
    active: bool = Field(False, description="only sessions active now")
    pending: bool = Field(False, description="only requests awaiting a second admin's approval now (the inbox)")
    impersonator: QueryId | None = Field(None, description="the staff member's user id")
    target: QueryId | None = Field(None, description="the learner's user id")
    since: Moment | None = Field(None, description="requested at or after")
    until: Moment | None = Field(None, description="requested before")


class StatsQuery(Schema):
    from_: Moment | None = Field(None, alias="from")
    to: Moment | None = None


class StaffCountOut(ReadModelOut):
    impersonator_id: int
    username: str
    sessions: int


class ScopeCountsOut(ReadModelOut):
    read: int
    write: int


class ApprovalOut(ReadModelOut):
    requested: int = Field(description="requests that needed a second admin")
    approved: int
    rejected: int
    expired: int = Field(description="left unanswered for 30 minutes")
    pending: int
    withdrawn: int
    approved_share: float
    rejected_share: float
    expired_share: float


class ImpersonationStatsOut(ReadModelOut):
    from_: datetime = Field(alias="from")
    to: datetime
    sessions: int
    per_staff: list[StaffCountOut]
    per_scope: ScopeCountsOut
    median_duration_seconds: float | None = Field(description="of the sessions that ran and are over")
    approval: ApprovalOut
    linked_to_ticket: int
    linked_to_ticket_share: float

    @staticmethod
    def of(s: ImpersonationStats) -> ImpersonationStatsOut:
        a = s.approval
        return ImpersonationStatsOut(
            **{"from": s.start},
            to=s.end,
            sessions=s.sessions,
            per_staff=[
                StaffCountOut(impersonator_id=c.impersonator_id, username=c.username, sessions=c.sessions)
                for c in s.per_staff
            ],
            per_scope=ScopeCountsOut(
                read=s.per_scope[ImpersonationScope.READ], write=s.per_scope[ImpersonationScope.WRITE]
            ),
            median_duration_seconds=s.median_duration_seconds,
            approval=ApprovalOut(
                requested=a.requested,
                approved=a.approved,
                rejected=a.rejected,
                expired=a.expired,
                pending=a.pending,
                withdrawn=a.withdrawn,
                approved_share=a.approved_share,
                rejected_share=a.rejected_share,
                expired_share=a.expired_share,
            ),
            linked_to_ticket=s.linked_to_ticket,
            linked_to_ticket_share=s.linked_to_ticket_share,
        )


class ImpersonationBannerOut(ReadModelOut):
    """GET /api/auth/me under impersonation: what the front end's warning banner shows."""

    id: int
    impersonator: PersonRefOut
    reason: str
    scope: ImpersonationScope
    ticket_id: int | None
    expires_at: datetime | None
