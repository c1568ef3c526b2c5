from __future__ import annotations

import pytest
from django.test import Client

from adapters.health import Check
from entrypoints.bootstrap import container

pytestmark = pytest.mark.django_db


def test_health_reports_each_component(client: Client) -> None:
    response = client.get("/api/health")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert {"database", "task_queue", "event_stream"} <= set(body["components"])


def broken() -> None:
    raise ConnectionError("password=hunter2 at db")


def test_health_is_503_when_the_database_is_down(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(container().health_checks, "database", Check(broken, critical=True))
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["status"] == "down" and response.json()["components"]["database"] == "down"
    assert "hunter2" not in response.content.decode()


def test_a_redis_outage_degrades_but_keeps_the_node(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(container().health_checks, "redis", Check(broken))
    response = client.get("/api/health")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["components"]["redis"] == "down"


def test_entries_waiting_to_be_sealed_degrade_the_audit_sealer(client: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from adapters.orm.audit.models import AuditEntry
    from domain.shared.principal import SYSTEM

    container().audit.record(SYSTEM, "profile.read", "user", 1)
    assert client.get("/api/health").json()["components"]["audit_sealer"] == "ok"
    AuditEntry.objects.update(at=timezone.now() - timedelta(minutes=10))
    body = client.get("/api/health").json()
    assert body["components"]["audit_sealer"] == "degraded" and body["status"] == "degraded"
    container().audit_sealer.seal_all()
    assert client.get("/api/health").json()["status"] == "ok"


def test_the_audit_sealer_probe_tells_the_time_by_the_containers_clock() -> None:
    """The probe reads the Clock it was built with, not the wall clock: a FixedClock decides when a wait is long."""
    from datetime import UTC, datetime

    from django.conf import settings

    from adapters.health import Degraded, health_checks
    from adapters.orm.audit.models import AuditEntry
    from domain.shared.clock import FixedClock
    from domain.shared.principal import SYSTEM

    written = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)  # years before the wall clock: only the FixedClock says "fresh"
    container().audit.record(SYSTEM, "profile.read", "user", 1)
    AuditEntry.objects.update(at=written)
    clock = FixedClock(written + settings.AUDIT_SEAL_GRACE)
    probe = health_checks(clock)["audit_sealer"].probe
    probe()  # waited exactly the grace: fine
    clock.advance(seconds=1)
    with pytest.raises(Degraded):
        probe()
