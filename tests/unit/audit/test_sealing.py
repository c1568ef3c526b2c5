"""The sealer and the verifier on the harness: chaining in commit order, and one test per kind of tamper a database
writer without the key can try."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import pairwise

import pytest

from domain.audit.model import ChainHead, Keyring, Seal, entry_message, head_message, link_message
from domain.audit.verify import KINDS, AuditVerifier, VerifyReport
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

AGENT = Principal(8, "alex", frozenset({Role.SUPPORT_AGENT}), meta=RequestMeta("10.0.0.1", "curl/8", "req-1"))
GRACE = timedelta(minutes=2)
ATTACKER = Keyring("test", {"test": b"a guess at the key"})


def record(h: TestContainer, n: int) -> None:
    for i in range(n):
        h.audit.record(AGENT, "profile.read", "user", i)


def verify(h: TestContainer, expect: list[tuple[int, str]] | None = None) -> VerifyReport:
    return h.audit_verifier.verify(h.clock.now(), GRACE, expect or [])


def kinds(report: VerifyReport) -> set[str]:
    return {p.kind for p in report.problems}


@pytest.fixture
def sealed(harness: TestContainer) -> TestContainer:
    """Six entries, sealed, with a checkpoint at position 6."""
    record(harness, 6)
    harness.audit_sealer.seal_all()
    assert harness.audit_sealer.checkpoint() is not None
    return harness


def test_sealing_chains_entries_and_the_trail_verifies(sealed: TestContainer) -> None:
    entries = sealed.audit_log.entries
    assert [e.chain_seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert all(b.prev_hash == a.hash for a, b in pairwise(entries))
    report = verify(sealed)
    assert report.ok and report.sealed == 6 and report.head.chain_seq == 6
    assert verify(sealed, [(6, entries[-1].hash), (2, entries[1].hash)]).ok


def test_recording_takes_no_lock_and_leaves_the_entry_unsealed(harness: TestContainer) -> None:
    start = harness.audit_sealer.seal().head  # the trail's start, signed
    entry = harness.audit.record(AGENT, "profile.read", "user", 1)
    assert not entry.sealed and harness.audit_log.head() == start
    assert verify(harness).ok  # waiting less than the grace period is fine


def test_the_sealer_signs_an_empty_trail_s_start(harness: TestContainer) -> None:
    assert kinds(verify(harness)) == {"head_missing"}
    report = harness.audit_sealer.seal()
    assert report.sealed == 0 and report.head.chain_seq == 0 and report.head.mac
    assert verify(harness).ok


def test_the_chain_follows_commit_order(harness: TestContainer) -> None:
    """An entry whose transaction commits late gets the next place in the chain when it becomes visible, so the
    chain never needs a lock held across a request."""
    record(harness, 2)
    harness.audit_sealer.seal()
    record(harness, 1)
    assert harness.audit_sealer.seal().sealed == 1
    assert [e.chain_seq for e in harness.audit_log.entries] == [1, 2, 3]
    assert verify(harness).ok


def test_an_edited_entry(sealed: TestContainer) -> None:
    sealed.audit_log.tamper(3, target_id="999")
    assert kinds(verify(sealed)) == {"edited"}


def test_an_edited_actor_recomputed_with_a_guessed_key(sealed: TestContainer) -> None:
    e = sealed.audit_log.entries[2]
    forged = replace(e.record, actor_id=1)
    mac = ATTACKER.mac("test", entry_message(forged, e.nonce))
    digest = ATTACKER.mac("test", link_message(e.seq, 3, e.prev_hash, mac))
    sealed.audit_log.entries[2] = replace(e, record=forged, mac=mac, hash=digest)
    assert kinds(verify(sealed)) >= {"edited", "seal_forged", "link_broken"}


def test_a_deleted_entry_in_the_middle(sealed: TestContainer) -> None:
    del sealed.audit_log.entries[2]
    report = verify(sealed)
    assert kinds(report) == {"missing"} and report.problems[0].at == 4


@pytest.mark.parametrize("gone", [1, 3])
def test_deleted_entries_at_the_end(sealed: TestContainer, gone: int) -> None:
    del sealed.audit_log.entries[-gone:]
    assert "truncated" in kinds(verify(sealed))


def test_deleted_at_the_end_with_the_head_and_checkpoints_rolled_back(sealed: TestContainer) -> None:
    """Only the copy in the log catches a writer who also rewinds the head (to a value they saved earlier)."""
    logged = sealed.audit_log.latest_checkpoint()
    assert logged is not None
    saved_head = sealed.audit_log.head()
    record(sealed, 2)
    sealed.audit_sealer.seal_all()
    del sealed.audit_log.entries[-2:]
    sealed.audit_log.stored_head = saved_head
    assert verify(sealed).ok  # nothing in the database tells
    later = sealed.audit_log.entries[-1]
    assert kinds(verify(sealed, [(8, "f" * 64)])) == {"truncated"}
    assert verify(sealed, [(logged.chain_seq, logged.hash), (later.chain_seq or 0, later.hash)]).ok


def test_reordered_entries(sealed: TestContainer) -> None:
    entries = sealed.audit_log.entries
    a, b = entries[1], entries[2]
    entries[1], entries[2] = replace(a, chain_seq=b.chain_seq), replace(b, chain_seq=a.chain_seq)
    assert kinds(verify(sealed)) >= {"link_broken", "seal_forged"}


def test_content_moved_to_another_row(sealed: TestContainer) -> None:
    entries = sealed.audit_log.entries
    a, b = entries[1], entries[2]
    entries[1] = replace(a, record=b.record, nonce=b.nonce, mac=b.mac)
    assert "seal_forged" in kinds(verify(sealed))


def test_an_inserted_sealed_entry(sealed: TestContainer) -> None:
    fake = replace(sealed.audit_log.entries[-1], seq=99, chain_seq=7, prev_hash=sealed.audit_log.entries[-1].hash)
    fake = replace(fake, hash=ATTACKER.mac("test", link_message(99, 7, fake.prev_hash, fake.mac)))
    sealed.audit_log.entries.append(fake)
    assert kinds(verify(sealed)) >= {"seal_forged", "head_behind", "duplicate"}


def test_an_inserted_unsealed_entry_is_refused_by_the_sealer(sealed: TestContainer) -> None:
    sealed.audit_log.append(replace(sealed.audit_log.entries[0].record, target_id="42"), "test", "n", "0" * 64)
    report = sealed.audit_sealer.seal()
    assert report.sealed == 0 and report.refused == (7,)
    assert kinds(verify(sealed)) == {"unsealed_invalid"}


def test_a_copied_row(sealed: TestContainer) -> None:
    e = sealed.audit_log.entries[0]
    sealed.audit_log.append(e.record, e.key_id, e.nonce, e.mac)  # a valid MAC: the sealer cannot tell
    sealed.audit_sealer.seal()
    assert kinds(verify(sealed)) == {"duplicate"}


def test_a_whole_chain_recomputed_without_the_key(sealed: TestContainer) -> None:
    prev, rebuilt = "0" * 64, []
    for i, e in enumerate(sealed.audit_log.entries, start=1):
        mac = ATTACKER.mac("test", entry_message(e.record, e.nonce))
        digest = ATTACKER.mac("test", link_message(e.seq, i, prev, mac))
        rebuilt.append(replace(e, mac=mac, prev_hash=prev, hash=digest))
        prev = digest
    sealed.audit_log.entries = rebuilt
    sealed.audit_log.stored_head = ChainHead(6, prev, "test", ATTACKER.mac("test", head_message("head", 6, prev)))
    assert kinds(verify(sealed)) >= {"edited", "seal_forged", "head_forged", "checkpoint_mismatch"}


def test_a_forged_checkpoint(sealed: TestContainer) -> None:
    cp = sealed.audit_log.stored_checkpoints[0]
    sealed.audit_log.stored_checkpoints[0] = replace(cp, chain_seq=3)
    assert kinds(verify(sealed)) == {"checkpoint_forged"}


def test_entries_left_unsealed_past_the_grace_period(harness: TestContainer) -> None:
    harness.audit_sealer.seal()  # the trail's start is signed; what follows waits
    record(harness, 2)
    harness.clock.advance(minutes=3)
    report = verify(harness)
    assert kinds(report) == {"overdue"} and report.unsealed == 2


def test_an_unknown_key_and_a_rotated_one(sealed: TestContainer) -> None:
    retired = sealed.audit_verifier.keyring
    rotated = Keyring("new", {"new": b"the next key", **retired.keys})
    assert AuditVerifier(sealed.audit_log, rotated).verify(sealed.clock.now(), GRACE).ok
    stranger = AuditVerifier(sealed.audit_log, Keyring("new", {"new": b"the next key"}))
    assert "unknown_key" in kinds(stranger.verify(sealed.clock.now(), GRACE))


def test_every_kind_is_explained() -> None:
    assert all(KINDS[k] for k in KINDS)


def test_the_sealer_never_touches_an_entry_twice(sealed: TestContainer) -> None:
    before = list(sealed.audit_log.entries)
    sealed.audit_log.seal([Seal(before[0].seq, 42, "x", "y")])
    assert sealed.audit_log.entries == before
