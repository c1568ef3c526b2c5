"""Verifying the audit trail: every kind of tamper a database writer without the key can try, each reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .model import GENESIS_HASH, AuditEntry, ChainHead, Keyring, entry_message, head_message, link_message
from .ports import AuditChain

MAX_PROBLEMS = 100  # reported in full; the rest only counted


@dataclass(frozen=True)
class Problem:
    kind: str  # see KINDS
    at: int | None  # the chain position (or entry id, for unsealed entries) it was found at
    detail: str


KINDS = {
    "edited": "an entry's content no longer matches its MAC",
    "missing": "entries are missing from the middle of the chain (deleted)",
    "link_broken": "an entry does not link to the one before it (reordered, inserted or deleted)",
    "seal_forged": "an entry's seal is not the sealer's (recomputed without the key, or moved)",
    "unknown_key": "an entry was signed with a key this installation does not know",
    "duplicate": "the same entry is stored twice (a copied row)",
    "truncated": "the chain ends before the head or a checkpoint says it does (deleted at the end)",
    "head_forged": "the chain head was changed without the key",
    "head_behind": "sealed entries lie past the chain head",
    "head_missing": (
        "the chain head is gone or unsigned: the whole trail was deleted (or the sealer has never run on this "
        "database: start the worker, or run `manage.py verify_audit` after it has)"
    ),
    "checkpoint_forged": "a checkpoint was changed without the key",
    "checkpoint_mismatch": "the chain differs from what a checkpoint recorded",
    "expected_mismatch": "the chain differs from a checkpoint taken from the log",
    "unsealed_invalid": "an unsealed entry's content does not match its MAC (inserted or edited)",
    "overdue": "entries have waited longer than the grace period to be sealed (is the sealer running?)",
}


@dataclass(frozen=True)
class VerifyReport:
    sealed: int
    unsealed: int
    head: ChainHead
    problems: tuple[Problem, ...]
    more: int = 0  # problems found past MAX_PROBLEMS

    @property
    def ok(self) -> bool:
        return not self.problems


class _Problems:
    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.more = 0

    def add(self, kind: str, at: int | None, detail: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(kind, at, detail))
        else:
            self.more += 1


class AuditVerifier:
    def __init__(self, chain: AuditChain, keyring: Keyring):
        self.chain = chain
        self.keyring = keyring

    def verify(self, now: datetime, grace: timedelta, expect: Iterable[tuple[int, str]] = ()) -> VerifyReport:
        """Check the whole trail. `expect` holds (chain_seq, hash) pairs copied from the log's checkpoints: the
        only defence against a writer who cuts the end off and also rolls back the head and checkpoints."""
        problems = _Problems()
        expected = dict(expect)
        checkpoints = list(self.chain.all_checkpoints())
        wanted = {c.chain_seq for c in checkpoints} | set(expected)
        seen: dict[int, str] = {}
        last_seq, last_hash, count = 0, GENESIS_HASH, 0
        for e in self.chain.sealed():
            count += 1
            self._entry(e, last_seq, last_hash, problems)
            assert e.chain_seq is not None
            if e.chain_seq in wanted:
                seen[e.chain_seq] = e.hash
            last_seq, last_hash = e.chain_seq, e.hash
        for mac in self.chain.duplicate_macs():
            problems.add("duplicate", None, f"MAC {mac[:12]}… is stored on more than one entry")
        head = self.chain.head()
        self._head(head, last_seq, last_hash, problems)
        for c in checkpoints:
            if not self.keyring.check(c.key_id, head_message("checkpoint", c.chain_seq, c.hash), c.mac):
                problems.add("checkpoint_forged", c.chain_seq, f"checkpoint of {c.at.isoformat()} does not verify")
            elif c.chain_seq > last_seq:
                problems.add(
                    "truncated", c.chain_seq, f"a checkpoint saw position {c.chain_seq}; the chain ends at {last_seq}"
                )
            elif seen.get(c.chain_seq) != c.hash:
                problems.add(
                    "checkpoint_mismatch", c.chain_seq, f"checkpoint of {c.at.isoformat()} recorded another hash"
                )
        for seq, digest in expected.items():
            if seq > last_seq:
                problems.add("truncated", seq, f"the log saw position {seq}; the chain ends at {last_seq}")
            elif seen.get(seq) != digest:
                problems.add("expected_mismatch", seq, "the log recorded another hash at this position")
        unsealed = self._unsealed(now, grace, problems)
        return VerifyReport(count, unsealed, head, tuple(problems.found), problems.more)

    def _entry(self, e: AuditEntry, last_seq: int, last_hash: str, problems: _Problems) -> None:
        assert e.chain_seq is not None
        if not self.keyring.knows(e.key_id):
            problems.add("unknown_key", e.chain_seq, f"key id {e.key_id!r}")
            return
        if not self.keyring.check(e.key_id, entry_message(e.record, e.nonce), e.mac):
            problems.add("edited", e.chain_seq, f"entry {e.seq} ({e.record.action})")
        if e.chain_seq > last_seq + 1:
            problems.add("missing", e.chain_seq, f"positions {last_seq + 1} to {e.chain_seq - 1} are gone")
        elif e.prev_hash != last_hash:
            problems.add("link_broken", e.chain_seq, f"entry {e.seq} does not follow position {last_seq}")
        if not self.keyring.check(e.key_id, link_message(e.seq, e.chain_seq, e.prev_hash, e.mac), e.hash):
            problems.add("seal_forged", e.chain_seq, f"entry {e.seq}")

    def _head(self, head: ChainHead, last_seq: int, last_hash: str, problems: _Problems) -> None:
        if not head.mac:  # the sealer signs the head from its first run on, an empty trail's too
            problems.add("head_missing", head.chain_seq, "the chain head is missing or unsigned")
            return
        if not self.keyring.check(head.key_id, head_message("head", head.chain_seq, head.hash), head.mac):
            problems.add("head_forged", head.chain_seq, "the stored head does not verify")
        elif head.chain_seq > last_seq:
            problems.add("truncated", head.chain_seq, f"the head is at {head.chain_seq}; the chain ends at {last_seq}")
        elif head.chain_seq < last_seq:
            problems.add("head_behind", last_seq, f"the head is at {head.chain_seq}")
        elif head.hash != last_hash:
            problems.add("truncated", head.chain_seq, "the last entry is not the one the head sealed")

    def _unsealed(self, now: datetime, grace: timedelta, problems: _Problems) -> int:
        count, overdue, oldest = 0, 0, None
        for e in self.chain.unsealed():
            count += 1
            if not self.keyring.check(e.key_id, entry_message(e.record, e.nonce), e.mac):
                problems.add("unsealed_invalid", e.seq, f"entry {e.seq} ({e.record.action})")
            elif now - e.record.at > grace:
                overdue += 1
                oldest = e.seq if oldest is None else min(oldest, e.seq)
        if overdue:
            problems.add("overdue", oldest, f"{overdue} entries unsealed for more than {grace.total_seconds():.0f} s")
        return count
