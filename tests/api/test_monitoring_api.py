"""Monitoring over HTTP: telemetry from a learner, the views by role, /metrics parsed as Prometheus reads it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from prometheus_client.parser import text_string_to_metric_families

from adapters.metrics import pool_figures
from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db
User = get_user_model()


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _items(session: str) -> list[dict[str, object]]:
    at = _now()
    err = {
        "kind": "client_error",
        "session_id": session,
        "at": at,
        "message": "x is undefined",
        "type": "TypeError",
        "stack": [{"filename": "/static/app.js", "function": "load", "lineno": 3, "in_app": True}],
    }
    return [
        {"kind": "heartbeat", "session_id": session, "at": at, "url": "https://learn.example.com/c/1", "title": "C"},
        {
            "kind": "device",
            "session_id": session,
            "at": at,
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        },
        err,
        err,
        err,
        {"kind": "replay_chunk", "session_id": session, "at": at, "seq": 0, "data": "H4sI"},
        {"kind": "teleport", "session_id": session, "at": at},
    ]


def test_a_learner_s_telemetry_shows_in_sessions_and_errors(api: Api, make_staff: Callable[..., Staff]) -> None:
    learner, agent, admin = make_staff(Role.LEARNER), make_staff(Role.SUPPORT_AGENT), make_staff(Role.SUPPORT_ADMIN)
    sent = api.call("POST", "/api/telemetry/", learner, {"items": _items("tab-1")})
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["accepted"] == 5
    assert [(r["index"], r["code"], r["status"]) for r in body["rejected"]] == [
        (5, "consent_required", 403),
        (6, "unknown_kind", 422),
    ]
    online = api.call("GET", "/api/monitoring/sessions/?online=true", agent).json()
    [session] = online["items"]
    assert session["user_id"] == learner.user.pk and session["browser"] == "Firefox" and session["errors"] == 3
    detail = api.call("GET", f"/api/monitoring/sessions/{session['id']}", agent).json()
    assert len(detail["errors"]) == 3 and detail["summary"]["health"] < 100
    groups = api.call("GET", "/api/monitoring/errors/?sort=count", agent).json()["items"]
    assert [(g["count"], g["is_new"]) for g in groups] == [(3, True)]
    assert api.call("GET", "/api/monitoring/errors/?new=false", agent).json()["items"] == []
    assert (
        api.call("PATCH", f"/api/monitoring/errors/{groups[0]['id']}", agent, {"status": "resolved"}).status_code == 403
    )
    changed = api.call("PATCH", f"/api/monitoring/errors/{groups[0]['id']}", admin, {"status": "resolved"})
    assert changed.json()["summary"]["status"] == "resolved"
    assert api.call("GET", "/api/monitoring/overview", agent).json()["online"] == 1
    assert api.call("GET", "/api/monitoring/health", agent).status_code == 403
    health = api.call("GET", "/api/monitoring/health", admin).json()
    assert "cpu_percent" in health["host"]
    assert api.call("GET", "/api/monitoring/kpis", admin).json()["sessions"] == 1
    assert api.call("GET", "/api/monitoring/sessions/", learner).status_code == 403


def test_metrics_are_prometheus_text_by_route_pattern(api: Api, make_staff: Callable[..., Staff]) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    api.call("GET", "/api/monitoring/sessions/12345", agent)
    api.call("GET", "/api/no/such/path/987", agent)
    with override_settings(METRICS_TOKEN="scrape-me"):
        assert api.client.get("/metrics").status_code == 401
        text = api.client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me").content.decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    routes = {s.labels["route"] for s in families["http_responses"].samples}
    assert "/api/monitoring/sessions/<int:session_id>" in routes and "unmatched" in routes
    assert not any("12345" in r or "987" in r for r in routes)
    assert "http_request_duration_seconds" in families and "process_resident_memory_bytes" in families


def _scrape(api: Api) -> dict[str, list[tuple[dict[str, str], float]]]:
    with override_settings(METRICS_TOKEN="scrape-me"):
        text = api.client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me").content.decode()
    return {
        f.name: [(s.labels, s.value) for s in f.samples if s.name == f.name]
        for f in text_string_to_metric_families(text)
    }


def test_metrics_count_open_sse_streams(api: Api) -> None:
    from django_eventstream.views import Listener

    from adapters.eventstream.listener import SupervisedListenerManager

    manager, streams = SupervisedListenerManager(), [Listener() for _ in range(2)]
    for stream in streams:
        stream.channels = {"monitoring"}
    [(_, before)] = _scrape(api)["sse_connections"]
    for stream in streams:
        manager.add_listener(stream)
    assert _scrape(api)["sse_connections"] == [({}, before + 2)]
    manager.remove_listener(streams[0])
    assert _scrape(api)["sse_connections"] == [({}, before + 1)]
    manager.remove_listener(streams[1])
    assert _scrape(api)["sse_connections"] == [({}, before)]


def test_metrics_show_database_connections_and_pool_use(api: Api) -> None:
    assert User.objects.exists() in (True, False)  # the test's own connection is open
    families = _scrape(api)
    [(_, opened)] = families["database_connections_open"]
    assert opened >= 1
    if connection.settings_dict["OPTIONS"].get("pool"):  # PostgreSQL with psycopg_pool
        states = {s["state"]: v for s, v in families["database_pool_connections"] if s["alias"] == "default"}
        assert set(states) == {"in_use", "idle"}
        assert dict((s["alias"], v) for s, v in families["database_pool_max_connections"])["default"] >= 1
    else:
        assert "database_pool_connections" not in families or not families["database_pool_connections"]


def test_pool_figures_read_psycopg_pool_stats() -> None:
    stats = {"default": {"pool_min": 2, "pool_max": 10, "pool_size": 4, "pool_available": 1, "requests_waiting": 3}}
    assert pool_figures(stats) == {"default": {"in_use": 3, "idle": 1, "max": 10, "waiting": 3}}
    assert pool_figures({"replica": {}}) == {"replica": {"in_use": 0, "idle": 0, "max": 0, "waiting": 0}}
    assert pool_figures({"x": {"pool_size": 1, "pool_available": 2}})["x"]["in_use"] == 0  # never negative


def test_a_retired_worker_no_longer_counts_in_the_live_gauges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from config.web import retire_metrics

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    for name in ("gauge_livesum_4242.db", "gauge_livesum_4343.db", "counter_4242.db"):
        (tmp_path / name).write_bytes(b"")
    retire_metrics(4242)
    retire_metrics(None)  # a worker that never started
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_4242.db", "gauge_livesum_4343.db"]


def test_a_learner_hitting_one_error_three_times_gets_a_proactive_ticket(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    """On the real database: the ticket is opened by the system (no user row), routed like any other."""
    from adapters.orm.monitoring.models import AlertRow
    from adapters.orm.tickets.models import SupportTicket
    from entrypoints.bootstrap import container

    admin, service = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.SERVICE)
    body = {"username": "lea", "email": "lea@example.com", "first_name": "Lea", "last_name": "Ng"}
    lea = api.call("POST", "/api/users/profiles/", admin, body).json()["id"]
    items = [{**item, "user_id": lea} for item in _items("tab-9")[:5]]
    assert api.call("POST", "/api/telemetry/", service, {"items": items}).json()["accepted"] == 5

    container().monitoring.detection.run()

    [ticket] = SupportTicket.objects.filter(user_id=lea)
    assert ticket.created_by_id is None and "proactive" in ticket.tags
    alert = AlertRow.objects.get(rule="repeated_error")
    assert alert.ticket_id == ticket.pk and alert.evidence["told"] == "support_admin"
    shown = api.call("GET", f"/api/support/tickets/{ticket.pk}/", admin)
    assert shown.status_code == 200, shown.content
