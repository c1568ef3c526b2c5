"""Impersonation through HTTP with real auth: a whole session, approval and its expiry, exact expiry, suspension,
every refusal, the learner told, the audit with both identities, list, detail and statistics."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail

from adapters.orm.audit.models import AuditEntry
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, use_container

from .conftest import Api, Staff
from .test_errors_api import assert_error

REASON = "Learner reports the quiz page shows no questions (ticket SUP-000042)"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(db: None) -> Iterator[FixedClock]:
    clock = FixedClock(T0)
    use_container(build_container(clock))
    yield clock
    use_container(None)


@pytest.fixture
def admin(clock: FixedClock, make_staff: Callable[..., Staff]) -> Staff:
    return make_staff(Role.SUPPORT_ADMIN)


@pytest.fixture
def learner(api: Api, admin: Staff) -> int:
    return new_learner(api, admin, "lea")


def new_learner(api: Api, admin: Staff, username: str, **extra: Any) -> int:
    body = {"username": username, "email": f"{username}@example.com", "first_name": "Lea", "last_name": "Ng", **extra}
    response = api.call("POST", "/api/users/profiles/", admin, body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def start(api: Api, who: Staff, user_id: int, **body: Any) -> Any:
    return api.call("POST", "/api/users/impersonate/", who, {"user_id": user_id, "reason": REASON, **body})


def as_token(token: str) -> Staff:
    return Staff(User(), token)


def requests_made(session_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(action="impersonation.request_made", target_id=str(session_id)).order_by("id")
    )


def test_a_whole_read_session(api: Api, admin: Staff, learner: int, clock: FixedClock) -> None:
    answer = start(api, admin, learner, ticket_id=42)
    assert answer.status_code == 201, answer.content
    session = answer.json()
    assert session["status"] == "active" and session["scope"] == "read" and session["token"].startswith("imp_")
    assert session["target"]["id"] == learner and session["impersonator"]["id"] == admin.user.pk
    assert session["expires_at"] == (T0 + timedelta(minutes=15)).isoformat().replace("+00:00", "Z")
    imp = as_token(session["token"])

    me = api.call("GET", "/api/auth/me", imp).json()
    assert me["id"] == learner and me["roles"] == ["learner"]
    banner = me["impersonation"]
    assert banner["impersonator"]["id"] == admin.user.pk and banner["reason"] == REASON and banner["scope"] == "read"
    assert api.call("GET", "/api/support/my-tickets/", imp).status_code == 200
    refused = api.call("POST", "/api/support/my-tickets/", imp, {"title": "x", "description": "y"})
    assert_error(refused, 403, "impersonation_read_only")
    assert_error(api.call("GET", "/api/users/profiles/", imp), 403, "impersonation_not_allowed")
    # the impersonator's own session is untouched, and shows no impersonation
    mine = api.call("GET", "/api/auth/me", admin).json()
    assert mine["id"] == admin.user.pk and mine["impersonation"] is None

    rows = requests_made(session["id"])
    assert [(r.actor_id, r.on_behalf_of, r.impersonator_id) for r in rows] == [
        (admin.user.pk, learner, admin.user.pk)
    ] * 4
    assert [(r.details["method"], r.details["status"], r.details["outcome"]) for r in rows] == [
        ("GET", 200, "allowed"),
        ("GET", 200, "allowed"),
        ("POST", 403, "impersonation_read_only"),
        ("GET", 403, "impersonation_not_allowed"),
    ]
    detail = api.call("GET", f"/api/users/impersonate/{session['id']}", admin).json()
    assert [r["path"] for r in detail["requests"]] == [r.details["path"] for r in rows]

    ended = api.call("POST", f"/api/users/impersonate/{session['id']}/end", admin)
    assert ended.json()["status"] == "ended" and ended.json()["end_reason"] == "ended_by_impersonator"
    assert_error(api.call("GET", "/api/auth/me", imp), 401, "impersonation_ended")
    assert_error(
        api.call("POST", f"/api/users/impersonate/{session['id']}/end", admin), 409, "impersonation_already_ended"
    )
    assert api.call("GET", "/api/auth/me", admin).status_code == 200


def test_expiry_is_exact(api: Api, admin: Staff, learner: int, clock: FixedClock) -> None:
    session = start(api, admin, learner, minutes=5).json()
    imp = as_token(session["token"])
    clock.set(T0 + timedelta(minutes=5) - timedelta(seconds=1))
    assert api.call("GET", "/api/auth/me", imp).status_code == 200
    clock.set(T0 + timedelta(minutes=5, seconds=1))
    error = assert_error(api.call("GET", "/api/auth/me", imp), 401, "impersonation_expired")
    assert error["details"]["impersonation_id"] == session["id"]
    detail = api.call("GET", f"/api/users/impersonate/{session['id']}", admin).json()
    assert detail["status"] == "expired" and detail["end_reason"] == "time_limit"
    assert AuditEntry.objects.filter(action="impersonation.expire", target_id=str(learner)).count() == 1
    assert start(api, admin, learner).status_code == 201  # one at a time: the expired one no longer counts


def test_approval_its_refusals_and_its_expiry(
    api: Api, admin: Staff, learner: int, clock: FixedClock, make_staff: Callable[..., Staff]
) -> None:
    agent, other_admin = make_staff(Role.SUPPORT_AGENT), make_staff(Role.SUPPORT_ADMIN)
    pending = start(api, agent, learner).json()
    assert pending["status"] == "pending_approval" and pending["approval_reasons"] == ["requester_needs_approval"]
    assert pending["approval_expires_at"] is not None
    imp = as_token(pending["token"])
    assert_error(api.call("GET", "/api/auth/me", imp), 401, "impersonation_pending_approval")
    path = f"/api/users/impersonate/{pending['id']}"
    assert_error(api.call("POST", f"{path}/approve", agent, {}), 403, "permission_denied")
    approved = api.call("POST", f"{path}/approve", admin, {})
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    assert approved.json()["decided_by"] == admin.user.pk
    assert api.call("GET", "/api/auth/me", imp).json()["id"] == learner
    assert_error(api.call("POST", f"{path}/approve", other_admin, {}), 409, "impersonation_not_pending")
    api.call("POST", f"{path}/end", agent)

    write = start(api, admin, learner, scope="write").json()
    assert write["status"] == "pending_approval" and write["approval_reasons"] == ["write_scope"]
    assert_error(
        api.call("POST", f"/api/users/impersonate/{write['id']}/approve", admin, {}), 403, "cannot_approve_own_request"
    )
    clock.advance(minutes=30)
    assert_error(
        api.call("POST", f"/api/users/impersonate/{write['id']}/approve", other_admin, {}), 409, "approval_expired"
    )
    asked = start(api, admin, learner, scope="write").json()
    rejected = api.call("POST", f"/api/users/impersonate/{asked['id']}/reject", other_admin, {"note": "use read"})
    assert rejected.json()["status"] == "rejected" and rejected.json()["decision_note"] == "use read"
    assert_error(api.call("GET", "/api/auth/me", as_token(asked["token"])), 401, "impersonation_ended")


def test_every_refusal_has_its_code(
    api: Api, admin: Staff, learner: int, clock: FixedClock, make_staff: Callable[..., Staff]
) -> None:
    peer, boss, root = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.PLATFORM_ADMIN), make_staff(superuser=True)
    compliance, me_learner = make_staff(Role.COMPLIANCE_OFFICER), make_staff(Role.LEARNER)
    assert_error(start(api, admin, admin.user.pk), 403, "cannot_impersonate_self")
    assert_error(start(api, admin, root.user.pk), 403, "target_is_superuser")
    assert_error(start(api, admin, peer.user.pk), 403, "target_is_staff")
    assert_error(start(api, admin, boss.user.pk), 403, "target_is_staff")
    assert_error(start(api, admin, 987654), 404, "user_not_found")
    assert_error(start(api, admin, learner, reason="too short"), 422, "validation_error")
    assert_error(api.call("POST", "/api/users/impersonate/", admin, {"user_id": learner}), 422, "validation_error")
    assert_error(start(api, admin, learner, minutes=61), 422, "validation_error")
    assert_error(start(api, compliance, learner), 403, "permission_denied")
    assert_error(start(api, me_learner, learner), 403, "permission_denied")
    suspended = new_learner(api, admin, "sam", account_status="pending")
    assert_error(start(api, admin, suspended, scope="write"), 403, "target_not_active")
    assert start(api, admin, suspended).json()["status"] == "active"  # read-only is allowed
    assert_error(start(api, admin, learner), 403, "already_impersonating")
    staff_target = start(api, boss, make_staff(Role.SUPPORT_AGENT).user.pk).json()
    assert staff_target["approval_reasons"] == ["target_is_staff"]


def test_suspending_either_person_ends_the_session(
    api: Api, admin: Staff, learner: int, clock: FixedClock, make_staff: Callable[..., Staff]
) -> None:
    other_admin = make_staff(Role.SUPPORT_ADMIN)
    first = start(api, admin, learner).json()
    change = {"account_status": "suspended", "status_reason": "chargeback under review"}
    assert api.call("PATCH", f"/api/users/profiles/{learner}/", other_admin, change).status_code == 200
    assert_error(api.call("GET", "/api/auth/me", as_token(first["token"])), 401, "impersonation_ended")
    detail = api.call("GET", f"/api/users/impersonate/{first['id']}", admin).json()
    assert detail["status"] == "ended" and detail["end_reason"] == "target_suspended"

    second = start(api, other_admin, new_learner(api, admin, "kim")).json()
    User.objects.filter(pk=other_admin.user.pk).update(is_active=False)
    assert_error(api.call("GET", "/api/auth/me", as_token(second["token"])), 401, "impersonation_ended")
    assert api.call("GET", f"/api/users/impersonate/{second['id']}", admin).json()["end_reason"] == (
        "impersonator_suspended"
    )


def test_the_learner_is_told_and_the_session_is_on_their_timeline(
    api: Api, admin: Staff, learner: int, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session = start(api, admin, learner, minutes=20).json()
    (letter,) = [m for m in mail.outbox if m.to == ["lea@example.com"]]
    assert admin.user.username in letter.body and REASON in letter.body and "20 minutes" in letter.body
    assert session["token"] not in letter.body
    event = UserSecurityEvent.objects.get(event_type="impersonation_started")
    assert event.user_id == learner and event.additional_data["impersonator_id"] == admin.user.pk
    timeline = api.call("GET", f"/api/security/user-audit/{learner}/", admin).json()["items"]
    kinds = {(t["kind"], t["action"]) for t in timeline}
    assert ("impersonation", "impersonation.start") in kinds and ("security_event", "impersonation_started") in kinds


def test_the_learner_is_not_told_when_the_setting_is_off(
    api: Api, make_staff: Callable[..., Staff], settings: Any, django_capture_on_commit_callbacks: Any, db: None
) -> None:
    settings.IMPERSONATION_NOTIFY_USER = False
    use_container(build_container(FixedClock(T0)))
    try:
        admin = make_staff(Role.SUPPORT_ADMIN)
        learner = new_learner(api, admin, "quiet")
        with django_capture_on_commit_callbacks(execute=True):
            assert start(api, admin, learner).status_code == 201
        assert [m for m in mail.outbox if m.to == ["quiet@example.com"]] == []
    finally:
        use_container(None)


def test_list_filters_and_statistics(
    api: Api, admin: Staff, learner: int, clock: FixedClock, make_staff: Callable[..., Staff]
) -> None:
    agent, compliance = make_staff(Role.SUPPORT_AGENT), make_staff(Role.COMPLIANCE_OFFICER)
    done = start(api, admin, learner, ticket_id=7).json()
    clock.advance(minutes=10)
    api.call("POST", f"/api/users/impersonate/{done['id']}/end", admin)
    live = start(api, admin, new_learner(api, admin, "max")).json()
    pending = start(api, agent, learner).json()

    listed = api.call("GET", "/api/users/impersonate/?limit=2", compliance).json()
    assert [s["id"] for s in listed["items"]] == [pending["id"], live["id"]] and listed["next_cursor"]
    rest = api.call("GET", f"/api/users/impersonate/?limit=2&cursor={listed['next_cursor']}", compliance).json()
    assert [s["id"] for s in rest["items"]] == [done["id"]] and rest["next_cursor"] is None
    active = api.call("GET", "/api/users/impersonate/?active=true", compliance).json()["items"]
    assert [s["id"] for s in active] == [live["id"]]
    inbox = api.call("GET", "/api/users/impersonate/?pending=true", admin).json()["items"]
    assert [s["id"] for s in inbox] == [pending["id"]] and inbox[0]["approval_expires_at"]
    mine = api.call("GET", f"/api/users/impersonate/?impersonator={agent.user.pk}", admin).json()["items"]
    assert [s["id"] for s in mine] == [pending["id"]]
    assert_error(api.call("GET", "/api/users/impersonate/", agent), 403, "permission_denied")
    assert_error(api.call("GET", "/api/users/impersonate/?cursor=nonsense", admin), 400, "invalid_cursor")
    assert api.call("GET", f"/api/users/impersonate/{pending['id']}", agent).status_code == 200  # their own
    assert_error(api.call("GET", f"/api/users/impersonate/{done['id']}", agent), 403, "permission_denied")

    report = api.call("GET", "/api/compliance/reports/impersonation", compliance).json()
    by_id = {row[0]: dict(zip(report["columns"], row, strict=True)) for row in report["rows"]}
    shown = listed["items"][0]  # the pending request, with both people as the list names them
    for role in ("impersonator", "target"):
        p = shown[role]
        assert by_id[str(pending["id"])][role] == (f"{p['name']} ({p['username']})" if p["name"] else p["username"])

    clock.advance(minutes=1)
    stats = api.call("GET", "/api/users/impersonate/stats", compliance).json()
    assert stats["sessions"] == 3 and stats["per_scope"] == {"read": 3, "write": 0}
    assert stats["per_staff"][0] == {"impersonator_id": admin.user.pk, "username": admin.user.username, "sessions": 2}
    assert stats["median_duration_seconds"] == 600.0
    assert stats["approval"]["requested"] == 1 and stats["approval"]["pending"] == 1
    assert stats["linked_to_ticket"] == 1 and stats["linked_to_ticket_share"] == round(1 / 3, 4)
    assert_error(
        api.call("GET", "/api/users/impersonate/stats?from=2026-03-03T00:00:00Z&to=2026-03-01T00:00:00Z", admin),
        400,
        "invalid_range",
    )
