from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from domain.privacy.consents import ConsentView
from domain.privacy.model import ConsentRecord, ConsentSource, LegalHold, RequestKind, Stage
from domain.privacy.reports import ReportName, ReportPage
from domain.privacy.requests import RequestView
from entrypoints.api.schemas import Flag, Id, Moment, PageQuery, QueryId, ReadModelOut

ConsentType = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,49}$")]
Reason = Annotated[str, Field(max_length=2000)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ConsentStateOut(ReadModelOut):
    consent_type: str = Field(
        description="terms, privacy, marketing, analytics, session_recording, or a type added in PRIVACY_CONSENT_TYPES"
    )
    granted: bool
    version: str | None = Field(description="the text version of the newest choice; null: no choice recorded yet")
    source: ConsentSource | None
    at: datetime | None


class ConsentRecordOut(ReadModelOut):
    id: int
    consent_type: str
    granted: bool
    version: str
    source: ConsentSource
    actor_id: int | None = Field(description="who recorded it: the learner, or the staff member")
    reason: str
    at: datetime

    @staticmethod
    def of(r: ConsentRecord) -> ConsentRecordOut:
        return ConsentRecordOut(
            id=r.id,
            consent_type=r.consent_type,
            granted=r.granted,
            version=r.version,
            source=r.source,
            actor_id=r.actor_id,
            reason=r.reason,
            at=r.at,
        )


class ConsentsOut(ReadModelOut):
    user_id: int
    current: list[ConsentStateOut]
    history: list[ConsentRecordOut] = Field(description="newest first")
    next_cursor: str | None

    @staticmethod
    def of(v: ConsentView) -> ConsentsOut:
        current = [ConsentStateOut.model_validate(s) for s in v.current]
        return ConsentsOut(
            user_id=v.user_id,
            current=current,
            history=[ConsentRecordOut.of(r) for r in v.history.items],
            next_cursor=v.history.next_cursor,
        )


class ConsentChangeIn(Strict):
    consent_type: ConsentType
    granted: Flag


class ConsentsIn(Strict):
    changes: list[ConsentChangeIn] = Field(min_length=1, max_length=20)

    def mapping(self) -> dict[str, bool]:
        return {c.consent_type: c.granted for c in self.changes}


class StaffConsentsIn(ConsentsIn):
    reason: Reason = Field(description="why staff record this change (a signed form, a call): required")


class PrivacyRequestIn(Strict):
    type: RequestKind
    user_id: Id | None = Field(None, description="the person; leave out for yourself")
    reason: Reason = ""


class DecisionIn(Strict):
    reason: Reason = Field(description="required")


class PrivacyRequestOut(ReadModelOut):
    id: int
    type: RequestKind
    user_id: int
    requested_by: int = Field(description="0: the system (the profile's data_retention_date)")
    stage: Stage
    held: bool = Field(description="a legal hold keeps the person's data: an erasure waits")
    reason: str
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    decision_reason: str
    erase_after: datetime | None = Field(description="the end of the cool-off: cancellable until then")
    finished_at: datetime | None
    download_expires_at: datetime | None
    results: dict[str, Any] = Field(description="an export's records per area; an erasure's rows per area")

    @staticmethod
    def of(v: RequestView) -> PrivacyRequestOut:
        r = v.request
        return PrivacyRequestOut(
            id=r.id,
            type=r.kind,
            user_id=r.user_id,
            requested_by=r.requested_by,
            stage=r.stage,
            held=v.held,
            reason=r.reason,
            created_at=r.created_at,
            decided_by=r.decided_by,
            decided_at=r.decided_at,
            decision_reason=r.decision_reason,
            erase_after=r.erase_after,
            finished_at=r.finished_at,
            download_expires_at=r.expires_at if r.stage is Stage.DOWNLOAD_READY else None,
            results={k: v for k, v in r.results.items() if k != "last_error"},
        )


class PrivacyRequestPageOut(ReadModelOut):
    items: list[PrivacyRequestOut]
    next_cursor: str | None


class PrivacyRequestQuery(PageQuery):
    stage: Stage | None = None
    user_id: QueryId | None = None


class LegalHoldIn(Strict):
    user_id: Id
    reason: Reason
    ends_at: Moment | None = Field(None, description="leave out for a hold until released")


class LegalHoldOut(ReadModelOut):
    id: int
    user_id: int
    reason: str
    placed_by: int
    placed_at: datetime
    ends_at: datetime | None
    released_by: int | None
    released_at: datetime | None
    active: bool

    @staticmethod
    def of(h: LegalHold, now: datetime) -> LegalHoldOut:
        return LegalHoldOut(
            id=h.id,
            user_id=h.user_id,
            reason=h.reason,
            placed_by=h.placed_by,
            placed_at=h.placed_at,
            ends_at=h.ends_at,
            released_by=h.released_by,
            released_at=h.released_at,
            active=h.active(now),
        )


class LegalHoldPageOut(ReadModelOut):
    items: list[LegalHoldOut]
    next_cursor: str | None


class LegalHoldQuery(PageQuery):
    user_id: QueryId | None = None


class ReportQuery(PageQuery):
    format: str = Field("json", pattern="^(json|csv)$", description="csv: the whole report as a streamed download")
    actor_id: QueryId | None = Field(None, description="the staff member")
    person_id: QueryId | None = None
    action: str | None = Field(None, max_length=100, pattern=r"^[a-z_.]+$")
    since: Moment | None = None
    until: Moment | None = None


class ReportOut(ReadModelOut):
    """One page of a report: its columns, and rows in that order (the CSV has the same)."""

    name: ReportName
    columns: list[str]
    rows: list[list[str | None]] = Field(description="cells as text; null when empty")
    next_cursor: str | None

    @staticmethod
    def of(p: ReportPage) -> ReportOut:
        rows = [[None if c is None else str(c) for c in row] for row in p.rows]
        return ReportOut(name=p.name, columns=list(p.columns), rows=rows, next_cursor=p.next_cursor)


class RetentionRunOut(ReadModelOut):
    data_class: str
    dry_run: bool
    rows: int = Field(description="removed, or on a dry run the rows a run would remove now")
    cutoff: datetime = Field(description="rows older than this are past their retention period")
    started_at: datetime
    duration_ms: int


class RetentionDryRunOut(ReadModelOut):
    runs: list[RetentionRunOut]
