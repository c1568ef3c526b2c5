from __future__ import annotations

import pytest
from django.test import Client

from entrypoints.bootstrap import container

pytestmark = pytest.mark.django_db


def test_health_reports_each_component(client: Client) -> None:
    response = client.get("/api/health")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert {"database", "task_queue", "event_stream"} <= set(body["components"])


def test_health_is_503_when_a_component_is_down(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ConnectionError("password=hunter2 at db")

    monkeypatch.setitem(container().health_checks, "database", broken)
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["components"]["database"] == "down"
    assert "hunter2" not in response.content.decode()
