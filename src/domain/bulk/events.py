"""What the bulk module tells the event stream: an operation's progress, on its own channel and on `bulk`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import BULK, bulk_channel
from domain.shared.events import Event

from .model import BulkOperation, OperationStatus, OperationType


@dataclass(frozen=True)
class BulkProgress(Event):
    """After each batch (and at least every 2 s while an operation runs), and on each change of status."""

    TYPE = "bulk.progress"
    operation_id: int
    operation_type: OperationType
    status: OperationStatus
    progress: float
    total_items: int
    processed: int
    success_count: int
    error_count: int
    skipped_count: int
    dry_run: bool
    at: datetime

    def channels(self) -> tuple[str, ...]:
        return (BULK, bulk_channel(self.operation_id))

    @staticmethod
    def of(op: BulkOperation, at: datetime) -> BulkProgress:
        return BulkProgress(
            op.id,
            op.operation_type,
            op.status,
            op.progress,
            op.total_items,
            op.processed,
            op.success_count,
            op.error_count,
            op.skipped_count,
            op.dry_run,
            at,
        )
