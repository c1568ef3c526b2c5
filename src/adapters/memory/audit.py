from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from domain.audit.model import AUDIT_CURSOR, GENESIS_HASH, AuditEntry, AuditFilter, AuditRecord
from domain.shared.pagination import Page, PageRequest, page_from_rows


class InMemoryAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def append(self, record: AuditRecord) -> AuditEntry:
        prev = self.entries[-1].hash if self.entries else GENESIS_HASH
        entry = AuditEntry(seq=len(self.entries) + 1, record=record, prev_hash=prev, hash=record.chain_hash(prev))
        self.entries.append(entry)
        return entry

    def search(self, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        pos = page.after(AUDIT_CURSOR)
        rows = [e for e in reversed(self.entries) if _matches(e.record, flt) and (pos is None or e.seq < pos[0])]
        return page_from_rows(rows[: page.limit + 1], page, AUDIT_CURSOR, lambda e: [e.seq])

    def chain(self) -> Iterator[AuditEntry]:
        return iter(list(self.entries))

    def tamper(self, seq: int, **changes: object) -> None:
        """For tests: edit a stored entry's content without fixing its hash."""
        i = seq - 1
        self.entries[i] = replace(self.entries[i], record=replace(self.entries[i].record, **changes))  # type: ignore[arg-type]


def _matches(r: AuditRecord, f: AuditFilter) -> bool:
    return (
        (f.actor_id is None or r.actor_id == f.actor_id)
        and (f.target_type is None or r.target_type == f.target_type)
        and (f.target_id is None or r.target_id == f.target_id)
        and (f.action is None or r.action == f.action)
        and (f.since is None or r.at >= f.since)
        and (f.until is None or r.at < f.until)
    )
