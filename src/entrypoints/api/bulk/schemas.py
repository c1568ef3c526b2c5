from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.search import ProfileSearch
from domain.bulk import parameters as p
from domain.bulk.model import BulkOperation, OperationStatus, OperationType, RowChange, RowError, RowErrorCode
from domain.shared.pagination import MAX_ID
from entrypoints.api.accounts.schemas import ProfileFilters
from entrypoints.api.schemas import Flag, Id, Moment, PageQuery, ReadModelOut

MAX_IDS = 200_000
CODE = r"^[A-Za-z0-9_.:-]{1,50}$"

ExportField = StrEnum("ExportField", {f.upper(): f for f in p.EXPORT_FIELDS})  # type: ignore[misc]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class FiltersIn(ProfileFilters):
    """The query names of GET /api/users/profiles/ (status is a list), here as JSON."""

    model_config = ConfigDict(extra="forbid")


class TargetsIn(Strict):
    user_ids: list[Id] | None = Field(None, min_length=1, max_length=MAX_IDS, description="or filters")
    filters: FiltersIn | None = Field(None, description="a saved search: the filters of GET /api/users/profiles/")

    def targets(self) -> p.Targets:
        if self.user_ids is not None:
            return p.Targets.of_ids(self.user_ids)
        return p.Targets(search=self.filters.search() if self.filters else None)


class StatusParamsIn(TargetsIn):
    status: AccountStatus
    reason: str = Field("", max_length=2000, description="recorded in each person's status history")


class FieldChangesIn(Strict):
    support_priority: SupportPriority | None = None
    platform_role: PlatformRole | None = None
    add_courses: list[Annotated[str, Field(pattern=CODE)]] = Field(default_factory=list, max_length=50)
    remove_courses: list[Annotated[str, Field(pattern=CODE)]] = Field(default_factory=list, max_length=50)


class FieldParamsIn(TargetsIn):
    fields: FieldChangesIn


class NotifyParamsIn(TargetsIn):
    subject: str = Field(max_length=p.MAX_SUBJECT, description="may use {first_name}, {last_name}, {username}, {email}")
    body: str = Field(max_length=p.MAX_BODY, description="a template with the same fields; write {{ and }} for braces")
    marketing: Flag = Field(False, description="a marketing message: only people with marketing consent get it")


class ExportParamsIn(Strict):
    filters: FiltersIn | None = Field(None, description="the filters of GET /api/users/profiles/; none: everyone")
    fields: list[ExportField] = Field(min_length=1, max_length=len(p.EXPORT_FIELDS))
    format: p.ExportFormat = p.ExportFormat.CSV


class _Start(Strict):
    dry_run: Flag = Field(False, description="validate and report every row; write nothing")


class UpdateStatusIn(_Start):
    operation_type: Literal["update_status"]
    parameters: StatusParamsIn


class UpdateFieldsIn(_Start):
    operation_type: Literal["update_fields"]
    parameters: FieldParamsIn


class NotifyIn(_Start):
    operation_type: Literal["notify"]
    parameters: NotifyParamsIn


class ExportIn(_Start):
    operation_type: Literal["export"]
    parameters: ExportParamsIn


BulkOperationIn = Annotated[
    UpdateStatusIn | UpdateFieldsIn | NotifyIn | ExportIn, Field(discriminator="operation_type")
]


def domain_params(body: UpdateStatusIn | UpdateFieldsIn | NotifyIn | ExportIn) -> p.Params:
    """The checked parameters (the domain refuses what does not fit with 422 invalid_bulk_parameters)."""
    if isinstance(body, UpdateStatusIn):
        q = body.parameters
        return p.StatusParams(q.targets(), q.status, q.reason)
    if isinstance(body, UpdateFieldsIn):
        f = body.parameters.fields
        return p.FieldParams(
            body.parameters.targets(),
            f.support_priority,
            f.platform_role,
            tuple(f.add_courses),
            tuple(f.remove_courses),
        )
    if isinstance(body, NotifyIn):
        n = body.parameters
        return p.NotifyParams(n.targets(), n.subject, n.body, n.marketing)
    e = body.parameters
    search = e.filters.search() if e.filters else ProfileSearch()
    return p.ExportParams(search, tuple(f.value for f in e.fields), e.format)


class ImportParamsIn(Strict):
    mode: p.ImportMode = p.ImportMode.CREATE_ONLY


