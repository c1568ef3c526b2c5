"""Runs an operation batch by batch. Each batch locks the operation row, applies its rows' effects, moves the
checkpoint and the counters and stores its row errors, and commits all of that at once: a worker killed mid-batch
loses that batch only, and whoever runs the operation next starts again from the checkpoint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Unprocessable
from domain.shared.principal import SYSTEM, Principal
from domain.shared.uow import UnitOfWork

from . import targets as t
from .events import BulkProgress
from .exporting import plain_row, safe_row
from .importing import ImportBatch, Row, Seen, check_header, parse_row
from .model import (
    CHANGES_KEPT,
    RUN_TASK,
    STALL_AFTER,
    BatchOutcome,
    BulkOperation,
    OperationStatus,
    OperationType,
    RowError,
)
from .parameters import ExportFormat, ExportParams, FieldParams, ImportParams, NotifyParams, StatusParams, decode
from .ports import BulkAccounts, BulkFiles, CsvExportSink, ExportSink, Inviter, OperationStore, Revoker
from .progress import PROGRESS_EVERY, Tick, Ticker

S = OperationStatus
UPLOADS_KEPT = timedelta(days=7)  # an import's file, for an operation waiting for approval or resumed
MAX_ATTEMPTS = 3  # runs that ended in an error before the operation is failed


@dataclass(frozen=True)
class BulkSettings:
    batch_size: int = 500
    approval_threshold: int | Callable[[], int] = 1000  # a source: the run-time `approvals` policy
    max_rows: int = 200_000
    notify_per_minute: int = 600
    export_ttl: timedelta = timedelta(hours=24)
    export_chunk: int = 5000


class Pause(Protocol):
    def sleep(self, seconds: float) -> None: ...


class Principals(Protocol):
    def principal_for_user(self, user_id: int) -> Principal | None: ...


Step = Callable[[BulkOperation, Tick], BatchOutcome | None]  # one batch in the caller's unit of work; None: done


@dataclass
class BulkRunner:
    store: OperationStore
    accounts: BulkAccounts
    files: BulkFiles
    revoker: Revoker
    inviter: Inviter
    principals: Principals
    audit: AuditTrail
    uow: UnitOfWork
    clock: Clock
    pause: Pause
    settings: BulkSettings = field(default_factory=BulkSettings)

    def run(self, operation_id: int) -> None:
        """Run (or resume) the operation to its end, unless it is finished, waiting, or cancelled meanwhile."""
        op = self._begin(operation_id)
        if op is None:
            return
        try:
            self._run(op)
        except Exception as exc:
            self._setback(operation_id, exc)
            raise

    def sweep(self) -> list[int]:
        """Re-enqueue operations whose worker died (heartbeat older than a minute) or whose task was lost."""
        ids = self.store.stalled(self.clock.now() - STALL_AFTER)
        self.files.purge(self.clock.now() - self.settings.export_ttl, self.clock.now() - UPLOADS_KEPT)
        with self.uow:
            for operation_id in ids:
                self.uow.enqueue(RUN_TASK, operation_id=operation_id)
            self.uow.commit()
        return ids

    # -- the loop --------------------------------------------------------------------------------------
    def _begin(self, operation_id: int) -> BulkOperation | None:
        with self.uow:
            op = self.store.get_for_update(operation_id)
            if op is None or op.status not in (S.PENDING, S.IN_PROGRESS):
                return None
            alive = op.status is S.IN_PROGRESS and not op.stalled(self.clock.now())
            if alive and op.operation_type is OperationType.EXPORT:
                return None  # an export's file has one writer: another runner is at work on it
            op.start(self.clock.now())
            if op.operation_type is OperationType.EXPORT:  # an export starts again from the top: its file is rewritten
                op.checkpoint = op.processed = op.success_count = op.skipped_count = op.error_count = 0
            self.store.save(op)
            self.uow.publish(BulkProgress.of(op, self.clock.now()))
            self.uow.commit()
        return op

    def _run(self, op: BulkOperation) -> None:
        actor = self.principals.principal_for_user(op.created_by)
        if actor is None:
            self._end(op.id, S.FAILED, reason="the person who started the operation may no longer act")
            return
        params = decode(op.operation_type, op.parameters)
        if isinstance(params, ExportParams):
            self._export(op, params)
            return
        try:
            step = self._step(actor, op, params)
            while self._batch(actor, op.id, step):
                if isinstance(params, NotifyParams):
                    self._pace(op.id)
        except Unprocessable as exc:  # an import file past a cap, or broken after its header: no retry mends it
            if exc.code != "invalid_import_file":
                raise
            self._end(op.id, S.FAILED, reason=exc.message, code=exc.code)

    def _step(self, actor: Principal, op: BulkOperation, params: object) -> Step:
        size, now, dry = self.settings.batch_size, self.clock.now, op.dry_run
        if isinstance(params, ImportParams):
            return self._import_step(actor, op, params)
        if isinstance(params, NotifyParams):
            size = min(size, max(1, self.settings.notify_per_minute))

        def step(current: BulkOperation, tick: Tick) -> BatchOutcome | None:
            assert isinstance(params, StatusParams | FieldParams | NotifyParams)
            ids = t.next_ids(self.accounts, params.targets, current.checkpoint, size, now())
            if not ids:
                return None
            if isinstance(params, StatusParams):
                return t.update_status(actor, self.accounts, self.revoker, self.uow, params, ids, now(), dry, tick)
            if isinstance(params, FieldParams):
                return t.update_fields(self.accounts, params, ids, now(), dry, tick)
            return t.notify(self.accounts, self.uow, params, ids, dry, tick)

        return step

    def _import_step(self, actor: Principal, op: BulkOperation, params: ImportParams) -> Step:
        sheet = self.files.sheet(params.file_key, params.file_name)
        columns, seen, rows = check_header(sheet.header), Seen(), sheet.rows
        checked: Iterator[Row | RowError] = (seen.check(parse_row(n, columns, cells)) for n, cells in rows)
        consumed = 0
        for _ in range(op.checkpoint):  # rows done before: only what they tell about duplicates is needed
            next(checked, None)
            consumed += 1
        reason = f"bulk import (operation {op.id})"

        def step(current: BulkOperation, tick: Tick) -> BatchOutcome | None:
            nonlocal consumed
            while consumed < current.checkpoint:  # another runner (a re-enqueued one) did these rows meanwhile
                if next(checked, None) is None:
                    break
                consumed += 1
            items = [item for _, item in zip(range(self.settings.batch_size), checked, strict=False)]
            if not items:
                return None
            consumed += len(items)
            batch = ImportBatch(
                actor,
                self.accounts,
                self.revoker,
                self.inviter,
                self.uow,
                params.mode,
                reason,
                self.clock.now(),
                current.dry_run,
                tick,
            )
            return batch.apply(items, consumed)

        return step

    def _batch(self, actor: Principal, operation_id: int, step: Step) -> bool:
        """One batch with its checkpoint, counters and errors, and an audit entry per person it changed (a
        `bulk.change` whose subject is that person, for their data-access report); False when it is over."""
        with self.uow:
            now = self.clock.now()
            op = self.store.get_for_update(operation_id)
            if op is None or op.status is not S.IN_PROGRESS:
                return False
            if op.cancel_requested:
                self._close(op, S.CANCELLED, now)
                self.uow.commit()
                return False
            outcome = step(op, Ticker(self.uow, self.clock, op, now))
            now = self.clock.now()  # the batch's end: its heartbeat and report
            if outcome is None:
                if op.operation_type is OperationType.IMPORT_USERS:
                    op.total_items = op.processed  # the request counted lines; the rows with data are known now
                self._close(op, S.COMPLETED, now)
            else:
                op.advance(outcome, now)
                self.store.add_errors(op.id, outcome.errors)
                self._keep_changes(op, outcome)
                if outcome.changed:
                    kind = {"operation_type": op.operation_type.value}
                    self.audit.record_each(actor, "bulk.change", "bulk_operation", op.id, outcome.changed, kind)
                self.store.save(op)
                self.uow.publish(BulkProgress.of(op, now))
            self.uow.commit()
        return outcome is not None

    def _keep_changes(self, op: BulkOperation, outcome: BatchOutcome) -> None:
        """A dry run's changed rows, with the checkpoint: the first CHANGES_KEPT stored, all of them counted."""
        if not outcome.changes:
            return
        counted = int(op.results.get("changed_rows", 0))
        self.store.add_changes(op.id, outcome.changes[: max(0, CHANGES_KEPT - counted)])
        op.results["changed_rows"] = counted + len(outcome.changes)

    def _pace(self, operation_id: int) -> None:
        """Notifications leave at most notify_per_minute: wait for the next batch's turn, beating and reporting
        every 2 s, and stop waiting when the operation is cancelled."""
        while True:
            with self.uow:
                op = self.store.get_for_update(operation_id)
                if op is None or op.started_at is None or op.status is not S.IN_PROGRESS or op.cancel_requested:
                    return
                due = op.started_at + timedelta(minutes=op.processed / max(1, self.settings.notify_per_minute))
                now = self.clock.now()
                if now >= due:
                    return
                op.heartbeat_at = now
                self.store.save(op)
                self.uow.publish(BulkProgress.of(op, now))
                self.uow.commit()
            self.pause.sleep(min(PROGRESS_EVERY.total_seconds(), (due - now).total_seconds()))

    # -- export ----------------------------------------------------------------------------------------
    def _export(self, op: BulkOperation, params: ExportParams) -> None:
        """CSV as the database renders it (COPY on PostgreSQL); XLSX and JSON from rows streamed by a cursor."""
        criteria, chunk, fields = params.search.criteria(self.clock.now()), self.settings.export_chunk, params.fields
        sink: CsvExportSink | ExportSink | None
        if params.format is ExportFormat.CSV:
            sink = csv = None if op.dry_run else self.files.csv_sink(op.id, fields)

            def counts() -> Iterator[int]:
                for n, data in self.accounts.export_csv(criteria, fields, chunk):
                    if csv is not None:
                        csv.write_csv(data, n)
                    yield n
        else:
            sink = rows = None if op.dry_run else self.files.export_sink(op.id, params.format.value, fields)
            shape = plain_row if params.format is ExportFormat.JSON else safe_row

            def counts() -> Iterator[int]:
                for part in self.accounts.export_rows(criteria, fields, chunk):
                    if rows is not None:
                        rows.write([shape(r) for r in part])
                    yield len(part)

        written, reported = 0, self.clock.now()
        for n in counts():
            written += n
            if self.clock.now() - reported >= PROGRESS_EVERY or written % (chunk * 10) == 0:
                reported = self.clock.now()
                if not self._export_progress(op.id, written):
                    return  # cancelled: no file
        stored = sink.close() if sink is not None else None
        self._export_progress(op.id, written)
        results: dict[str, object] = {"rows": written}
        if stored is not None:
            expires = self.clock.now() + self.settings.export_ttl
            results |= {"file": stored.key, "size": stored.size, "expires_at": expires.isoformat()}
        self._end(op.id, S.COMPLETED, **results)

    def _export_progress(self, operation_id: int, written: int) -> bool:
        with self.uow:
            now = self.clock.now()
            op = self.store.get_for_update(operation_id)
            if op is None or op.status is not S.IN_PROGRESS:
                return False
            if op.cancel_requested:
                self._close(op, S.CANCELLED, now)
                self.uow.commit()
                return False
            op.advance(BatchOutcome(written, written - op.processed), now)
            self.store.save(op)
            self.uow.publish(BulkProgress.of(op, now))
            self.uow.commit()
        return True

    # -- endings ---------------------------------------------------------------------------------------
    def _close(self, op: BulkOperation, status: OperationStatus, now: datetime, **results: object) -> None:
        op.finish(status, now, **results)
        self.store.save(op)
        self.uow.publish(BulkProgress.of(op, now))
        totals = {
            "status": status.value,
            "total_items": op.total_items,
            "processed": op.processed,
            "success_count": op.success_count,
            "error_count": op.error_count,
            "skipped_count": op.skipped_count,
            "dry_run": op.dry_run,
            **results,
        }
        self.audit.record(SYSTEM, "bulk.finish", "bulk_operation", op.id, totals)

    def _end(self, operation_id: int, status: OperationStatus, **results: object) -> None:
        with self.uow:
            op = self.store.get_for_update(operation_id)
            if op is not None and op.status is S.IN_PROGRESS:
                self._close(op, status, self.clock.now(), **results)
            self.uow.commit()

    def _setback(self, operation_id: int, exc: Exception) -> None:
        """A run that raised: the operation stays in progress for the sweeper to resume, and fails after
        MAX_ATTEMPTS such runs (a bug, or a file that became unreadable, does not loop forever)."""
        with self.uow:
            op = self.store.get_for_update(operation_id)
            if op is not None and op.status is S.IN_PROGRESS:
                attempts = int(op.results.get("failed_runs", 0)) + 1
                op.results["failed_runs"] = attempts
                op.results["last_error"] = type(exc).__name__
                if attempts >= MAX_ATTEMPTS:
                    self._close(op, S.FAILED, self.clock.now(), reason=type(exc).__name__)
                else:
                    self.store.save(op)
            self.uow.commit()
