"""Use cases of bulk operations: start (checked, limited, audited, approved when large), read, cancel, approve,
row errors, and the export's download. The work itself is the runner's (runner.py), in the background."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, NotFound, Unprocessable
from domain.shared.live import now_of
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from . import parameters as p
from .events import BulkProgress
from .importing import check_header
from .model import (
    RUN_TASK,
    BulkOperation,
    OperationStatus,
    OperationType,
    RowChange,
    RowError,
    may_run,
    require_run,
)
from .ports import BulkAccounts, BulkFiles, ExportAlarm, NewOperation, OperationFilter, OperationStore, Upload
from .runner import BulkSettings
from .targets import count_targets

S = OperationStatus
TARGET = "bulk_operation"


@dataclass(frozen=True)
class StartRequest:
    operation_type: OperationType
    dry_run: bool
    params: p.Params | None = None  # every type but import_users
    mode: p.ImportMode | None = None  # import_users, with the upload
    upload: Upload | None = None


@dataclass(frozen=True)
class Download:
    file_name: str
    content_type: str
    chunks: Iterator[bytes]


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BulkService:
    def __init__(
        self,
        store: OperationStore,
        accounts: BulkAccounts,
        files: BulkFiles,
        alarm: ExportAlarm,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: BulkSettings,
    ):
        self.store, self.accounts, self.files, self.alarm = store, accounts, files, alarm
        self.audit, self.uow, self.clock, self.settings = audit, uow, clock, settings

    # -- commands ----------------------------------------------------------------------------------------
    def start(self, actor: Principal, request: StartRequest) -> BulkOperation:
        kind = request.operation_type
        self._require(actor, kind)
        now = self.clock.now()
        params, total = self._plan(request, now)
        if total > self.settings.max_rows:
            raise Unprocessable(
                f"At most {self.settings.max_rows} rows or people per operation.",
                code="too_many_rows",
                details={"total_items": total, "max_rows": self.settings.max_rows},
            )
        waits = total > now_of(self.settings.approval_threshold) and not request.dry_run
        with self.uow:
            if self.store.active_of(actor.user_id, kind) is not None:
                raise self._running(kind)
            status = S.AWAITING_APPROVAL if waits else S.PENDING
            new = NewOperation(kind, actor.user_id, p.encode(params), request.dry_run, total, status, now)
            op = self.store.add(new)
            if op is None:  # another request of the same person won the race
                raise self._running(kind)
            details = {
                "operation_type": kind.value,
                "dry_run": request.dry_run,
                "total_items": total,
                "status": status.value,
                "parameters": p.audited(params),
            }
            self.audit.record(actor, "bulk.start", TARGET, op.id, details)
            self.uow.publish(BulkProgress.of(op, now))
            if status is S.PENDING:
                self.uow.enqueue(RUN_TASK, operation_id=op.id)
            self.uow.commit()
        return op

    def _plan(self, request: StartRequest, now: datetime) -> tuple[p.Params, int]:
        if request.operation_type is OperationType.IMPORT_USERS:
            if request.upload is None or request.mode is None:
                raise p.invalid("An import needs a file (multipart field `file`) and parameters.mode.", "file")
            key = self.files.store_upload(request.upload)
            sheet = self.files.sheet(key, request.upload.name)
            check_header(sheet.header)
            sheet.close()  # the rows are the worker's to parse: the request only counts them
            total = self.files.count_rows(key, self.settings.max_rows)
            if total == 0:
                self.files.delete(key)
                raise Unprocessable("The file holds no rows under its header.", code="invalid_import_file")
            name = request.upload.name[-200:]
            return p.ImportParams(request.mode, key, name, sheet.file_format, sheet.encoding), total
        params = request.params
        if params is None or not isinstance(params, p.PARAMS[request.operation_type]):
            raise p.invalid("parameters do not fit operation_type.", "parameters")
        if isinstance(params, p.ExportParams):
            return params, self.accounts.count(params.search.criteria(now))
        assert not isinstance(params, p.ImportParams)
        return params, count_targets(self.accounts, params.targets, now)

    def approve(self, actor: Principal, operation_id: int) -> BulkOperation:
        self._check(actor, operation_id)
        with self.uow:
            op = self._locked(actor, operation_id)
            op.approve(actor.user_id, self.clock.now())
            self.store.save(op)
            self.audit.record(
                actor, "bulk.approve", TARGET, op.id, {"created_by": op.created_by, "total_items": op.total_items}
            )
            self.uow.publish(BulkProgress.of(op, self.clock.now()))
            self.uow.enqueue(RUN_TASK, operation_id=op.id)
            self.uow.commit()
        return op

    def cancel(self, actor: Principal, operation_id: int) -> BulkOperation:
        self._check(actor, operation_id)
        with self.uow:
            op = self._locked(actor, operation_id)
            op.request_cancel(self.clock.now())
            self.store.save(op)
            self.audit.record(
                actor, "bulk.cancel", TARGET, op.id, {"status": op.status.value, "processed": op.processed}
            )
            self.uow.publish(BulkProgress.of(op, self.clock.now()))
            self.uow.commit()
        return op

    def download(self, actor: Principal, operation_id: int) -> Download:
        """The export's file, while its link lasts; audited, and raised as a personal-data export."""
        self.audit.require(actor, Permission.BULK_RUN, TARGET, operation_id)
        op = self._get(operation_id)
        self._require(actor, OperationType.EXPORT, operation_id)
        key, expires = op.results.get("file"), op.results.get("expires_at")
        if op.operation_type is not OperationType.EXPORT or op.status is not S.COMPLETED or not key:
            raise Conflict(
                "Only a completed export (not a dry run) has a file.",
                code="export_not_available",
                details={"status": op.status.value, "operation_type": op.operation_type.value},
            )
        if expires and self.clock.now() >= datetime.fromisoformat(str(expires)):
            raise Conflict(
                "The export's link expired: run the export again.",
                code="export_expired",
                details={"expired_at": expires},
            )
        chunks = self.files.open_export(str(key))
        if chunks is None:
            raise Conflict("The export's link expired: run the export again.", code="export_expired")
        params = p.decode(op.operation_type, op.parameters)
        assert isinstance(params, p.ExportParams)
        rows = int(op.results.get("rows", 0))
        with self.uow:
            self.audit.record(
                actor,
                "bulk.download",
                TARGET,
                op.id,
                {"rows": rows, "fields": list(params.fields), "format": params.format.value},
            )
            self.alarm.personal_data_export(actor, op.id, rows, params.fields)
            self.uow.commit()
        name = f"users-export-{op.id}.{params.format.value}"
        return Download(name, CONTENT_TYPES[params.format.value], chunks)

    # -- reads -------------------------------------------------------------------------------------------
    def search(self, actor: Principal, flt: OperationFilter, page: PageRequest) -> Page[BulkOperation]:
        actor.require(Permission.BULK_RUN)
        return self.store.search(flt, page)

    def get(self, actor: Principal, operation_id: int) -> BulkOperation:
        actor.require(Permission.BULK_RUN)
        return self._get(operation_id)

    def errors(self, actor: Principal, operation_id: int, page: PageRequest) -> Page[RowError]:
        """Row errors name people (ids, rows of a file): reading them is audited."""
        self.audit.require(actor, Permission.BULK_RUN, TARGET, operation_id)
        self._get(operation_id)
        result = self.store.errors(operation_id, page)
        with self.uow:
            self.audit.record(actor, "bulk.errors_read", TARGET, operation_id, {"returned": len(result.items)})
            self.uow.commit()
        return result

    def changes(self, actor: Principal, operation_id: int, page: PageRequest) -> Page[RowChange]:
        """What a dry run would change per row. Each person on the page is audited as read (target `user`)."""
        self.audit.require(actor, Permission.BULK_RUN, TARGET, operation_id)
        self._get(operation_id)
        result = self.store.changes(operation_id, page)
        with self.uow:
            for user_id in dict.fromkeys(c.user_id for c in result.items):
                self.audit.record(actor, "bulk.changes_read", "user", user_id, {"operation_id": operation_id})
            self.uow.commit()
        return result

    def all_errors(self, actor: Principal, operation_id: int) -> Iterator[RowError]:
        self.audit.require(actor, Permission.BULK_RUN, TARGET, operation_id)
        op = self._get(operation_id)
        with self.uow:
            self.audit.record(actor, "bulk.errors_download", TARGET, operation_id, {"errors": op.error_count})
            self.uow.commit()
        return self.store.all_errors(operation_id)

    # -- helpers -----------------------------------------------------------------------------------------
    def _require(self, actor: Principal, kind: OperationType, operation_id: object = "") -> None:
        """bulk.run and the type's roles; a refusal is recorded (committed before the error is raised)."""
        if may_run(actor, kind):
            return
        with self.uow:
            details = {"permission": Permission.BULK_RUN.value, "operation_type": kind.value}
            self.audit.record(actor, "access.denied", TARGET, operation_id, details)
            self.uow.commit()
        require_run(actor, kind)

    def _get(self, operation_id: int) -> BulkOperation:
        op = self.store.get(operation_id)
        if op is None:
            raise not_found(operation_id)
        return op

    def _check(self, actor: Principal, operation_id: int) -> None:
        """Before the unit of work opens: a refusal's audit entry must not roll back with it."""
        self.audit.require(actor, Permission.BULK_RUN, TARGET, operation_id)
        self._require(actor, self._get(operation_id).operation_type, operation_id)

    def _locked(self, actor: Principal, operation_id: int) -> BulkOperation:
        self._check(actor, operation_id)
        op = self.store.get_for_update(operation_id)
        if op is None:
            raise not_found(operation_id)
        return op

    @staticmethod
    def _running(kind: OperationType) -> Conflict:
        return Conflict(
            "You already have an operation of this type that has not finished: wait for it or cancel it.",
            code="bulk_operation_running",
            details={"operation_type": kind.value},
        )


def not_found(operation_id: int) -> NotFound:
    return NotFound("No such bulk operation.", code="bulk_operation_not_found", details={"id": operation_id})