class ImportForm(Schema):
    """multipart/form-data of an import (what the OpenAPI document shows; the view reads the form itself)."""

    operation_type: Literal["import_users"]
    dry_run: bool = Field(False, description="`true` or `false`, as written; left out: false; anything else: 422")
    parameters: str = Field('{"mode": "create_only"}', description='JSON: {"mode": "create_only|update_only|upsert"}')
    file: bytes = Field(json_schema_extra={"format": "binary"}, description="CSV (UTF-8, UTF-8 BOM, Latin-1) or XLSX")


class BulkOperationOut(ReadModelOut):
    """The specification's BulkOperationResult, and more."""

    operation_id: int
    operation_type: OperationType
    status: OperationStatus
    progress: float = Field(description="percent done, 0-100")
    total_items: int
    processed: int
    success_count: int
    error_count: int
    skipped_count: int
    dry_run: bool
    created_by: int
    approved_by: int | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    cancel_requested: bool
    parameters: dict[str, Any]
    rate_per_s: float | None = Field(description="items a second since it started")
    eta_s: int | None = Field(description="seconds left at that rate, while in progress")
    download_expires_at: datetime | None = Field(description="an export's link lasts until then")
    changed_rows: int | None = Field(
        description="a dry run of an update or an import: the people it would change (see /changes); else null"
    )

    @staticmethod
    def of(op: BulkOperation, now: datetime) -> BulkOperationOut:
        expires = op.results.get("expires_at") if op.results.get("file") else None
        params = dict(op.parameters)
        params.pop("file_key", None)
        return BulkOperationOut(
            operation_id=op.id,
            operation_type=op.operation_type,
            status=op.status,
            progress=op.progress,
            total_items=op.total_items,
            processed=op.processed,
            success_count=op.success_count,
            error_count=op.error_count,
            skipped_count=op.skipped_count,
            dry_run=op.dry_run,
            created_by=op.created_by,
            approved_by=op.approved_by,
            created_at=op.created_at,
            started_at=op.started_at,
            completed_at=op.completed_at,
            cancel_requested=op.cancel_requested,
            parameters=params,
            rate_per_s=op.rate_per_s(now),
            eta_s=op.eta_s(now),
            download_expires_at=datetime.fromisoformat(str(expires)) if expires else None,
            changed_rows=_changed_rows(op),
        )


def _changed_rows(op: BulkOperation) -> int | None:
    if not op.dry_run or op.operation_type not in CHANGING:
        return None
    return int(op.results.get("changed_rows", 0))


CHANGING = (OperationType.UPDATE_STATUS, OperationType.UPDATE_FIELDS, OperationType.IMPORT_USERS)


class BulkOperationPageOut(ReadModelOut):
    items: list[BulkOperationOut]
    next_cursor: str | None


class BulkOperationQuery(PageQuery):
    type: OperationType | None = None
    status: OperationStatus | None = None
    created_by: int | None = Field(None, ge=1, le=MAX_ID)
    since: Moment | None = None


class RowErrorOut(ReadModelOut):
    row: int | None = Field(description="the file's row (the header is row 1), for imports")
    user_id: int | None
    field: str
    code: RowErrorCode
    message: str

    @staticmethod
    def of(e: RowError) -> RowErrorOut:
        return RowErrorOut(row=e.row, user_id=e.user_id, field=e.field, code=e.code, message=e.message)


class RowErrorPageOut(ReadModelOut):
    items: list[RowErrorOut]
    next_cursor: str | None


class FieldChangeOut(ReadModelOut):
    field: str = Field(
        description="account_status, platform_role, support_priority, first_name, last_name, or `course <code>`"
    )
    before: str
    after: str


class RowChangeOut(ReadModelOut):
    """What a dry run would change for one person: only the fields that change."""

    user_id: int
    username: str
    row: int | None = Field(description="the file's row (the header is row 1), for imports")
    changes: list[FieldChangeOut]

    @staticmethod
    def of(c: RowChange) -> RowChangeOut:
        fields = [FieldChangeOut(field=f.field, before=f.before, after=f.after) for f in c.changes]
        return RowChangeOut(user_id=c.user_id, username=c.username, row=c.row, changes=fields)


class RowChangePageOut(ReadModelOut):
    items: list[RowChangeOut]
    next_cursor: str | None
