"""Reading impersonation sessions: the list (support_admin, platform_admin, compliance_officer), one session with
every request made under it, and the statistics. Reads of sessions are audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import Impersonation, ImpersonationFilter, RequestRecord, SessionDetail
from .ports import ImpersonationStore
from .service import not_found
from .stats import ImpersonationStats, compute

DEFAULT_SPAN = timedelta(days=30)
MAX_SPAN = timedelta(days=366)
REQUEST_ACTION = "impersonation.request_made"


class ImpersonationReader:
    def __init__(self, store: ImpersonationStore, audit: AuditService, uow: UnitOfWork, clock: Clock):
        self.store, self.audit, self.uow, self.clock = store, audit, uow, clock

    def search(
        self,
        actor: Principal,
        flt: ImpersonationFilter,
        page: PageRequest,
        *,
        active: bool = False,
        pending: bool = False,
    ) -> Page[Impersonation]:
        actor.require(Permission.IMPERSONATION_READ)
        now = self.clock.now()
        flt = replace(flt, active_at=now if active else None, pending_at=now if pending else None)
        result = self.store.search(flt, page)
        with self.uow:
            details = {"returned": [s.id for s in result.items], "active": active, "pending": pending}
            self.audit.record(actor, "impersonation.list", "impersonation", "", details)
            self.uow.commit()
        return result

    def detail(self, actor: Principal, session_id: int) -> SessionDetail:
        """A session with every request made under it, oldest first. Its impersonator may read their own."""
        session = self.store.get(session_id)
        own = session is not None and session.impersonator.id == actor.user_id and actor.impersonator_id is None
        if not own:
            self.audit.require(actor, Permission.IMPERSONATION_READ, "impersonation", session_id)
        if session is None:
            raise not_found(session_id)
        requests = self._requests(session_id)
        with self.uow:
            self.audit.record(actor, "impersonation.read", "impersonation", session_id)
            self.uow.commit()
        return SessionDetail(session, requests)

    def stats(self, actor: Principal, start: datetime | None, end: datetime | None) -> ImpersonationStats:
        """From `start` (default: 30 days before `end`) to `end` (default: now), at most 366 days."""
        actor.require(Permission.IMPERSONATION_READ)
        now = self.clock.now()
        end = end or now
        start = start or end - DEFAULT_SPAN
        if start >= end or end - start > MAX_SPAN:
            raise InvalidInput("from must precede to, at most 366 days apart", code="invalid_range")
        return compute(self.store.requested_between(start, end), start, end, now)

    def _requests(self, session_id: int) -> list[RequestRecord]:
        found: list[RequestRecord] = []
        page = PageRequest(limit=200)
        while True:
            result = self.audit.about("impersonation", session_id, page)
            for e in result.items:
                d = e.record.details
                if e.record.action == REQUEST_ACTION:
                    found.append(
                        RequestRecord(
                            e.seq,
                            e.record.at,
                            str(d.get("method", "")),
                            str(d.get("path", "")),
                            int(d.get("status", 0)),
                            str(d.get("outcome", "")),
                        )
                    )
            if result.next_cursor is None:
                return sorted(found, key=lambda r: r.seq)
            page = PageRequest(limit=200, cursor=result.next_cursor)
