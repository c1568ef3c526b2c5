"""The bulk operations module assembled from its ports (the composition root calls `Bulk.build`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.shared.audit import AuditTrail, ExportWatch
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .exporting import PersonalDataExportAlarm
from .model import RUN_TASK
from .ports import BulkAccounts, BulkFiles, Inviter, OperationStore, Revoker
from .runner import BulkRunner, BulkSettings, Pause, Principals
from .service import BulkService


@dataclass(frozen=True)
class BulkStores:
    operations: OperationStore
    accounts: BulkAccounts
    files: BulkFiles
    pause: Pause  # between batches: a sleep, or the harness's clock


@dataclass(frozen=True)
class Bulk:
    service: BulkService  # preview, start, approve, cancel, download
    runner: BulkRunner  # the background run, batch by batch, and its sweep

    @staticmethod
    def build(
        *,
        stores: BulkStores,
        revoker: Revoker,
        inviter: Inviter,
        principals: Principals,
        exports: ExportWatch,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: BulkSettings,
    ) -> Bulk:
        """`revoker`: identity's revocation ending impersonations too; `inviter`: security's password resets;
        `principals`: identity's; `exports`: security's personal_data_export rule, raised at download."""
        s, alarm = stores, PersonalDataExportAlarm(exports)
        return Bulk(
            service=BulkService(
                store=s.operations,
                accounts=s.accounts,
                files=s.files,
                alarm=alarm,
                audit=audit,
                uow=uow,
                clock=clock,
                settings=settings,
            ),
            runner=BulkRunner(
                store=s.operations,
                accounts=s.accounts,
                files=s.files,
                revoker=revoker,
                inviter=inviter,
                principals=principals,
                audit=audit,
                uow=uow,
                clock=clock,
                pause=s.pause,
                settings=settings,
            ),
        )

    def tasks(self) -> dict[str, Callable[..., object]]:
        """The background tasks this module enqueues, by name (entrypoints.tasks runs them on Huey)."""
        return {RUN_TASK: self.runner.run}
