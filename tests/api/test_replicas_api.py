"""A replica that is gone (a closed port) is skipped at once: the reads it would have served answer from the
primary, without an error, and the health check names it."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest
from django.db import connections
from django.test import override_settings

from adapters.health import Check, replicas
from adapters.replicas.status import STATUS
from domain.shared.permissions import Role
from entrypoints.bootstrap import container

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db(transaction=True)  # reads in a test case's open transaction stay on the primary


@pytest.fixture
def dead_replica(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    alias = "replica_dead"
    connections.settings[alias] = {**connections["default"].settings_dict, "HOST": "127.0.0.1", "PORT": port}
    monkeypatch.setitem(container().health_checks, "replicas", Check(replicas))
    STATUS.forget()
    with override_settings(DATABASE_REPLICAS=(alias,)):
        yield alias
    STATUS.forget()
    del connections.settings[alias]


def test_a_dead_replica_is_skipped_fast_with_no_error(
    dead_replica: str, api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    body = {"username": "rhea_reads", "email": "rhea@example.com", "first_name": "Rhea", "last_name": "Reads"}
    learner = api.call("POST", "/api/users/profiles/", admin, body).json()["id"]
    api.client.cookies.clear()  # not the writer of a moment ago: these reads may go to a replica
    started = time.perf_counter()
    profile = api.call("GET", f"/api/users/profiles/{learner}/", admin)
    found = api.call("GET", "/api/users/profiles/?status=pending", admin)
    funnel = api.call("GET", "/api/analytics/cohorts?by=signup_month", admin)
    elapsed = time.perf_counter() - started
    assert (profile.status_code, found.status_code, funnel.status_code) == (200, 200, 200), funnel.content
    assert profile.json()["username"] == "rhea_reads"
    assert elapsed < 1.5
    checked = STATUS.last(dead_replica)  # the reads asked for it, found it gone and went to the primary
    assert checked is not None and checked.reason == "unreachable (OperationalError)"

    health = api.call("GET", "/api/health")
    assert health.status_code == 200 and health.json()["components"]["replicas"] == "degraded"
