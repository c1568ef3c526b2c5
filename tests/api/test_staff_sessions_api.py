"""Staff members' own telemetry (the console uses the SDK) over HTTP: marked `staff`, filtered, and kept out of the
learner figures and of the rules that open proactive tickets; the health report's availability and event streams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.monitoring.records import RouteSample
from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db


def _beat(session: str) -> dict[str, object]:
    at = datetime.now(UTC).isoformat()
    return {"kind": "heartbeat", "session_id": session, "at": at, "url": "https://app.test/console/", "title": "C"}


def _error(session: str) -> dict[str, object]:
    return {
        "kind": "client_error",
        "session_id": session,
        "at": datetime.now(UTC).isoformat(),
        "message": "x is undefined",
        "type": "TypeError",
        "stack": [{"filename": "/console/assets/app.js", "function": "load", "lineno": 3, "in_app": True}],
    }


def test_every_staff_role_sends_its_own_telemetry_marked_staff_and_left_out_of_learner_figures(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin, learner = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.LEARNER)
    for role in (Role.SUPPORT_AGENT, Role.UX_MANAGER, Role.COMPLIANCE_OFFICER, Role.CUSTOMER_SUCCESS):
        sent = api.call("POST", "/api/telemetry/", make_staff(role), {"items": [_beat(f"console-{role}")]})
        assert sent.status_code == 200 and sent.json()["accepted"] == 1, sent.content
    root = make_staff(superuser=True)  # a superuser's own console, without naming a learner
    assert api.call("POST", "/api/telemetry/", root, {"items": [_beat("console-root")]}).json()["accepted"] == 1
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_beat("learn-1")]}).json()["accepted"] == 1

    listed = api.call("GET", "/api/monitoring/sessions/", admin).json()["items"]
    assert {s["key"]: s["staff"] for s in listed} == {
        **{f"console-{r}": True for r in ("support_agent", "ux_manager", "compliance_officer", "customer_success")},
        "console-root": True,
        "learn-1": False,
    }
    staff_only = api.call("GET", "/api/monitoring/sessions/?staff=true", admin).json()["items"]
    assert len(staff_only) == 5 and all(s["staff"] for s in staff_only)
    [mine] = api.call("GET", "/api/monitoring/sessions/?staff=false&online=true", admin).json()["items"]
    assert mine["key"] == "learn-1"
    staff_id = staff_only[0]["id"]
    assert api.call("GET", f"/api/monitoring/sessions/{staff_id}", admin).json()["summary"]["staff"] is True

    assert api.call("GET", "/api/monitoring/overview", admin).json()["online"] == 1
    assert api.call("GET", "/api/monitoring/health", admin).json()["online"] == 1
    assert api.call("GET", "/api/monitoring/kpis", admin).json()["sessions"] == 1
    assert api.call("GET", "/api/monitoring/sessions/?staff=maybe", admin).status_code == 422


def test_a_staff_member_hitting_one_error_three_times_opens_no_proactive_ticket(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    from adapters.orm.monitoring.models import AlertRow
    from adapters.orm.tickets.models import SupportTicket
    from entrypoints.bootstrap import container

    admin, agent, service = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.SUPPORT_AGENT), make_staff(Role.SERVICE)
    body = {"username": "lea", "email": "lea@example.com", "first_name": "Lea", "last_name": "Ng"}
    lea = api.call("POST", "/api/users/profiles/", admin, body).json()["id"]
    assert api.call("POST", "/api/telemetry/", agent, {"items": [_error("console-9")] * 3}).json()["accepted"] == 3
    learner_items = [{**_error("learn-9"), "user_id": lea}] * 3
    assert api.call("POST", "/api/telemetry/", service, {"items": learner_items}).json()["accepted"] == 3
    container().monitoring.detection.run()

    [alert] = AlertRow.objects.filter(rule="repeated_error")  # the learner's session only
    [ticket] = SupportTicket.objects.filter(user_id=lea)
    assert alert.ticket_id == ticket.pk
    assert not SupportTicket.objects.filter(user_id=agent.user.pk).exists()


def test_health_shows_availability_over_24_hours_and_7_days_and_open_event_streams(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    from adapters.orm.monitoring.state import DjangoRouteStats

    admin = make_staff(Role.SUPPORT_ADMIN)
    now = datetime.now(UTC).replace(second=0, microsecond=0)

    def served(ago: timedelta, count: int, server_errors: int) -> RouteSample:
        return RouteSample(now - ago, "/api/x", "GET", count, server_errors, 0, 10.0 * count, (count,))

    DjangoRouteStats().add(
        [served(timedelta(hours=2), 990, 0), served(timedelta(hours=3), 10, 10), served(timedelta(days=3), 1000, 40)]
    )
    health = api.call("GET", "/api/monitoring/health", admin).json()
    day, week = health["availability"]
    # this test's own requests may be flushed in too: none of them is a 5xx
    assert day["window_hours"] == 24 and day["server_errors"] == 10 and day["requests"] >= 1000
    assert day["availability"] == round(1 - 10 / day["requests"], 5)
    assert week["window_hours"] == 168 and week["server_errors"] == 50 and week["requests"] == day["requests"] + 1000
    assert health["host"]["event_streams"] == 0
