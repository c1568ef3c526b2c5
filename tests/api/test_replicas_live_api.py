"""Reads from a real streaming replica (DATABASE_REPLICA_URLS: a replica of DATABASE_URL's server, say the one
bench/replica.py starts): another reader's profile read is served by the replica, the writer's own read right after
its write by the primary, and a replica behind the lag bound is skipped."""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from adapters.replicas.status import STATUS, conninfo, lsn
from domain.shared.permissions import Role
from entrypoints.api.read_your_writes import COOKIE

from .conftest import Api, Staff

pytestmark = [
    pytest.mark.skipif(not settings.DATABASE_REPLICAS, reason="needs DATABASE_REPLICA_URLS (a streaming replica)"),
    pytest.mark.django_db(transaction=True, databases="__all__"),
]


def replica() -> str:
    return str(settings.DATABASE_REPLICAS[0])


def caught_up(alias: str, within: float = 20.0) -> None:
    """Until the replica has replayed what the primary had written when asked (others may go on writing)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        written = lsn(cursor.fetchone()[0])
    deadline = time.monotonic() + within
    with psycopg.connect(conninfo(alias), autocommit=True) as standby:
        while lsn(standby.execute("SELECT pg_last_wal_replay_lsn()::text").fetchone()[0]) < written:  # type: ignore[index]
            assert time.monotonic() < deadline, f"{alias} did not catch up in {within} s"
            time.sleep(0.02)


def new_learner(api: Api, admin: Staff, name: str) -> int:
    body = {"username": name, "email": f"{name}@example.com", "first_name": "Rey", "last_name": "Plica"}
    created = api.call("POST", "/api/users/profiles/", admin, body)
    assert created.status_code == 201 and COOKIE in created.cookies
    return int(created.json()["id"])


def test_a_reader_reads_from_the_replica_and_a_writer_reads_its_write_from_the_primary(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    learner = new_learner(api, admin, "rey_plica")
    STATUS.forget()
    with CaptureQueriesContext(connections[replica()]) as served:
        right_after = api.call("GET", f"/api/users/profiles/{learner}/", admin)
    assert right_after.status_code == 200 and len(served) == 0

    caught_up(replica())
    api.client.cookies.pop(COOKIE)
    with CaptureQueriesContext(connections[replica()]) as served:
        later = api.call("GET", f"/api/users/profiles/{learner}/", admin)
        found = api.call("GET", f"/api/users/profiles/?status={later.json()['account_status']}", admin)
    assert later.status_code == 200 and later.json()["username"] == "rey_plica"
    assert found.status_code == 200 and learner in [p["id"] for p in found.json()["items"]]
    assert len(served) > 0


def test_a_replica_behind_the_bound_is_skipped(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    with psycopg.connect(conninfo(replica()), autocommit=True) as standby:
        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            learner = new_learner(api, admin, "lag_ging")
            api.client.cookies.pop(COOKIE)
            STATUS.forget()
            with override_settings(DATABASE_REPLICA_MAX_LAG_SECONDS=0.0):
                with CaptureQueriesContext(connections[replica()]) as served:
                    read = api.call("GET", f"/api/users/profiles/{learner}/", admin)
                health = api.call("GET", "/api/health")
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")
    assert read.status_code == 200 and read.json()["username"] == "lag_ging" and len(served) == 0
    assert "behind" in STATUS.reading(replica()).reason
    assert health.json()["components"]["replicas"] == "degraded"
    STATUS.forget()
