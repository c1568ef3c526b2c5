"""Shared by the MFA API tests: the real adapters on a clock the test moves, people, and codes read off that clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from domain.security.mfa import MfaPolicy, code_at, time_step
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, use_container

from .conftest import PASSWORD

IP = "203.0.113.5"


@pytest.fixture
def clock(db: None) -> Iterator[FixedClock]:
    """The real adapters on a clock the test moves (a test changing MFA settings calls `rebuild`)."""
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    use_container(build_container(clock))
    yield clock
    use_container(None)


def rebuild(clock: FixedClock) -> None:
    use_container(build_container(clock))


def user(username: str, role: Role | None = Role.SUPPORT_AGENT) -> User:
    created = User.objects.create_user(username, f"{username}@example.com", PASSWORD, is_staff=role is not None)
    if role is not None:
        created.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return created


def post(client: Client, path: str, body: Any = None, token: str | None = None, ip: str = IP) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = json.dumps(body) if body is not None else None
    return client.post(path, data, content_type="application/json", REMOTE_ADDR=ip, **headers)


def call(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": IP}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method.lower())(path, **kwargs)


def login(client: Client, username: str, ip: str = IP) -> dict[str, Any]:
    response = post(client, "/api/auth/login", {"username": username, "password": PASSWORD}, ip=ip)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def token_of(client: Client, username: str) -> str:
    body = login(client, username)
    assert body["mfa_required"] is False
    return str(body["token"])


def code(secret: str, clock: FixedClock, offset: int = 0) -> str:
    policy = MfaPolicy()
    return code_at(secret, time_step(clock.now(), policy) + offset, policy)


def enrol(client: Client, token: str, clock: FixedClock) -> tuple[str, list[str]]:
    """Enrol and confirm through HTTP; the secret and the recovery codes. The clock moves on a step."""
    started = post(client, "/api/auth/mfa/totp", token=token)
    assert started.status_code == 201, started.content
    secret = started.json()["secret"]
    confirmed = post(client, "/api/auth/mfa/totp/confirm", {"code": code(secret, clock)}, token)
    assert confirmed.status_code == 200, confirmed.content
    clock.advance(seconds=30)
    return secret, confirmed.json()["recovery_codes"]


def second_step(client: Client, challenge: str, ip: str = IP, **given: str) -> Any:
    return post(client, "/api/auth/login/mfa", {"challenge": challenge, **given}, ip=ip)
