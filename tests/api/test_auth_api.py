from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from adapters.orm.identity.models import ApiToken
from domain.identity.model import hash_token
from domain.shared.permissions import Role

from .conftest import PASSWORD, Api, login

pytestmark = pytest.mark.django_db


def test_login_answers_token_expiry_and_user(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(Role.SUPPORT_AGENT, username="agent_smith")
    response = login(api.client, "agent_smith")
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"mfa_required", "token", "expires_at", "user", "scope", "challenge"}
    assert body["mfa_required"] is False and body["scope"] == "full" and body["challenge"] is None
    assert body["user"] == {"id": staff.user.id, "username": "agent_smith", "roles": ["support_agent"]}
    stored = ApiToken.objects.get(key_hash=hash_token(body["token"]))
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()
    assert timedelta(hours=11, minutes=59) < stored.expires_at - timezone.now() <= timedelta(hours=12)


def test_wrong_password_and_unknown_user_get_the_same_401(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    make_staff(Role.SUPPORT_AGENT, username="agent_smith")
    wrong = login(api.client, "agent_smith", "not-the-password")
    unknown = login(api.client, "nobody_here", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_inactive_user_cannot_log_in(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(Role.SUPPORT_AGENT, username="gone")
    staff.user.is_active = False
    staff.user.save()
    assert login(api.client, "gone").status_code == 401
    assert api.call("GET", "/api/auth/me", staff).status_code == 401


def test_me_returns_the_principal(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(Role.COMPLIANCE_OFFICER)
    body = api.call("GET", "/api/auth/me", staff).json()
    assert body["roles"] == ["compliance_officer"] and "audit.read" in body["permissions"]


def test_expired_token_is_refused(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(Role.SUPPORT_AGENT)
    ApiToken.objects.filter(key_hash=hash_token(staff.token)).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.call("GET", "/api/auth/me", staff)
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


def test_logout_revokes_the_token(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(Role.SUPPORT_AGENT)
    assert api.call("POST", "/api/auth/logout", staff).status_code == 204
    assert api.call("GET", "/api/auth/me", staff).status_code == 401


def test_garbage_bearer_is_401(api: Api) -> None:
    response = api.client.get("/api/auth/me", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_auth_needs_csrf_for_unsafe_methods(db: None, make_staff) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(Role.PLATFORM_ADMIN)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff.user)
    assert browser.get("/api/auth/me").status_code == 200
    body = '{"username": "x_new", "password": "a-long-test-password", "role": "support_agent"}'
    refused = browser.post("/api/staff/", data=body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    token = browser.get("/api/auth/csrf").json()["csrf_token"]
    assert browser.cookies["csrftoken"].value
    accepted = browser.post("/api/staff/", data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


def test_request_id_is_echoed_or_made(api: Api) -> None:
    assert api.client.get("/api/health", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    made = api.client.get("/api/health", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
    assert made != "bad id with spaces" and len(made) == 32


@pytest.mark.django_db(transaction=True)
def test_every_failed_login_is_audited(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    """The entry is committed before the 401 is raised, so the error cannot roll it back."""
    from adapters.orm.audit.models import AuditEntry

    make_staff(Role.SUPPORT_AGENT, username="agent_smith")
    for _ in range(3):
        assert login(api.client, "agent_smith", "not-the-password").status_code == 401
    assert login(api.client, "no_such_person", "whatever").status_code == 401
    failed = AuditEntry.objects.filter(action="auth.login_failed").order_by("id")
    staff_id = User.objects.get(username="agent_smith").pk
    # about a known account: its id, never the name typed (a sealed row outlives an erasure); else the name tried
    assert [(e.target_id, e.details.get("username")) for e in failed] == [(str(staff_id), None)] * 3 + [
        ("", "no_such_person")
    ]
    assert all("password" not in e.details for e in failed)


def test_api_answers_are_not_cached_and_sessions_live_no_longer_than_tokens(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    staff = make_staff(Role.SUPPORT_AGENT)
    assert api.call("GET", "/api/auth/me", staff)["Cache-Control"] == "no-store"
    assert api.client.get("/api/nope")["Cache-Control"] == "no-store"
    assert settings.SESSION_ABSOLUTE.total_seconds() == settings.SESSION_COOKIE_AGE


def test_api_documents_need_staff_unless_public(api: Api, make_staff, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_DOCS_PUBLIC = False
    learner = make_staff(Role.LEARNER)
    agent = make_staff(Role.SUPPORT_AGENT)
    assert api.call("GET", "/api/openapi.json").status_code == 401
    assert api.call("GET", "/api/openapi.json", learner).status_code == 403
    assert api.call("GET", "/api/openapi.json", agent).status_code == 200
    browser = api.client.get("/api/docs", HTTP_ACCEPT="text/html")
    assert browser.status_code == 302 and browser["Location"] == "/admin/login/?next=/api/docs"
    settings.API_DOCS_PUBLIC = True
    assert api.call("GET", "/api/openapi.json").status_code == 200
