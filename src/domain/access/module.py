"""Access limits assembled from their ports (entrypoints.modules names `Access.build`)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .gate import NetworkGate
from .ports import Marks, NetworkPolicySource, SecurityLog, StaffLookup


@dataclass(frozen=True)
class AccessStores:
    policy: NetworkPolicySource
    marks: Marks  # break-glass exemptions and the refusal event's cooldown: kept whatever a unit of work does
    people: StaffLookup


@dataclass(frozen=True)
class Access:
    gate: NetworkGate  # staff network allowlists and break-glass

    @staticmethod
    def build(
        *, stores: AccessStores, security: SecurityLog, audit: AuditTrail, uow: UnitOfWork, clock: Clock
    ) -> Access:
        """`security`: the security module's event log."""
        return Access(NetworkGate(stores.policy, stores.marks, stores.people, security, audit, uow, clock))
