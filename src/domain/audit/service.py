"""Recording and reading the audit trail."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.shared.clock import Clock
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .events import AuditRecorded
from .model import (
    AuditEntry,
    AuditFilter,
    AuditRecord,
    Checkpoint,
    Keyring,
    entry_message,
    scrub,
)
from .ports import AuditChain, AuditLog


class AuditService:
    def __init__(self, log: AuditLog, chain: AuditChain, keyring: Keyring, clock: Clock, uow: UnitOfWork):
        self.log = log
        self.chain = chain
        self.keyring = keyring
        self.clock = clock
        self.uow = uow

    def record(
        self,
        actor: Principal | None,
        action: str,
        target_type: str,
        target_id: object,
        details: Mapping[str, Any] | None = None,
        subject_id: int | None = None,
    ) -> AuditEntry:
        """Call inside the unit of work of the change being recorded: the entry commits or rolls back with it.
        It is MAC'd here and chained later by the sealer, so recording takes no lock that other requests share.
        Compliance staff watching the `audit` channel see the entry (without its details) once that work
        commits. Under impersonation the staff member is the actor and the learner is `on_behalf_of`. `subject_id`
        names the person whose data the entry shows or changes when the target is something else (a ticket)."""
        record = self._record(actor, action, target_type, target_id, details, subject_id)
        key_id, nonce = self.keyring.current_id, secrets.token_hex(8)
        entry = self.log.append(record, key_id, nonce, self.keyring.mac(key_id, entry_message(record, nonce)))
        # no outbox row: the entry itself is what the audit channel replays (ids are entry seqs)
        self.uow.announce(AuditRecorded.of(entry.seq, record), entry.seq)
        return entry

    def record_each(
        self,
        actor: Principal | None,
        action: str,
        target_type: str,
        target_id: object,
        subjects: Sequence[int],
        details: Mapping[str, Any] | None = None,
    ) -> list[AuditEntry]:
        """One entry per person (`subject_id`), written in one statement: a bulk batch's changes, person by person,
        in the batch's unit of work."""
        items = []
        for subject in subjects:
            record = self._record(actor, action, target_type, target_id, details, subject)
            key_id, nonce = self.keyring.current_id, secrets.token_hex(8)
            items.append((record, key_id, nonce, self.keyring.mac(key_id, entry_message(record, nonce))))
        entries = self.log.append_many(items)
        for entry in entries:
            self.uow.announce(AuditRecorded.of(entry.seq, entry.record), entry.seq)
        return entries

    def _record(
        self,
        actor: Principal | None,
        action: str,
        target_type: str,
        target_id: object,
        details: Mapping[str, Any] | None,
        subject_id: int | None,
    ) -> AuditRecord:
        meta = actor.meta if actor else None
        acting_as = actor.user_id if actor and actor.impersonator_id is not None else None
        return AuditRecord(
            actor_id=actor.real_user_id if actor and actor.real_user_id else None,
            impersonator_id=actor.impersonator_id if actor else None,
            on_behalf_of=acting_as,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            at=self.clock.now(),
            ip=meta.ip if meta else None,
            user_agent=(meta.user_agent if meta else "")[:512],
            request_id=meta.request_id if meta else "",
            details=scrub(details or {}),
            subject_id=subject_id,
        )

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

    def about(self, target_type: str, target_id: object, page: PageRequest) -> Page[AuditEntry]:
        """The entries about one target, newest first, for another module's use case that checks its own
        permission and audits its own read (a person's security timeline). No check and no entry here."""
        return self.log.search(AuditFilter(target_type=target_type, target_id=str(target_id)), page)

    def recorded(self, action: str, since: datetime, until: datetime, page: PageRequest) -> Page[AuditEntry]:
        """The entries of one action recorded in [since, until), newest first, for another module's background rule
        (security's mass-access detection). No check and no entry here."""
        return self.log.search(AuditFilter(action=action, since=since, until=until), page)

    def checkpoints(self, principal: Principal, page: PageRequest) -> Page[Checkpoint]:
        """The chain positions the sealer has published, newest first: compare them with the copies in the
        log (`audit.checkpoint` lines) to prove the database was not cut short."""
        principal.require(Permission.AUDIT_READ)
        return self.chain.checkpoints(page)
