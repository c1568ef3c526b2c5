"""RetentionStore over the harness's in-memory stores: every data class the domain names, storage only (the
cutoffs, the periods and the held people come from the domain). The harness has no outbox table: the delivered
notifications it keeps (`OutboxRow`) are this fake's own rows, as the outbox table is the Django adapter's."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.bulk import InMemoryBulkOperations
from adapters.memory.identity import InMemoryTokenStore
from adapters.memory.monitoring import InMemoryMonitoring
from adapters.memory.privacy import InMemoryPrivacyRequests
from adapters.memory.security import InMemorySecurityEvents
from adapters.memory.tickets import InMemoryTickets
from domain.privacy.model import DataClass, RequestKind, Stage
from domain.privacy.ports import ExportFiles

C = DataClass
FINISHED_BULK = ("completed", "failed", "cancelled")
FINISHED_EXPORTS = (Stage.EXPIRED, Stage.CANCELLED, Stage.REJECTED, Stage.FAILED)


@dataclass
class OutboxRow:
    """A notification to an address, delivered (or not yet)."""

    id: int
    to: str
    delivered_at: datetime | None


class InMemoryRetention:
    def __init__(
        self,
        people: InMemoryAccounts,
        security: InMemorySecurityEvents,
        tickets: InMemoryTickets,
        tokens: InMemoryTokenStore,
        operations: InMemoryBulkOperations,
        requests: InMemoryPrivacyRequests,
        monitor: InMemoryMonitoring,
        bulk_files: Any = None,
        privacy_files: ExportFiles | None = None,
    ):
        self.people, self.security, self.tickets, self.tokens = people, security, tickets, tokens
        self.operations, self.requests, self.monitor = operations, requests, monitor
        self.bulk_files, self.privacy_files = bulk_files, privacy_files
        self.outbox: list[OutboxRow] = []

    def _expired(self, data_class: DataClass, before: datetime, held: Collection[int]) -> list[tuple[Any, Any]]:
        """(id, row) pairs, by id."""
        p = self
        rows: dict[DataClass, Callable[[], list[tuple[Any, Any]]]] = {
            C.ACTIVITY: lambda: [
                (a.id, a)
                for a in p.people.activities
                if a.timestamp < before and p.people.activity_users.get(a.id) not in held
            ],
            C.CLOSED_TICKETS: lambda: [
                (t.id, t)
                for t in p.tickets.rows.values()
                if t.status.value == "closed" and t.closed_at and t.closed_at < before and t.user_id not in held
            ],
            C.SECURITY_EVENTS: lambda: [
                (e.id, e) for e in p.security.events if e.timestamp < before and e.user_id not in held
            ],
            C.EXPIRED_SESSIONS: lambda: [
                (r.id, r)
                for r in p.tokens.records.values()
                if (r.expires_at < before or (r.revoked_at is not None and r.revoked_at < before))
                and r.user_id not in held
            ],
            C.DELIVERED_OUTBOX: lambda: [
                (o.id, o) for o in p.outbox if o.delivered_at is not None and o.delivered_at < before
            ],
            C.BULK_OPERATIONS: lambda: [
                (o.id, o)
                for o in p.operations.operations.values()
                if o.status.value in FINISHED_BULK and o.completed_at and o.completed_at < before
            ],
            C.PRIVACY_EXPORTS: lambda: [
                (r.id, r)
                for r in p.requests.rows.values()
                if r.kind is RequestKind.EXPORT
                and r.stage in FINISHED_EXPORTS
                and r.finished_at
                and r.finished_at < before
                and r.user_id not in held
            ],
            C.SESSION_RECORDINGS: lambda: [
                (n, r)
                for n, r in enumerate(p.monitor.replay)
                if r.at < before and self._owner(r.session_id) not in held
            ],
        }
        return sorted(rows[data_class](), key=lambda pair: pair[0])

    def _owner(self, session_id: int) -> int | None:
        session = self.monitor.sessions.get(session_id)
        return session.user_id if session else None

    def count(self, data_class: DataClass, before: datetime, held: Collection[int]) -> int:
        return len(self._expired(data_class, before, held))

    def purge(self, data_class: DataClass, before: datetime, held: Collection[int], limit: int) -> int:
        gone = self._expired(data_class, before, held)[:limit]
        ids = {i for i, _ in gone}
        p = self.people
        if data_class is C.ACTIVITY:
            p.activities = [a for a in p.activities if a.id not in ids]
            p.activity_users = {i: u for i, u in p.activity_users.items() if i not in ids}
        elif data_class is C.CLOSED_TICKETS:
            self.tickets.rows = {k: t for k, t in self.tickets.rows.items() if k not in ids}
            self.tickets.history = [u for u in self.tickets.history if u.ticket_id not in ids]
        elif data_class is C.SECURITY_EVENTS:
            self.security.events = [e for e in self.security.events if e.id not in ids]
        elif data_class is C.EXPIRED_SESSIONS:
            self.tokens.records = {k: r for k, r in self.tokens.records.items() if k not in ids}
        elif data_class is C.DELIVERED_OUTBOX:
            self.outbox = [o for o in self.outbox if o.id not in ids]
        elif data_class is C.BULK_OPERATIONS:
            for _, op in gone:
                for key in (op.results.get("file"), op.parameters.get("file_key")):
                    if key and self.bulk_files is not None:
                        self.bulk_files.delete(str(key))
            self.operations.operations = {k: o for k, o in self.operations.operations.items() if k not in ids}
        elif data_class is C.PRIVACY_EXPORTS:
            for _, request in gone:
                if request.file_key and self.privacy_files is not None:
                    self.privacy_files.delete(request.file_key)
            self.requests.rows = {k: r for k, r in self.requests.rows.items() if k not in ids}
        elif data_class is C.SESSION_RECORDINGS:
            self.monitor.replay = [r for n, r in enumerate(self.monitor.replay) if n not in ids]
        return len(gone)
