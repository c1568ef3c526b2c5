"""The event stream survives Redis: two web processes on a Redis of this test's own, which it stops while clients
listen and starts again. Writes stay fast during the outage, /api/health says degraded, and afterwards every
client receives every event written meanwhile, replayed from storage; a new client resumes with Last-Event-ID."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live import LiveServer, SseClient, prepare, servers
from tests.support.redis_server import RedisServer

pytestmark = [pytest.mark.server, pytest.mark.redis]
STAFF = ["pat:platform_admin"]
OUTAGE_WRITES = 5


def wait_until(check: object, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.05)


def event_stream(server: LiveServer) -> str:
    return str(httpx.get(f"{server.url}/api/health", timeout=5).json()["components"]["event_stream"])


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[RedisServer, list[LiveServer]]]:
    redis = RedisServer(tmp_path).start()
    try:
        prepare(tmp_path, STAFF, redis.url)
        for web in servers(tmp_path, 2, redis.url):
            yield redis, web
    finally:
        redis.stop()


def create(server: LiveServer, token: str, name: str) -> tuple[int, float]:
    started = time.monotonic()
    response = httpx.post(
        f"{server.url}/api/users/profiles/",
        json={"username": name, "email": f"{name}@example.com"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"]), time.monotonic() - started


def test_clients_get_every_event_written_while_redis_was_down(setup: tuple[RedisServer, list[LiveServer]]) -> None:
    redis, (a, b) = setup
    token = b.login("pat")
    with (
        SseClient(f"{a.url}/events/?channel=users", a.login("pat")) as on_a,
        SseClient(f"{b.url}/events/?channel=users", token) as on_b,
    ):
        assert on_a.opened() == 200 and on_b.opened() == 200
        before, normal = create(b, token, "before_outage")
        for client in (on_a, on_b):
            client.expect("account.created", where=lambda d: d["user_id"] == before)
        resume_from = on_a.last_id

        redis.stop()
        wait_until(lambda: event_stream(a) == "degraded")
        health = httpx.get(f"{a.url}/api/health", timeout=5)
        assert health.status_code == 200 and health.json()["components"]["redis"] == "down"
        written = [create(b, token, f"during_outage_{i}") for i in range(OUTAGE_WRITES)]
        slowest = max(seconds for _, seconds in written)
        assert slowest < normal + 0.5, f"a write took {slowest:.3f} s during the outage ({normal:.3f} s before)"

        redis.start()
        wait_until(lambda: event_stream(a) == "ok" and event_stream(b) == "ok")
        for client in (on_a, on_b):
            for uid, _ in written:
                client.expect("account.created", timeout=10, where=lambda d, u=uid: d["user_id"] == u)

    # a client that was not connected at all resumes on the other process from the id it last saw
    with SseClient(f"{b.url}/events/?channel=users", token, last_event_id=resume_from) as late:
        assert late.opened() == 200
        for uid, _ in written:
            late.expect("account.created", where=lambda d, u=uid: d["user_id"] == u)


def test_a_garbled_last_event_id_is_400(setup: tuple[RedisServer, list[LiveServer]]) -> None:
    _, (a, _) = setup
    headers = {"Authorization": f"Bearer {a.login('pat')}", "Last-Event-ID": "users:99999999999999999999999"}
    response = httpx.get(f"{a.url}/events/?channel=users", headers=headers, timeout=5)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_last_event_id"
