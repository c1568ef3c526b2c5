"""Login protection through HTTP: 429 with Retry-After and the wrong password's message, the client address from
the trusted proxy only, one password hash per checked attempt, the unblock link and an admin's unblock, and the
200 wrong passwords of issue 10 with the clock moved instead of slept."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, throttle_store, use_container

from .conftest import PASSWORD, Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(settings: Any) -> Iterator[FixedClock]:
    """The real adapters on a clock the test moves; LOGIN_ACCOUNT_MAX_FAILURES as the test sets it first."""
    settings.LOGIN_UNBLOCK_URL = "https://learn.example.com/unblock"
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    use_container(build_container(clock))
    yield clock
    use_container(None)


def post_login(client: Client, username: str, password: str, ip: str = "203.0.113.5", **headers: str) -> Any:
    body = json.dumps({"username": username, "password": password})
    return client.post("/api/auth/login", body, content_type="application/json", REMOTE_ADDR=ip, **headers)


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", "alice@example.com", PASSWORD)


def test_a_throttled_attempt_is_429_with_retry_after_and_the_same_message(
    client: Client, clock: FixedClock, alice: User
) -> None:
    wrong = [post_login(client, "alice", "wrong") for _ in range(5)]
    assert {r.status_code for r in wrong} == {401}
    refused = post_login(client, "alice", PASSWORD)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    body = refused.json()["error"]
    assert body == {
        "code": "login_throttled",
        "message": wrong[0].json()["error"]["message"],
        "details": {"retry_after": 60},
    }
    clock.advance(seconds=60)
    assert post_login(client, "alice", PASSWORD).status_code == 200


def test_a_forged_x_forwarded_for_does_not_change_the_client(client: Client, clock: FixedClock, alice: User) -> None:
    """The address is REMOTE_ADDR, which uvicorn sets from X-Forwarded-For only for FORWARDED_ALLOW_IPS."""
    answers = [
        post_login(client, f"victim{i}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(10)
    ]
    assert answers == [401] * 10
    blocked = post_login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "900"
    assert post_login(client, "alice", PASSWORD, ip="192.0.2.99").status_code == 200  # a really different client


def test_a_checked_attempt_costs_one_password_hash_and_a_refused_one_none(
    client: Client, clock: FixedClock, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    encode = MD5PasswordHasher.encode

    def counting(self: MD5PasswordHasher, password: str, salt: str) -> str:
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    for username in ("alice", "nobody"):
        calls.clear()
        assert post_login(client, username, "wrong", ip=f"192.0.2.{len(username)}").status_code == 401
        assert len(calls) == 1, username  # no timing oracle: an unknown name costs a hash too
    for _ in range(4):
        post_login(client, "nobody", "wrong", ip="192.0.2.6")
    calls.clear()
    assert post_login(client, "nobody", "wrong", ip="192.0.2.6").status_code == 429
    assert calls == []


def test_the_unblock_link(client: Client, settings: Any, alice: User, django_capture_on_commit_callbacks: Any) -> None:
    settings.LOGIN_ACCOUNT_MAX_FAILURES = 10
    settings.LOGIN_UNBLOCK_URL = "https://learn.example.com/unblock"
    use_container(build_container(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for net in range(2):
                for _ in range(5):
                    assert post_login(client, "alice", "wrong", ip=f"192.0.2.{net + 1}").status_code == 401
        refused = post_login(client, "alice", PASSWORD, ip="198.51.100.1")
        assert refused.status_code == 429 and refused["Retry-After"] == str(12 * 3600)
        (letter,) = [m for m in mail.outbox if m.to == ["alice@example.com"]]
        token = re.search(r"unblock\?token=([A-Za-z0-9_-]+)", letter.body).group(1)  # type: ignore[union-attr]
        unblock = client.post(
            "/api/auth/login/unblock",
            json.dumps({"token": token}),
            content_type="application/json",
            REMOTE_ADDR="198.51.100.1",
        )
        assert unblock.status_code == 204, unblock.content
        assert post_login(client, "alice", PASSWORD, ip="198.51.100.1").status_code == 200
        again = client.post("/api/auth/login/unblock", json.dumps({"token": token}), content_type="application/json")
        assert (again.status_code, again.json()["error"]["code"]) == (400, "invalid_unblock_token")
        too_long = client.post(
            "/api/auth/login/unblock", json.dumps({"token": "x" * 200}), content_type="application/json"
        )
        assert too_long.status_code == 422
    finally:
        use_container(None)


def test_an_admin_unblocks_a_person(api: Api, make_staff: Any, clock: FixedClock, alice: User) -> None:
    admin, agent = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.SUPPORT_AGENT)
    for _ in range(5):
        post_login(api.client, "alice", "wrong")
    assert post_login(api.client, "alice", PASSWORD).status_code == 429
    assert api.call("POST", f"/api/users/profiles/{alice.pk}/unblock", agent).status_code == 403
    missing = api.call("POST", "/api/users/profiles/99999/unblock", admin)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "user_not_found")
    done = api.call("POST", f"/api/users/profiles/{alice.pk}/unblock", admin)
    assert done.status_code == 200 and done.json() == {"user_id": alice.pk, "account_failures": 5, "was_blocked": False}
    assert post_login(api.client, "alice", PASSWORD).status_code == 200
    audit = api.call("GET", "/api/audit/?action=security.unblock", make_staff(Role.PLATFORM_ADMIN)).json()["items"]
    assert [(e["actor_id"], e["target_id"]) for e in audit] == [(admin.user.pk, str(alice.pk))]


def test_two_hundred_wrong_passwords(client: Client, clock: FixedClock, alice: User) -> None:
    """Issue 10's closing figure, through HTTP: a client that waits Retry-After after each 429."""
    answers: list[tuple[int, str | None]] = []
    for _ in range(200):
        response = post_login(client, "alice", "wrong")
        answers.append((response.status_code, response.get("Retry-After")))
        if response.status_code == 429:
            clock.advance(seconds=int(response["Retry-After"]))
    runs = [(status, wait, len(list(group))) for (status, wait), group in groupby(answers)]
    assert runs[:9] == [
        (401, None, 5),
        (429, "60", 1),
        (401, None, 1),
        (429, "120", 1),
        (401, None, 1),
        (429, "240", 1),
        (401, None, 1),
        (429, "480", 1),
        (401, None, 1),
    ]
    assert runs[9:-2] == [(429, "900", 1), (401, None, 1)] * 91
    assert runs[-2:] == [(429, "43200", 1), (401, None, 4)]
    assert post_login(client, "alice", PASSWORD, ip="198.51.100.1").status_code == 200  # the owner, elsewhere


def test_redis_keeps_the_tallies_when_configured(settings: Any) -> None:
    from adapters.orm.security.repository import DjangoThrottleStore
    from adapters.redis_throttle import FailoverThrottleStore

    settings.REDIS_URL, settings.LOGIN_THROTTLE_REDIS = "", False
    assert isinstance(throttle_store(FixedClock()), DjangoThrottleStore)
    settings.REDIS_URL, settings.LOGIN_THROTTLE_REDIS = "redis://127.0.0.1:6399/0", True
    assert isinstance(throttle_store(FixedClock()), FailoverThrottleStore)


def test_the_periodic_task_purges_expired_tallies(client: Client, clock: FixedClock, alice: User) -> None:
    from adapters.orm.security.models import ThrottleValue
    from entrypoints.tasks.security import purge_login_throttle

    post_login(client, "alice", "wrong")
    assert ThrottleValue.objects.count() == 3  # (account, network), account, network
    assert purge_login_throttle.call_local() == 0
    clock.advance(hours=12)
    assert purge_login_throttle.call_local() == 3 and ThrottleValue.objects.count() == 0
