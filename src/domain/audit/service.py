"""Recording and reading the audit trail; verifying its hash chain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.shared.channels import AUDIT
from domain.shared.clock import Clock
from domain.shared.events import DomainEvent
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import GENESIS_HASH, AuditEntry, AuditFilter, AuditRecord, ChainReport, scrub
from .ports import AuditLog


class AuditService:
    def __init__(self, log: AuditLog, clock: Clock, uow: UnitOfWork):
        self.log = log
        self.clock = clock
        self.uow = uow

    def record(
        self,
        actor: Principal | None,
        action: str,
        target_type: str,
        target_id: object,
        details: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        """Call inside the unit of work of the change being recorded; compliance staff watching
        the `audit` channel see the entry (without its details) once that work commits."""
        meta = actor.meta if actor else None
        entry = self.log.append(
            AuditRecord(
                actor_id=actor.user_id if actor and actor.user_id else None,
                impersonator_id=actor.impersonator_id if actor else None,
                action=action,
                target_type=target_type,
                target_id=str(target_id),
                at=self.clock.now(),
                ip=meta.ip if meta else None,
                user_agent=(meta.user_agent if meta else "")[:512],
                request_id=meta.request_id if meta else "",
                details=scrub(details or {}),
            )
        )
        r = entry.record
        self.uow.publish(
            DomainEvent(
                "audit.recorded",
                (AUDIT,),
                {
                    "seq": entry.seq,
                    "action": r.action,
                    "actor_id": r.actor_id,
                    "target_type": r.target_type,
                    "target_id": r.target_id,
                    "at": r.at.isoformat(),
                },
            )
        )
        return entry

    def require(self, actor: Principal, permission: Permission, target_type: str, target_id: object) -> None:
        """`actor.require(permission)` for a use case on a person's data: a refusal is recorded (and kept: the
        entry is committed before the error is raised) so that auditors see who tried to look."""
        if actor.can(permission):
            return
        with self.uow:
            self.record(actor, "access.denied", target_type, target_id, {"permission": permission.value})
            self.uow.commit()
        actor.require(permission)

    def search(self, principal: Principal, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        principal.require(Permission.AUDIT_READ)
        return self.log.search(flt, page)

    def verify(self) -> ChainReport:
        prev = GENESIS_HASH
        checked = 0
        for entry in self.log.chain():
            if entry.prev_hash != prev:
                return ChainReport(checked, entry.seq, "prev_hash does not match the previous entry's hash")
            if entry.record.chain_hash(prev) != entry.hash:
                return ChainReport(checked, entry.seq, "content does not match its hash")
            prev = entry.hash
            checked += 1
        return ChainReport(checked)
