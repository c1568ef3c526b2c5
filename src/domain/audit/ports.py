from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from domain.shared.pagination import Page, PageRequest

from .model import AuditEntry, AuditFilter, AuditRecord, ChainHead, Checkpoint, Seal


class AuditLog(Protocol):
    """The hot path: every audited request appends here, in its own transaction, without a shared lock."""

    def append(self, record: AuditRecord, key_id: str, nonce: str, mac: str) -> AuditEntry:
        """Store an unsealed entry in the caller's transaction."""
        ...

    def append_many(self, items: Sequence[tuple[AuditRecord, str, str, str]]) -> list[AuditEntry]:
        """`append` for many (record, key id, nonce, MAC) at once, in one statement; entries in the given order."""
        ...

    def search(self, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        """Newest first, keyset-paginated on seq."""
        ...


class AuditChain(Protocol):
    """The chain's storage, for the one sealer (inside a unit of work) and the verifier."""

    def head(self) -> ChainHead:
        """The stored head (chain_seq 0 and the genesis hash before the first seal)."""
        ...

    def ensure_head(self) -> None:
        """Create the head row if there is none yet (outside any transaction: a race creates it once)."""
        ...

    def lock_head(self) -> ChainHead | None:
        """The head, locked for this transaction; None when another sealer holds it (nobody ever waits: the
        other sealer is doing the work). Requests never touch this lock."""
        ...

    def save_head(self, head: ChainHead) -> None: ...

    def pending(self, limit: int) -> list[AuditEntry]:
        """Committed entries not sealed yet and not refused, oldest id first."""
        ...

    def seal(self, seals: Sequence[Seal]) -> None:
        """Write the seals onto entries that are still unsealed."""
        ...

    def refuse(self, entry_ids: Sequence[int]) -> None:
        """Mark entries whose MAC does not hold: never sealed, reported by the verifier."""
        ...

    def sealed(self) -> Iterator[AuditEntry]:
        """Every sealed entry in chain order, as stored."""
        ...

    def unsealed(self) -> Iterator[AuditEntry]:
        """Every unsealed entry (refused ones too), by id."""
        ...

    def duplicate_macs(self) -> list[str]:
        """MACs stored on more than one entry (a copied row)."""
        ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint: ...

    def latest_checkpoint(self) -> Checkpoint | None: ...

    def checkpoints(self, page: PageRequest) -> Page[Checkpoint]:
        """Newest first."""
        ...

    def all_checkpoints(self) -> Iterator[Checkpoint]: ...
