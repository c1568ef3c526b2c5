"""Security events and a person's security timeline through HTTP with real auth: who may read and resolve, the
filters and cursor pages, alerts through the outbox, and the refusals' shapes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from domain.shared.channels import SECURITY, permission_for_channel
from domain.shared.permissions import Permission, Role
from entrypoints.bootstrap import container
from entrypoints.sse.channels import can_read

from .conftest import Api, Staff
from .test_tickets_api import make_learner

pytestmark = pytest.mark.django_db
READERS = {Role.SUPPORT_ADMIN, Role.PLATFORM_ADMIN, Role.COMPLIANCE_OFFICER}
RESOLVERS = {Role.SUPPORT_ADMIN, Role.PLATFORM_ADMIN}


def report(api: Api, service: Staff, user_id: int, activity_type: str, minutes_ago: int, **kw: Any) -> None:
    at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    item = {"kind": "activity", "user_id": user_id, "activity_type": activity_type, "timestamp": at.isoformat(), **kw}
    response = api.call("POST", "/api/activity/events", service, {"events": [item]})
    assert response.status_code == 200 and response.json()["accepted"] == 1, response.content


@pytest.fixture
def world(api: Api, make_staff: Any) -> dict[str, Any]:
    """A learner with three reported security events (one high), and a service account that reported them."""
    service = make_staff(Role.SERVICE)
    lea = make_learner(api, "lea")
    report(api, service, lea.user.pk, "security.login_failed", 30, ip_address="192.0.2.1")
    report(api, service, lea.user.pk, "security.new_device", 20, ip_address="2001:db8::7")
    report(api, service, lea.user.pk, "security.suspicious_login", 10, activity_data={"country": "NZ"})
    return {"lea": lea, "service": service}


@pytest.mark.parametrize("role", list(Role))
def test_who_may_read_security_events(api: Api, make_staff: Any, role: Role) -> None:
    response = api.call("GET", "/api/security/events/", make_staff(role))
    if role in READERS:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_anonymous_gets_401_everywhere(api: Api) -> None:
    for method, path in [
        ("GET", "/api/security/events/"),
        ("PATCH", "/api/security/events/1/"),
        ("GET", "/api/security/user-audit/1/"),
        ("POST", "/api/users/profiles/1/unblock"),
    ]:
        response = api.call(method, path, None, {"resolved": True, "note": "x"} if method == "PATCH" else None)
        assert response.status_code == 401, (method, path)


def test_list_filters_and_pages(api: Api, make_staff: Any, world: dict[str, Any]) -> None:
    officer, lea = make_staff(Role.COMPLIANCE_OFFICER), world["lea"]
    body = api.call("GET", "/api/security/events/", officer).json()
    assert [e["event_type"] for e in body["items"]] == ["suspicious_login", "new_device", "login_failed"]
    first = body["items"][0]
    assert first["severity"] == "high" and first["rule"] == "reported_by_platform"
    assert first["user_id"] == lea.user.pk and first["facts"] == {"country": "NZ"} and first["resolved"] is False

    def types(query: str) -> list[str]:
        response = api.call("GET", f"/api/security/events/?{query}", officer)
        assert response.status_code == 200, response.content
        return [e["event_type"] for e in response.json()["items"]]

    assert types("severity=high") == ["suspicious_login"]
    assert types(f"user={lea.user.pk}&event_type=new_device") == ["new_device"]
    assert types("ip=2001:DB8:0::7") == ["new_device"]  # any spelling of the address
    assert types("resolved=true") == []
    since = (datetime.now(UTC) - timedelta(minutes=25)).isoformat().replace("+00:00", "Z")
    assert types(f"since={since}") == ["suspicious_login", "new_device"]
    page = api.call("GET", "/api/security/events/?limit=2", officer).json()
    rest = api.call("GET", f"/api/security/events/?limit=2&cursor={page['next_cursor']}", officer).json()
    assert len(page["items"]) == 2 and [e["event_type"] for e in rest["items"]] == ["login_failed"]
    assert rest["next_cursor"] is None


def test_bad_filters_are_refused(api: Api, make_staff: Any) -> None:
    admin = make_staff(Role.SUPPORT_ADMIN)
    for query, status, code in [
        ("ip=999.1.1.1", 422, "validation_error"),
        ("severity=catastrophic", 422, "validation_error"),
        ("since=2026-01-01T00:00:00", 422, "validation_error"),  # no time zone
        ("cursor=bm90LWEtY3Vyc29y", 400, "invalid_cursor"),
    ]:
        response = api.call("GET", f"/api/security/events/?{query}", admin)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), query


def test_a_high_event_is_emailed_to_the_admins_through_the_outbox(
    api: Api, make_staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_staff(Role.SUPPORT_ADMIN), make_staff(Role.PLATFORM_ADMIN), make_staff(Role.SUPPORT_AGENT)
    service, lea = make_staff(Role.SERVICE), make_learner(api, "lea")
    with django_capture_on_commit_callbacks(execute=True):
        report(api, service, lea.user.pk, "security.suspicious_login", 5)
        report(api, service, lea.user.pk, "security.suspicious_login", 4)  # the same rule and person: no repeat
        report(api, service, lea.user.pk, "security.new_device", 3)  # medium: not e-mailed
    assert sorted(m.to[0] for m in mail.outbox) == ["platform_admin_2@example.com", "support_admin_1@example.com"]
    assert all(m.subject.startswith("[security] high: suspicious_login") for m in mail.outbox)


def test_resolving(api: Api, make_staff: Any, world: dict[str, Any]) -> None:
    admin, officer = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.COMPLIANCE_OFFICER)
    event_id = api.call("GET", "/api/security/events/?severity=high", admin).json()["items"][0]["id"]
    path = f"/api/security/events/{event_id}/"
    assert api.call("PATCH", path, officer, {"resolved": True, "note": "ok"}).status_code == 403
    blank = api.call("PATCH", path, admin, {"resolved": True, "note": "   "})
    assert (blank.status_code, blank.json()["error"]["code"]) == (422, "resolution_note_required")
    response = api.call("PATCH", path, admin, {"resolved": True, "note": "Learner confirmed the trip."})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["resolved"] is True and body["resolved_by"] == admin.user.pk and body["resolved_at"]
    assert body["resolution_note"] == "Learner confirmed the trip."
    again = api.call("PATCH", path, admin, {"resolved": True, "note": "again"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "security_event_resolved")
    for bad in ({"resolved": True}, {"resolved": False, "note": "x"}, {"resolved": True, "note": ""}):
        assert api.call("PATCH", path, admin, bad).status_code == 422, bad
    missing = api.call("PATCH", "/api/security/events/99999/", admin, {"resolved": True, "note": "x"})
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "security_event_not_found")
    audit = api.call("GET", "/api/audit/?action=security.event_resolve", make_staff(Role.PLATFORM_ADMIN)).json()
    assert [(e["actor_id"], e["target_id"]) for e in audit["items"]] == [(admin.user.pk, str(event_id))]


def test_a_persons_timeline(api: Api, make_staff: Any, world: dict[str, Any]) -> None:
    lea, officer, agent = world["lea"], make_staff(Role.COMPLIANCE_OFFICER), make_staff(Role.SUPPORT_AGENT)
    assert api.call("GET", f"/api/users/profiles/{lea.user.pk}/", agent).status_code == 200  # a staff access
    response = api.call("GET", f"/api/security/user-audit/{lea.user.pk}/", officer)
    assert response.status_code == 200, response.content
    kinds = [(t["kind"], t["action"]) for t in response.json()["items"]]
    assert kinds[0] == ("staff_access", "profile.read")
    assert ("login", "auth.login") in kinds  # make_learner logged lea in
    assert [a for k, a in kinds if k == "security_event"] == ["suspicious_login", "new_device", "login_failed"]
    assert api.call("GET", f"/api/security/user-audit/{lea.user.pk}/", agent).status_code == 403
    missing = api.call("GET", "/api/security/user-audit/99999/", officer)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "user_not_found")
    paged = api.call("GET", f"/api/security/user-audit/{lea.user.pk}/?limit=1", officer).json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]
    audit = api.call(
        "GET", f"/api/audit/?action=security.user_audit_read&target_id={lea.user.pk}", make_staff(Role.PLATFORM_ADMIN)
    ).json()
    assert len(audit["items"]) == 2  # each read of the timeline is a read of lea's data (the refusal is apart)


def test_the_security_channel_is_for_security_readers(make_staff: Any) -> None:
    assert permission_for_channel(SECURITY) is Permission.SECURITY_READ
    c = container()
    for role in Role:
        principal = c.auth.principal_for_user(make_staff(role).user.pk)
        assert can_read(principal, SECURITY) is (role in READERS), role
