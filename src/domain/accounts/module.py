"""The accounts module assembled from its ports (the composition root calls `Accounts.build`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .ingest_service import ActivityIngestion
from .ports import (
    AccessRevoker,
    ActivityObserver,
    IngestionStore,
    ProfileQueries,
    ProfileRepository,
    SecurityReports,
)
from .service import AccountsService


@dataclass(frozen=True)
class AccountsStores:
    profiles: ProfileRepository
    queries: ProfileQueries
    ingestion: IngestionStore


@dataclass(frozen=True)
class Accounts:
    service: AccountsService  # learner profiles, their search and status machine
    ingestion: ActivityIngestion  # activity pushed by platform services

    @staticmethod
    def build(
        *,
        stores: AccountsStores,
        revoker: AccessRevoker,
        security: SecurityReports,
        observers: Sequence[ActivityObserver],
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
    ) -> Accounts:
        """`revoker`: ends access on leaving `active`; `security`: stores reported security events; `observers`:
        modules that follow learning activity (analytics)."""
        s = stores
        return Accounts(
            service=AccountsService(
                profiles=s.profiles, queries=s.queries, revoker=revoker, audit=audit, uow=uow, clock=clock
            ),
            ingestion=ActivityIngestion(
                store=s.ingestion, audit=audit, uow=uow, clock=clock, security=security, observers=observers
            ),
        )
