"""The sealer: the one place that orders the audit trail. It runs after requests have committed (every second in
the worker, every minute as a periodic task), so no request ever waits for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .model import ChainHead, Checkpoint, Keyring, Seal, entry_message, head_message, link_message
from .ports import AuditChain

BATCH = 500


@dataclass(frozen=True)
class SealReport:
    sealed: int
    refused: tuple[int, ...]
    head: ChainHead
    busy: bool = False  # another sealer held the head


class AuditSealer:
    def __init__(self, chain: AuditChain, keyring: Keyring, clock: Clock, uow: UnitOfWork):
        self.chain = chain
        self.keyring = keyring
        self.clock = clock
        self.uow = uow

    def seal(self, batch: int = BATCH) -> SealReport:
        """Chain up to `batch` committed entries, oldest id first, in one transaction. Entries committed later
        with a lower id (a slow transaction) are chained when they become visible: the chain follows commits."""
        self.chain.ensure_head()
        with self.uow:
            head = self.chain.lock_head()
            if head is None:  # another sealer is at work
                return SealReport(0, (), self.chain.head(), busy=True)
            entries = self.chain.pending(batch)
            if not entries:
                if not head.mac:  # the trail's start, signed: an emptied trail can no longer pass for a new one
                    head = self._signed(ChainHead())
                    self.chain.save_head(head)
                    self.uow.commit()
                return SealReport(0, (), head)
            seals: list[Seal] = []
            refused: list[int] = []
            seq, prev = head.chain_seq, head.hash
            for e in entries:
                if not self.keyring.check(e.key_id, entry_message(e.record, e.nonce), e.mac):
                    refused.append(e.seq)  # written or edited without the key: never chained
                    continue
                seq += 1
                digest = self.keyring.mac(e.key_id, link_message(e.seq, seq, prev, e.mac))
                seals.append(Seal(e.seq, seq, prev, digest))
                prev = digest
            self.chain.seal(seals)
            self.chain.refuse(refused)
            head = self._signed(ChainHead(seq, prev))
            self.chain.save_head(head)
            self.uow.commit()
        return SealReport(len(seals), tuple(refused), head)

    def _signed(self, head: ChainHead) -> ChainHead:
        key_id = self.keyring.current_id
        mac = self.keyring.mac(key_id, head_message("head", head.chain_seq, head.hash))
        return ChainHead(head.chain_seq, head.hash, key_id, mac, self.clock.now())

    def seal_all(self) -> SealReport:
        """Seal until nothing is pending; the totals."""
        sealed, refused = 0, tuple[int, ...]()
        while True:
            report = self.seal()
            sealed, refused = sealed + report.sealed, refused + report.refused
            if report.busy or report.sealed + len(report.refused) < BATCH:
                return SealReport(sealed, refused, report.head)

    def checkpoint(self, every: timedelta = timedelta(0)) -> Checkpoint | None:
        """Record the head as a checkpoint when it has moved since the last one (and that one is at least `every`
        old); the caller also writes it to the log, outside the database."""
        now = self.clock.now()
        with self.uow:
            head = self.chain.head()
            last = self.chain.latest_checkpoint()
            if head.chain_seq == 0 or (
                last is not None and (last.chain_seq == head.chain_seq or now - last.at < every)
            ):
                return None
            key_id = self.keyring.current_id
            mac = self.keyring.mac(key_id, head_message("checkpoint", head.chain_seq, head.hash))
            checkpoint = self.chain.add_checkpoint(Checkpoint(head.chain_seq, head.hash, key_id, mac, now))
            self.uow.commit()
        return checkpoint
