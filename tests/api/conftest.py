from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from adapters.orm.identity.roles import muted
from domain.shared.permissions import Role

PASSWORD = "a-long-test-password"


@dataclass
class Staff:
    user: User
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}


class Api:
    """HTTP through Django's test client with real bearer auth."""

    def __init__(self, client: Client):
        self.client = client

    def call(self, method: str, path: str, who: Staff | None = None, body: Any = None, **extra: Any) -> Any:
        headers = who.auth if who else {}
        kwargs: dict[str, Any] = {**headers, **extra}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(path, **kwargs)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


def login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/api/auth/login",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


@pytest.fixture
def make_staff(db: None, client: Client) -> Callable[..., Staff]:
    counter = iter(range(1, 10_000))

    def make(role: Role | None = None, *, superuser: bool = False, username: str | None = None) -> Staff:
        name = username or f"{role.value if role else 'super'}_{next(counter)}"
        with muted():  # fixture setup, not an admin's role change (tests/api/test_detection_api.py covers those)
            user = User.objects.create_user(
                name, f"{name}@example.com", PASSWORD, is_superuser=superuser, is_staff=role is not Role.LEARNER
            )
            if role and role is not Role.LEARNER:
                user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        response = login(client, name)
        assert response.status_code == 200, response.content
        return Staff(user, response.json()["token"])

    return make
