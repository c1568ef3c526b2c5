"""Legal holds: a compliance officer keeps a person's data (no erasure, no retention purge) for a reason, until a
date or until released."""

from __future__ import annotations

from datetime import datetime

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import NotFound, Unprocessable
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import MAX_REASON, LegalHold
from .ports import HoldStore, Subjects

TARGET = "legal_hold"


class LegalHolds:
    def __init__(self, store: HoldStore, subjects: Subjects, audit: AuditTrail, uow: UnitOfWork, clock: Clock):
        self.store, self.subjects, self.audit, self.uow, self.clock = store, subjects, audit, uow, clock

    def place(self, actor: Principal, user_id: int, reason: str, ends_at: datetime | None) -> LegalHold:
        self.audit.require(actor, Permission.PRIVACY_DECIDE, "user", user_id)
        reason, now = reason.strip(), self.clock.now()
        if not reason:
            raise Unprocessable("A reason is required.", code="privacy_reason_required")
        if len(reason) > MAX_REASON:
            raise Unprocessable(f"reason is longer than {MAX_REASON} characters.", code="privacy_reason_too_long")
        if ends_at is not None and ends_at <= now:
            raise Unprocessable("ends_at must be in the future.", code="legal_hold_ends_in_past")
        if self.subjects.get(user_id) is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        with self.uow:
            hold = self.store.add(user_id, reason, actor.real_user_id, now, ends_at)
            self.audit.record(
                actor,
                "privacy.hold_placed",
                "user",
                user_id,
                {"hold_id": hold.id, "reason": reason, "ends_at": ends_at},
            )
            self.uow.commit()
        return hold

    def release(self, actor: Principal, hold_id: int) -> LegalHold:
        self.audit.require(actor, Permission.PRIVACY_DECIDE, TARGET, hold_id)
        with self.uow:
            hold = self.store.get_for_update(hold_id)
            if hold is None:
                raise NotFound("No such legal hold.", code="legal_hold_not_found", details={"id": hold_id})
            hold.release(actor.real_user_id, self.clock.now())
            self.store.save(hold)
            self.audit.record(actor, "privacy.hold_released", "user", hold.user_id, {"hold_id": hold.id})
            self.uow.commit()
        return hold

    def search(self, actor: Principal, user_id: int | None, page: PageRequest) -> Page[LegalHold]:
        actor.require(Permission.PRIVACY_REQUEST)
        return self.store.search(user_id, page)
