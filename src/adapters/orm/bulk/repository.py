"""The operation store on the database: rows locked per batch, keyset pages, row errors in bulk."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q

from domain.bulk.model import (
    BulkOperation,
    FieldChange,
    OperationStatus,
    OperationType,
    RowChange,
    RowError,
    RowErrorCode,
)
from domain.bulk.ports import NewOperation, OperationFilter
from domain.shared.pagination import Cursor, Page, PageRequest, page_from_rows

from .models import ACTIVE, BulkOperationRow, BulkRowChangeRow, BulkRowErrorRow

OPERATIONS_CURSOR = Cursor("bulk-operations", (int,))
ERRORS_CURSOR = Cursor("bulk-errors", (int,))
CHANGES_CURSOR = Cursor("bulk-changes", (int,))
STORED = (
    "status",
    "approved_by",
    "started_at",
    "completed_at",
    "heartbeat_at",
    "checkpoint",
    "processed",
    "success_count",
    "error_count",
    "skipped_count",
    "cancel_requested",
    "results",
)


def to_operation(r: BulkOperationRow) -> BulkOperation:
    return BulkOperation(
        id=r.pk,
        operation_type=OperationType(r.operation_type),
        created_by=r.created_by,
        parameters=dict(r.parameters),
        dry_run=r.dry_run,
        total_items=r.total_items,
        created_at=r.created_at,
        status=OperationStatus(r.status),
        approved_by=r.approved_by,
        started_at=r.started_at,
        completed_at=r.completed_at,
        heartbeat_at=r.heartbeat_at,
        checkpoint=r.checkpoint,
        processed=r.processed,
        success_count=r.success_count,
        error_count=r.error_count,
        skipped_count=r.skipped_count,
        cancel_requested=r.cancel_requested,
        results=dict(r.results),
    )


def to_error(r: BulkRowErrorRow) -> RowError:
    return RowError(RowErrorCode(r.code), r.message, r.row, r.user_id, r.field)


class DjangoBulkOperations:
    def add(self, new: NewOperation) -> BulkOperation | None:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on after a refusal
                row = BulkOperationRow.objects.create(
                    operation_type=new.operation_type.value,
                    status=new.status.value,
                    created_by=new.created_by,
                    parameters=new.parameters,
                    dry_run=new.dry_run,
                    total_items=new.total_items,
                    created_at=new.created_at,
                )
        except IntegrityError:
            return None
        return to_operation(row)

    def get(self, operation_id: int) -> BulkOperation | None:
        row = BulkOperationRow.objects.filter(pk=operation_id).first()
        return to_operation(row) if row else None

    def get_for_update(self, operation_id: int) -> BulkOperation | None:
        row = BulkOperationRow.objects.select_for_update().filter(pk=operation_id).first()
        return to_operation(row) if row else None

    def save(self, op: BulkOperation) -> None:
        values = {name: getattr(op, name) for name in STORED}
        values["status"] = op.status.value
        BulkOperationRow.objects.filter(pk=op.id).update(**values)

    def active_of(self, created_by: int, kind: OperationType) -> BulkOperation | None:
        row = BulkOperationRow.objects.filter(
            created_by=created_by, operation_type=kind.value, status__in=ACTIVE
        ).first()
        return to_operation(row) if row else None

    def search(self, flt: OperationFilter, page: PageRequest) -> Page[BulkOperation]:
        qs = BulkOperationRow.objects.all()
        after = page.after(OPERATIONS_CURSOR)
        if after is not None:
            qs = qs.filter(pk__lt=after[0])
        if flt.operation_type is not None:
            qs = qs.filter(operation_type=flt.operation_type.value)
        if flt.status is not None:
            qs = qs.filter(status=flt.status.value)
        if flt.created_by is not None:
            qs = qs.filter(created_by=flt.created_by)
        if flt.since is not None:
            qs = qs.filter(created_at__gte=flt.since)
        rows = [to_operation(r) for r in qs.order_by("-id")[: page.limit + 1]]
        return page_from_rows(rows, page, OPERATIONS_CURSOR, lambda o: [o.id])

    def stalled(self, beat_before: datetime) -> list[int]:
        old = Q(heartbeat_at__lt=beat_before) | Q(heartbeat_at__isnull=True, created_at__lt=beat_before)
        qs = BulkOperationRow.objects.filter(old, status__in=("pending", "in_progress"))
        return list(qs.order_by("id").values_list("id", flat=True))

    def add_errors(self, operation_id: int, errors: Sequence[RowError]) -> None:
        BulkRowErrorRow.objects.bulk_create(
            [
                BulkRowErrorRow(
                    operation_id=operation_id,
                    row=e.row,
                    user_id=e.user_id,
                    field=e.field[:50],
                    code=e.code.value,
                    message=e.message[:500],
                )
                for e in errors
            ],
            batch_size=1000,
        )

    def errors(self, operation_id: int, page: PageRequest) -> Page[RowError]:
        qs = BulkRowErrorRow.objects.filter(operation_id=operation_id)
        after = page.after(ERRORS_CURSOR)
        if after is not None:
            qs = qs.filter(pk__gt=after[0])
        rows = list(qs.order_by("id")[: page.limit + 1])
        result = page_from_rows(rows, page, ERRORS_CURSOR, lambda r: [r.pk])
        return Page([to_error(r) for r in result.items], result.next_cursor)

    def all_errors(self, operation_id: int) -> Iterator[RowError]:
        qs = BulkRowErrorRow.objects.filter(operation_id=operation_id).order_by("id")
        return (to_error(r) for r in qs.iterator(chunk_size=2000))

    def add_changes(self, operation_id: int, changes: Sequence[RowChange]) -> None:
        BulkRowChangeRow.objects.bulk_create(
            [
                BulkRowChangeRow(
                    operation_id=operation_id,
                    user_id=c.user_id,
                    username=c.username[:150],
                    row=c.row,
                    fields=[[f.field, f.before, f.after] for f in c.changes],
                )
                for c in changes
            ],
            batch_size=1000,
        )

    def changes(self, operation_id: int, page: PageRequest) -> Page[RowChange]:
        qs = BulkRowChangeRow.objects.filter(operation_id=operation_id)
        after = page.after(CHANGES_CURSOR)
        if after is not None:
            qs = qs.filter(pk__gt=after[0])
        rows = list(qs.order_by("id")[: page.limit + 1])
        result = page_from_rows(rows, page, CHANGES_CURSOR, lambda r: [r.pk])
        return Page([to_change(r) for r in result.items], result.next_cursor)


def to_change(r: BulkRowChangeRow) -> RowChange:
    return RowChange(r.user_id, r.username, tuple(FieldChange(*f) for f in r.fields), r.row)
