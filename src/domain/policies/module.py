"""Run-time policies assembled from their ports (entrypoints.modules names `RuntimePolicies.build`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .ports import PolicyStore, SecurityLog
from .reader import Defaults, PolicyReader
from .service import Policies


@dataclass(frozen=True)
class PolicyStores:
    store: PolicyStore
    defaults: Defaults  # each group's defaults (the environment's settings), asked on every read
    max_age: timedelta  # how old this process's copy of the overrides may get


@dataclass(frozen=True)
class RuntimePolicies:
    reader: PolicyReader  # the values in force, in this process
    service: Policies  # read and change them (platform admins)

    @staticmethod
    def build(
        *, stores: PolicyStores, security: SecurityLog, audit: AuditTrail, uow: UnitOfWork, clock: Clock
    ) -> RuntimePolicies:
        reader = PolicyReader(stores.store, stores.defaults, clock, stores.max_age)
        return RuntimePolicies(reader, Policies(stores.store, reader, security, audit, uow, clock))
