"""The audit module assembled from its ports (the composition root calls `Audit.build`)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .admin_site import AdminSiteAudit
from .model import Keyring
from .ports import AuditChain, AuditLog
from .sealing import AuditSealer
from .service import AuditService
from .verify import AuditVerifier


@dataclass(frozen=True)
class Audit:
    service: AuditService  # record and read; every other module writes through it (domain.shared.audit.AuditTrail)
    sealer: AuditSealer  # chains the recorded entries, publishes checkpoints
    verifier: AuditVerifier  # proves the chain unbroken
    admin: AdminSiteAudit  # what people do in Django's admin site, recorded through the service

    @staticmethod
    def build(*, log: AuditLog, chain: AuditChain, keyring: Keyring, uow: UnitOfWork, clock: Clock) -> Audit:
        service = AuditService(log, chain, keyring, clock, uow)
        return Audit(
            service=service,
            sealer=AuditSealer(chain, keyring, clock, uow),
            verifier=AuditVerifier(chain, keyring),
            admin=AdminSiteAudit(service, uow),
        )
