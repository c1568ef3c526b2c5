"""The MFA storage ports, held by the in-memory fakes and the Django adapters alike (SQLite here, PostgreSQL in the
PostgreSQL pass): enrolments with the replay guard, single-use recovery codes, and reset requests with their cursor
pages. Concurrent uses of one code or one recovery code: exactly one wins (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from adapters.memory.mfa import InMemoryMfaResets, InMemoryMfaStore
from adapters.orm.security.mfa import DjangoMfaResets, DjangoMfaStore
from domain.security.mfa import Enrolment, NewResetRequest, ResetFilter, ResetStatus
from domain.security.ports import MfaResetRequests, MfaStore
from domain.shared.errors import InvalidInput
from domain.shared.pagination import Cursor, PageRequest

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def people(request: pytest.FixtureRequest) -> tuple[str, list[int]]:
    if request.param == "django":
        return "django", [User.objects.create_user(f"m{i}", f"m{i}@example.com").pk for i in range(3)]
    return "memory", [101, 102, 103]


@pytest.fixture
def store(people: tuple[str, list[int]]) -> MfaStore:
    return DjangoMfaStore() if people[0] == "django" else InMemoryMfaStore()


@pytest.fixture
def resets(people: tuple[str, list[int]]) -> MfaResetRequests:
    return DjangoMfaResets() if people[0] == "django" else InMemoryMfaResets()


def test_an_enrolment_is_saved_replaced_and_deleted_with_its_codes(store: MfaStore, people: tuple) -> None:  # type: ignore[type-arg]
    a, b, _ = people[1]
    assert store.get(a) is None and store.get_for_update(a) is None and not store.delete(a)
    store.save(Enrolment(a, "sealed-1", T0))
    assert store.get(a) == Enrolment(a, "sealed-1", T0) == store.get_for_update(a)
    confirmed = Enrolment(a, "sealed-2", T0, T0 + timedelta(minutes=1), 57)
    store.save(confirmed)
    assert store.get(a) == confirmed and store.get(b) is None
    store.replace_codes(a, ["d1", "d2"], T0)
    store.replace_codes(b, ["d1"], T0)  # the same digest for another person is another code
    assert store.delete(a) and store.get(a) is None and store.codes_left(a) == 0 and store.codes_left(b) == 1


def test_only_a_later_step_is_accepted(store: MfaStore, people: tuple) -> None:  # type: ignore[type-arg]
    a, b, _ = people[1]
    assert not store.accept_step(a, 10)  # nobody enrolled
    store.save(Enrolment(a, "sealed", T0))
    assert store.accept_step(a, 10)
    assert not store.accept_step(a, 10) and not store.accept_step(a, 9)
    assert store.accept_step(a, 12) and store.get(a).last_step == 12  # type: ignore[union-attr]
    assert not store.accept_step(b, 13)


def test_a_recovery_code_is_used_once_and_replacing_them_voids_the_old(store: MfaStore, people: tuple) -> None:  # type: ignore[type-arg]
    a, b, _ = people[1]
    store.save(Enrolment(a, "sealed", T0, T0, 1))
    store.replace_codes(a, [f"digest-{i}" for i in range(10)], T0)
    assert store.codes_left(a) == 10
    assert store.use_code(a, "digest-3", T0) and not store.use_code(a, "digest-3", T0)
    assert not store.use_code(a, "unknown", T0) and not store.use_code(b, "digest-4", T0)
    assert store.codes_left(a) == 9
    store.replace_codes(a, ["fresh"], T0)
    assert not store.use_code(a, "digest-4", T0) and store.codes_left(a) == 1 and store.use_code(a, "fresh", T0)


def new_request(user_id: int, at: datetime, **kw: object) -> NewResetRequest:
    values: dict[str, object] = {
        "user_id": user_id,
        "requested_by": 1,
        "reason": "Lost the phone, identity checked",
        "created_at": at,
        "expires_at": at + timedelta(hours=24),
        "needs_approval": True,
    }
    values.update(kw)
    return NewResetRequest(**values)  # type: ignore[arg-type]


def test_reset_requests_are_stored_approved_and_found_pending(resets: MfaResetRequests, people: tuple) -> None:  # type: ignore[type-arg]
    a, b, _ = people[1]
    first = resets.add(new_request(a, T0))
    assert (first.user_id, first.status, first.needs_approval, first.approved_by) == (
        a,
        ResetStatus.PENDING,
        True,
        None,
    )
    assert resets.get_for_update(first.id) == first and resets.get_for_update(first.id + 1000) is None
    assert resets.pending_for(a, T0) == first and resets.pending_for(b, T0) is None
    assert resets.pending_for(a, T0 + timedelta(hours=24)) is None  # expired
    done = first.done(7, T0 + timedelta(hours=1))
    resets.save(done)
    assert resets.get_for_update(first.id) == done and resets.pending_for(a, T0) is None


def test_reset_requests_page_newest_first_with_status_read_against_the_clock(
    resets: MfaResetRequests,
    people: tuple,  # type: ignore[type-arg]
) -> None:
    a, b, c = people[1]
    old = resets.add(new_request(a, T0 - timedelta(days=2)))  # expired
    done = resets.add(new_request(b, T0, needs_approval=False, status=ResetStatus.DONE, approved_by=1, approved_at=T0))
    pending = resets.add(new_request(c, T0))
    ids: Callable[[ResetFilter], list[int]] = lambda f: [r.id for r in resets.search(f, T0, PageRequest()).items]  # noqa: E731
    assert ids(ResetFilter()) == [pending.id, done.id, old.id]
    assert ids(ResetFilter(ResetStatus.PENDING)) == [pending.id]
    assert ids(ResetFilter(ResetStatus.EXPIRED)) == [old.id]
    assert ids(ResetFilter(ResetStatus.DONE)) == [done.id]
    assert ids(ResetFilter(user_id=a)) == [old.id] and ids(ResetFilter(ResetStatus.PENDING, a)) == []
    first = resets.search(ResetFilter(), T0, PageRequest(limit=2))
    assert [r.id for r in first.items] == [pending.id, done.id] and first.next_cursor
    rest = resets.search(ResetFilter(), T0, PageRequest(limit=2, cursor=first.next_cursor))
    assert [r.id for r in rest.items] == [old.id] and rest.next_cursor is None
    with pytest.raises(InvalidInput) as foreign:
        resets.search(ResetFilter(), T0, PageRequest(cursor=Cursor("sessions", (int,)).encode([5])))
    assert foreign.value.code == "invalid_cursor"


# -- concurrency: the ORM adapter on PostgreSQL (threads, their own connections) -------------------------------
def race(attempt: Callable[[], bool], threads: int = 8) -> list[bool]:
    results: list[bool] = []
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def worker() -> None:
        try:
            start.wait()
            results.append(attempt())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_of_concurrent_uses_of_one_code_exactly_one_is_accepted() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is one connection; PostgreSQL runs this")
    store = DjangoMfaStore()
    user = User.objects.create_user("racer", "racer@example.com").pk
    store.save(Enrolment(user, "sealed", T0, T0, 100))
    store.replace_codes(user, ["only-once"], T0)
    assert sorted(race(lambda: store.accept_step(user, 101))) == [False] * 7 + [True]
    assert sorted(race(lambda: store.use_code(user, "only-once", T0))) == [False] * 7 + [True]
    assert store.get(user).last_step == 101 and store.codes_left(user) == 0  # type: ignore[union-attr]


def test_confirmed_among_reads_a_page_of_people_at_once(store: MfaStore, people: tuple) -> None:  # type: ignore[type-arg]
    a, b, c = people[1]
    store.save(Enrolment(a, "sealed", T0, T0 + timedelta(minutes=1), 1))
    store.save(Enrolment(b, "sealed", T0))  # pending: not confirmed
    assert store.confirmed_among([a, b, c]) == {a} and store.confirmed_among([b, c]) == set() == store.confirmed_among(
        []
    )
