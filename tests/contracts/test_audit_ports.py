"""The audit ports' contract (AuditLog for requests, AuditChain for the sealer and verifier), held by the in-memory
fake and the Django adapter alike: storage only, every rule lives in the domain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.audit import InMemoryAuditLog
from adapters.orm.audit.repository import DjangoAuditLog
from domain.audit.model import GENESIS_HASH, AuditFilter, AuditRecord, ChainHead, Checkpoint, Seal
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from tests.support.cursors import raw_cursor

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


class Both(InMemoryAuditLog):
    """The type both implementations satisfy (AuditLog and AuditChain)."""


@pytest.fixture(params=["memory", "django"])
def log(request: pytest.FixtureRequest) -> Iterator[Both]:
    yield DjangoAuditLog() if request.param == "django" else InMemoryAuditLog()  # type: ignore[misc]


def rec(i: int, **kw: object) -> AuditRecord:
    base: dict[str, object] = {
        "actor_id": 1,
        "action": "profile.read",
        "target_type": "user",
        "target_id": str(i),
        "at": T0 + timedelta(minutes=i),
        "details": {"i": i},
    }
    base.update(kw)
    return AuditRecord(**base)  # type: ignore[arg-type]


def add(log: Both, i: int, **kw: object) -> int:
    return log.append(rec(i, **kw), "k1", f"nonce{i}", f"{i:064x}").seq


def test_append_stores_unsealed_entries_as_given(log: Both) -> None:
    record = rec(1, ip="2001:db8::1", user_agent="pytest", request_id="r-1", details={"n": {"x": [1, 2]}, "f": 0.5})
    entry = log.append(record, "k1", "abc", "f" * 64)
    (stored,) = list(log.unsealed())
    assert stored == entry and not stored.sealed
    assert stored.record == record and (stored.key_id, stored.nonce, stored.mac) == ("k1", "abc", "f" * 64)
    assert list(log.sealed()) == []


def test_search_filters_and_pages_newest_first(log: Both) -> None:
    for i in range(1, 6):
        add(log, i, actor_id=1 if i % 2 else 2, action="profile.read" if i < 5 else "profile.update")
    ids = lambda flt, page=PageRequest(): [e.record.target_id for e in log.search(flt, page).items]  # noqa: E731
    assert ids(AuditFilter(actor_id=2)) == ["4", "2"]
    assert ids(AuditFilter(action="profile.update")) == ["5"]
    assert ids(AuditFilter(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4))) == ["3", "2"]
    assert ids(AuditFilter(target_type="user", target_id="3")) == ["3"]
    first = log.search(AuditFilter(), PageRequest(limit=2))
    rest = log.search(AuditFilter(), PageRequest(limit=10, cursor=first.next_cursor))
    assert [e.record.target_id for e in [*first.items, *rest.items]] == ["5", "4", "3", "2", "1"]


def test_search_by_person_finds_the_target_user_and_the_subject_of_other_entries(log: Both) -> None:
    add(log, 1, target_id="7")
    add(log, 2, action="ticket.read", target_type="ticket", target_id="40", subject_id=7)
    add(log, 3, action="ticket.read", target_type="ticket", target_id="41", subject_id=8)
    add(log, 4, action="bulk.start", target_type="bulk_operation", target_id="5")
    actions = lambda flt: [(e.record.action, e.record.target_id) for e in log.search(flt, PageRequest()).items]  # noqa: E731
    assert actions(AuditFilter(person_id=7)) == [("ticket.read", "40"), ("profile.read", "7")]
    assert actions(AuditFilter(person_id=8, action="ticket.read")) == [("ticket.read", "41")]
    assert actions(AuditFilter(any_person=True)) == [
        ("ticket.read", "41"),
        ("ticket.read", "40"),
        ("profile.read", "7"),
    ]


def test_append_many_stores_each_entry_in_order_as_given(log: Both) -> None:
    assert log.append_many([]) == []
    items = [
        (rec(i, target_type="bulk_operation", target_id="9", subject_id=100 + i), "k1", f"n{i}", f"{i:064x}")
        for i in range(3)
    ]
    entries = log.append_many(items)
    assert [(e.record, e.key_id, e.nonce, e.mac) for e in entries] == items
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert list(log.unsealed()) == entries
    assert [e.record.subject_id for e in log.search(AuditFilter(person_id=101), PageRequest()).items] == [101]


def test_pending_is_oldest_first_and_skips_sealed_and_refused(log: Both) -> None:
    a, b, c, d = (add(log, i) for i in range(1, 5))
    log.seal([Seal(a, 1, GENESIS_HASH, "1" * 64)])
    log.refuse([c])
    assert [e.seq for e in log.pending(10)] == [b, d]
    assert [e.seq for e in log.pending(1)] == [b]
    assert [e.seq for e in log.unsealed()] == [b, c, d]  # refused entries stay visible to the verifier


def test_seal_writes_once_and_sealed_iterates_in_chain_order(log: Both) -> None:
    a, b = add(log, 1), add(log, 2)
    log.seal([Seal(b, 1, GENESIS_HASH, "b" * 64), Seal(a, 2, "b" * 64, "a" * 64)])
    log.seal([Seal(a, 9, "x" * 64, "x" * 64)])  # already sealed: left as it was
    assert [(e.seq, e.chain_seq, e.prev_hash, e.hash) for e in log.sealed()] == [
        (b, 1, GENESIS_HASH, "b" * 64),
        (a, 2, "b" * 64, "a" * 64),
    ]


def test_head_starts_at_genesis_and_round_trips(log: Both) -> None:
    assert log.head() == ChainHead()
    head = ChainHead(7, "7" * 64, "k1", "m" * 64, T0)
    log.save_head(head)
    log.save_head(replace(head, chain_seq=8))
    assert log.head() == replace(head, chain_seq=8)
    assert log.lock_head() == replace(head, chain_seq=8)  # nobody else holds it


def test_checkpoints_page_newest_first(log: Both) -> None:
    assert log.latest_checkpoint() is None
    made = [
        log.add_checkpoint(Checkpoint(i, f"{i:064x}", "k1", "m" * 64, T0 + timedelta(minutes=i))) for i in (3, 5, 9)
    ]
    assert log.latest_checkpoint() == made[-1]
    first = log.checkpoints(PageRequest(limit=2))
    rest = log.checkpoints(PageRequest(limit=2, cursor=first.next_cursor))
    assert [c.chain_seq for c in [*first.items, *rest.items]] == [9, 5, 3] and rest.next_cursor is None
    assert list(log.all_checkpoints()) == made


def test_duplicate_macs(log: Both) -> None:
    log.append(rec(1), "k1", "n1", "a" * 64)
    log.append(rec(2), "k1", "n2", "b" * 64)
    assert log.duplicate_macs() == []
    log.append(rec(1), "k1", "n1", "a" * 64)
    assert log.duplicate_macs() == ["a" * 64]


# cursors neither list issued: garbage, another list's, the right kind with values of the wrong type or size
NOT_ISSUED = [
    "%%%",
    "bm90IGpzb24",
    raw_cursor(["activity", "2026-01-01T00:00:00+00:00", 5]),
    raw_cursor(["audit", "5"]),
    raw_cursor(["audit", 2**70]),
    raw_cursor(["audit", 5, 6]),
    raw_cursor(["audit-checkpoints", True]),
    "A" * 600,
]


@pytest.mark.parametrize("cursor", NOT_ISSUED, ids=range(len(NOT_ISSUED)))
def test_a_cursor_it_did_not_issue_is_refused(log: Both, cursor: str) -> None:
    add(log, 1)
    log.add_checkpoint(Checkpoint(1, "1" * 64, "k1", "m" * 64, T0))
    for read in (lambda p: log.search(AuditFilter(), p), log.checkpoints):
        with pytest.raises(InvalidInput) as refused:
            read(PageRequest(limit=1, cursor=cursor))
        assert refused.value.code == "invalid_cursor"
    add(log, 2)
    issued = log.search(AuditFilter(), PageRequest(limit=1)).next_cursor
    with pytest.raises(InvalidInput):  # an entries cursor is not a checkpoints cursor
        log.checkpoints(PageRequest(cursor=issued))
