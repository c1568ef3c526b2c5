"""The ThrottleStore contract, held by the in-memory fake, the database store (SQLite here, PostgreSQL in the
PostgreSQL pass) and the Redis store (on a redis-server of this module's own): values expire by the Clock, a
change is atomic, a take happens once, and forgetting by prefix takes what the prefix names and nothing else."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection, connections

from adapters.memory.security import InMemoryThrottleStore
from adapters.orm.security.repository import DjangoThrottleStore
from adapters.redis_throttle import FailoverThrottleStore, RedisThrottleStore
from domain.security.ports import Stored, ThrottleStore
from domain.shared.clock import FixedClock
from tests.conftest import IN_CI
from tests.support.redis_server import RedisServer

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer | None]:
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("CI needs redis-server for the Redis throttle store")
        yield None
        return
    server = RedisServer(Path(tmp_path_factory.mktemp("redis"))).start()
    yield server
    server.stop()


def make(kind: str, clock: FixedClock, server: RedisServer | None) -> ThrottleStore:
    if kind == "memory":
        return InMemoryThrottleStore(clock)
    if kind == "django":
        return DjangoThrottleStore(clock)
    if server is None:
        pytest.skip("redis-server is not installed")
    client = redis.Redis.from_url(server.url)
    client.flushdb()
    return RedisThrottleStore(client, clock, "test:")


@pytest.fixture(params=["memory", "django", "redis"])
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "django":
        request.getfixturevalue("db")
    return str(request.param)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def store(kind: str, clock: FixedClock, redis_server: RedisServer | None) -> ThrottleStore:
    return make(kind, clock, redis_server)


def put(store: ThrottleStore, key: str, value: str, expires: datetime) -> None:
    store.change(key, lambda _old: (value, expires))


def test_values_live_until_they_expire(store: ThrottleStore, clock: FixedClock) -> None:
    assert store.read(["a", "b"]) == {} and store.read([]) == {}
    put(store, "a", "1", T0 + timedelta(minutes=10))
    put(store, "b", "2", T0 + timedelta(hours=12))
    assert store.read(["a", "b", "c"]) == {"a": "1", "b": "2"}
    clock.advance(minutes=10)
    assert store.read(["a", "b"]) == {"b": "2"}


def test_change_sees_the_live_value_and_can_remove_it(store: ThrottleStore, clock: FixedClock) -> None:
    seen: list[str | None] = []

    def bump(old: str | None) -> Stored:
        seen.append(old)
        return str(int(old or "0") + 1), clock.now() + timedelta(minutes=5)

    store.change("n", bump)
    store.change("n", bump)
    assert store.read(["n"]) == {"n": "2"} and seen == [None, "1"]
    clock.advance(minutes=5)
    store.change("n", bump)  # expired: the update starts from nothing
    assert seen[-1] is None and store.read(["n"]) == {"n": "1"}
    store.change("n", lambda old: None)
    assert store.read(["n"]) == {}
    store.change("never", lambda old: None)
    assert store.read(["never"]) == {}


def test_put_all_sets_many_at_once(store: ThrottleStore, clock: FixedClock) -> None:
    put(store, "a", "old", T0 + timedelta(hours=1))
    store.put_all({})
    store.put_all({"a": ("1", T0 + timedelta(minutes=5)), "b": ("2", T0 + timedelta(hours=1))})
    assert store.read(["a", "b"]) == {"a": "1", "b": "2"}
    clock.advance(minutes=5)
    assert store.read(["a", "b"]) == {"b": "2"} and store.take("b") == "2"


def test_take_returns_a_value_once(store: ThrottleStore, clock: FixedClock) -> None:
    put(store, "unblock:h", "v", T0 + timedelta(hours=24))
    assert store.take("unblock:h") == "v"
    assert store.take("unblock:h") is None and store.read(["unblock:h"]) == {}
    put(store, "old", "v", T0 + timedelta(minutes=1))
    clock.advance(minutes=1)
    assert store.take("old") is None  # expired is absent


def test_forget_by_key_and_by_prefix(store: ThrottleStore) -> None:
    later = T0 + timedelta(hours=1)
    for key in ["acct:a1", "pair:a1:192.0.2.1", "pair:a1:2001:db8::/64", "pair:a10:192.0.2.1", "pair:*:x", "net:x"]:
        put(store, key, "v", later)
    store.forget(["acct:a1", "nothing"], prefix="pair:a1:")
    assert sorted(
        store.read(["acct:a1", "pair:a1:192.0.2.1", "pair:a1:2001:db8::/64", "pair:a10:192.0.2.1", "pair:*:x", "net:x"])
    ) == ["net:x", "pair:*:x", "pair:a10:192.0.2.1"]
    store.forget(prefix="pair:*")  # a prefix is text, not a pattern
    assert sorted(store.read(["pair:*:x", "pair:a10:192.0.2.1"])) == ["pair:a10:192.0.2.1"]
    store.forget()


def test_purge_drops_what_has_expired(store: ThrottleStore, clock: FixedClock, kind: str) -> None:
    put(store, "a", "1", T0 + timedelta(minutes=1))
    put(store, "b", "2", T0 + timedelta(minutes=2))
    clock.advance(minutes=1)
    purged = store.purge()
    assert purged == (0 if kind == "redis" else 1)  # Redis expires values itself
    assert store.read(["a", "b"]) == {"b": "2"}


# -- concurrency: the real stores only (threads, their own connections) -----------------------------------------
@pytest.mark.parametrize("kind", ["redis", "django"])
@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_all_count(kind: str, clock: FixedClock, redis_server: RedisServer | None) -> None:
    if kind == "django" and connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is one connection; PostgreSQL runs this")
    store = make(kind, clock, redis_server)
    errors: list[BaseException] = []

    def bump(old: str | None) -> Stored:
        return str(int(old or "0") + 1), T0 + timedelta(hours=1)

    def worker() -> None:
        try:
            for _ in range(25):
                store.change("count", bump)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and store.read(["count"]) == {"count": "200"}


def test_the_failover_uses_the_database_while_redis_is_down(db: None, clock: FixedClock) -> None:
    dead = RedisThrottleStore.from_url("redis://127.0.0.1:1/0", clock)
    database = DjangoThrottleStore(clock)
    store = FailoverThrottleStore(dead, database)
    put(store, "acct:a", "1", T0 + timedelta(hours=1))
    assert store.read(["acct:a"]) == {"acct:a": "1"} == database.read(["acct:a"])
    assert store.take("acct:a") == "1"
