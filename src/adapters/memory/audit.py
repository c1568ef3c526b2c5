from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

from domain.audit.model import (
    AUDIT_CURSOR,
    CHECKPOINT_CURSOR,
    AuditEntry,
    AuditFilter,
    AuditRecord,
    ChainHead,
    Checkpoint,
    Seal,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows


class InMemoryAuditLog:
    """Both audit ports over plain lists: entries by id, the head, checkpoints. Storage only."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.refused: set[int] = set()
        self.stored_head = ChainHead()
        self.stored_checkpoints: list[Checkpoint] = []
        self._next = 1

    # -- AuditLog ---------------------------------------------------------------------------------
    def append(self, record: AuditRecord, key_id: str, nonce: str, mac: str) -> AuditEntry:
        entry = AuditEntry(seq=self._next, record=record, key_id=key_id, nonce=nonce, mac=mac)
        self._next += 1
        self.entries.append(entry)
        return entry

    def append_many(self, items: Sequence[tuple[AuditRecord, str, str, str]]) -> list[AuditEntry]:
        return [self.append(*item) for item in items]

    def search(self, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        pos = page.after(AUDIT_CURSOR)
        rows = [e for e in reversed(self.entries) if flt.matches(e.record) and (pos is None or e.seq < pos[0])]
        return page_from_rows(rows[: page.limit + 1], page, AUDIT_CURSOR, lambda e: [e.seq])

    # -- AuditChain -------------------------------------------------------------------------------
    def head(self) -> ChainHead:
        return self.stored_head

    def ensure_head(self) -> None:
        pass

    def lock_head(self) -> ChainHead | None:
        return self.stored_head

    def save_head(self, head: ChainHead) -> None:
        self.stored_head = head

    def pending(self, limit: int) -> list[AuditEntry]:
        return [e for e in self.entries if e.chain_seq is None and e.seq not in self.refused][:limit]

    def seal(self, seals: Sequence[Seal]) -> None:
        by_id = {s.entry_id: s for s in seals}
        self.entries = [
            replace(e, chain_seq=s.chain_seq, prev_hash=s.prev_hash, hash=s.hash)
            if (s := by_id.get(e.seq)) is not None and e.chain_seq is None
            else e
            for e in self.entries
        ]

    def refuse(self, entry_ids: Sequence[int]) -> None:
        self.refused |= set(entry_ids)

    def sealed(self) -> Iterator[AuditEntry]:
        return iter(sorted((e for e in self.entries if e.chain_seq is not None), key=lambda e: e.chain_seq or 0))

    def unsealed(self) -> Iterator[AuditEntry]:
        return iter([e for e in self.entries if e.chain_seq is None])

    def duplicate_macs(self) -> list[str]:
        return sorted(mac for mac, n in Counter(e.mac for e in self.entries).items() if n > 1)

    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint:
        stored = replace(checkpoint, id=len(self.stored_checkpoints) + 1)
        self.stored_checkpoints.append(stored)
        return stored

    def latest_checkpoint(self) -> Checkpoint | None:
        return self.stored_checkpoints[-1] if self.stored_checkpoints else None

    def checkpoints(self, page: PageRequest) -> Page[Checkpoint]:
        pos = page.after(CHECKPOINT_CURSOR)
        rows = [c for c in reversed(self.stored_checkpoints) if pos is None or c.id < pos[0]]
        return page_from_rows(rows[: page.limit + 1], page, CHECKPOINT_CURSOR, lambda c: [c.id])

    def all_checkpoints(self) -> Iterator[Checkpoint]:
        return iter(list(self.stored_checkpoints))

    # -- for tests: what a database writer without the key could do --------------------------------
    def tamper(self, seq: int, **changes: object) -> None:
        """Edit a stored entry's content, leaving its MAC and seal as they were."""
        i = next(i for i, e in enumerate(self.entries) if e.seq == seq)
        entry = self.entries[i]
        self.entries[i] = replace(entry, record=replace(entry.record, **changes))  # type: ignore[arg-type]
