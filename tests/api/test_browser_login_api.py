"""Browser sign-in through HTTP, as the staff console does it: a CSRF token first, then the password step, the MFA
step (a code or a recovery code) or forced enrolment, all on a cookie session with the token login's rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from adapters.orm.audit.models import AuditEntry
from adapters.orm.identity.models import ApiToken
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role

from . import mfa_support
from .conftest import PASSWORD
from .mfa_support import IP, code, enrol, rebuild, token_of, user

pytestmark = pytest.mark.django_db
clock = mfa_support.clock  # the fixture: the real adapters on a clock the test moves


class Browser:
    """A browser: Django's test client with the CSRF checks on, sending the token the way the console does."""

    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP, HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0")
        self.csrf = ""

    def fetch_csrf(self) -> str:
        self.csrf = self.client.get("/api/auth/csrf").json()["csrf_token"]
        return self.csrf

    def send(self, method: str, path: str, body: Any = None, csrf: bool = True) -> Any:
        kwargs: dict[str, Any] = {"HTTP_X_CSRFTOKEN": self.csrf} if csrf else {}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method.lower())(path, **kwargs)

    def sign_in(self, username: str, password: str = PASSWORD) -> Any:
        if not self.csrf:
            self.fetch_csrf()
        answer = self.send("POST", "/api/auth/browser/login", {"username": username, "password": password})
        if answer.status_code == 200 and answer.json()["csrf_token"]:
            self.csrf = answer.json()["csrf_token"]
        return answer

    def second_step(self, challenge: str, **given: str) -> Any:
        answer = self.send("POST", "/api/auth/browser/login/mfa", {"challenge": challenge, **given})
        if answer.status_code == 200:
            self.csrf = answer.json()["csrf_token"]
        return answer

    def me(self) -> Any:
        return self.client.get("/api/auth/me")


def error(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    return str(response.json()["error"]["code"])


def test_the_password_step_signs_a_browser_in_with_a_session_cookie(clock: FixedClock, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True  # as production sets it
    lea = user("lea", Role.SUPPORT_AGENT)
    browser = Browser()
    answer = browser.sign_in("lea")
    body = answer.json()
    assert answer.status_code == 200 and body["mfa_required"] is False and body["challenge"] is None
    assert body["scope"] == "full" and body["user"] == {"id": lea.pk, "username": "lea", "roles": ["support_agent"]}
    assert body["expires_at"] == "2026-03-02T21:00:00Z" and "token" not in body
    cookie = answer.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    row = ApiToken.objects.get(user=lea)
    assert (row.kind, row.session_key, row.scope) == ("cookie", cookie.value, "full")
    me = browser.me().json()
    assert me["username"] == "lea" and "tickets.work" in me["permissions"] and "staff.manage" not in me["permissions"]
    entry = AuditEntry.objects.filter(action="auth.login").get()
    assert (entry.actor_id, entry.details) == (lea.pk, {"session": "cookie"})
    sessions = browser.client.get("/api/auth/sessions").json()["items"]
    assert [(s["kind"], s["current"]) for s in sessions] == [("cookie", True)]


def test_sign_in_needs_the_csrf_token_and_gives_a_new_one(clock: FixedClock) -> None:
    user("lea")
    browser = Browser()
    refused = browser.send("POST", "/api/auth/browser/login", {"username": "lea", "password": PASSWORD}, csrf=False)
    assert error(refused, 403) == "csrf_failed"
    before = browser.fetch_csrf()
    signed_in = browser.sign_in("lea").json()
    assert signed_in["csrf_token"] != before
    browser.csrf = before  # the token read before signing in no longer works
    assert error(browser.send("DELETE", "/api/auth/sessions"), 403) == "csrf_failed"
    assert not AuditEntry.objects.filter(action="auth.logout_everywhere").exists()


def test_every_unsafe_method_on_a_session_needs_the_csrf_header(clock: FixedClock) -> None:
    user("lea")
    browser = Browser()
    browser.sign_in("lea")
    assert error(browser.send("POST", "/api/auth/logout", csrf=False), 403) == "csrf_failed"
    assert error(browser.send("POST", "/api/auth/mfa/totp", csrf=False), 403) == "csrf_failed"
    assert browser.me().status_code == 200  # a safe method needs none; the session still stands


def test_a_wrong_password_is_refused_alike_and_throttled(clock: FixedClock) -> None:
    user("lea")
    browser = Browser()
    wrong = [browser.sign_in("lea", "wrong-password") for _ in range(5)]
    assert [error(r, 401) for r in wrong] == ["invalid_credentials"] * 5
    throttled = browser.sign_in("lea")
    assert error(throttled, 429) == "login_throttled" and throttled["Retry-After"] == "60"
    assert throttled.json()["error"]["message"] == wrong[0].json()["error"]["message"]
    assert "sessionid" not in browser.client.cookies and not Session.objects.exists()
    # the token login shares the count: the same account and network
    token_client = Client(REMOTE_ADDR=IP)
    body = json.dumps({"username": "lea", "password": PASSWORD})
    assert token_client.post("/api/auth/login", body, content_type="application/json").status_code == 429
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["auth.login_failed"] * 5 + ["auth.login_throttled"] * 2
    clock.advance(seconds=60)
    assert browser.sign_in("lea").status_code == 200


def test_the_mfa_step_with_a_code_then_with_a_recovery_code(clock: FixedClock) -> None:
    sam = user("sam")
    secret, recovery = enrol(Client(), token_of(Client(REMOTE_ADDR=IP), "sam"), clock)
    browser = Browser()
    first = browser.sign_in("sam").json()
    assert first["mfa_required"] is True and first["user"] is None and first["scope"] is None
    assert "sessionid" not in browser.client.cookies and browser.me().status_code == 401
    assert error(browser.second_step(first["challenge"], code="000000"), 401) == "invalid_mfa_code"
    assert error(browser.second_step(first["challenge"], code=code(secret, clock)), 429) == "mfa_throttled"
    clock.advance(seconds=1)  # the delay after one wrong code
    signed_in = browser.second_step(first["challenge"], code=code(secret, clock))
    assert signed_in.status_code == 200 and signed_in.json()["user"]["username"] == "sam"
    assert browser.me().json()["mfa_enrolled"] is True
    assert ApiToken.objects.filter(user=sam, kind="cookie", revoked_at=None).count() == 1

    other = Browser()
    challenge = other.sign_in("sam").json()["challenge"]
    refused = other.send("POST", "/api/auth/browser/login/mfa", {"challenge": challenge, "code": "1"}, csrf=False)
    assert error(refused, 403) == "csrf_failed"
    used = other.second_step(challenge, recovery_code=recovery[0])
    assert used.status_code == 200 and other.me().json()["recovery_codes_left"] == 9
    assert ApiToken.objects.filter(user=sam, kind="cookie", revoked_at=None).count() == 2
    assert AuditEntry.objects.filter(action="auth.login", details={"session": "cookie"}).count() == 2


def test_a_role_requiring_mfa_enrols_on_the_browser_session(clock: FixedClock, settings: Any) -> None:
    settings.MFA_REQUIRED_ROLES = ["support_admin"]
    rebuild(clock)
    user("ada", Role.SUPPORT_ADMIN)
    browser = Browser()
    body = browser.sign_in("ada").json()
    assert (body["mfa_required"], body["scope"]) == (False, "mfa_enrolment")
    assert AuditEntry.objects.get(action="auth.login").details == {"scope": "mfa_enrolment", "session": "cookie"}
    assert error(browser.client.get("/api/users/profiles/"), 403) == "mfa_enrolment_required"
    me = browser.me().json()
    assert (me["scope"], me["mfa_required"], me["permissions"]) == ("mfa_enrolment", True, [])
    started = browser.send("POST", "/api/auth/mfa/totp")
    assert started.status_code == 201 and started.json()["qr_svg"].startswith("<svg")
    confirmed = browser.send("POST", "/api/auth/mfa/totp/confirm", {"code": code(started.json()["secret"], clock)})
    assert confirmed.status_code == 200 and confirmed.json()["session_unlocked"] is True
    assert browser.client.get("/api/users/profiles/").status_code == 200
    assert browser.me().json()["scope"] == "full"


def test_sign_out_kills_the_cookie(clock: FixedClock) -> None:
    lea = user("lea")
    browser = Browser()
    browser.sign_in("lea")
    stolen = browser.client.cookies["sessionid"].value
    assert browser.send("POST", "/api/auth/logout").status_code == 204
    assert not Session.objects.filter(session_key=stolen).exists()
    assert ApiToken.objects.get(user=lea).revoked_at is not None
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert error(replay.get("/api/auth/me"), 401) == "not_authenticated"
    assert browser.me().status_code == 401
    assert AuditEntry.objects.filter(action="auth.logout", actor_id=lea.pk).exists()


def test_signing_in_again_ends_the_browsers_earlier_session(clock: FixedClock) -> None:
    user("lea")
    user("max")
    browser = Browser()
    browser.sign_in("lea")
    first = browser.client.cookies["sessionid"].value
    browser.sign_in("max")
    assert browser.client.cookies["sessionid"].value != first
    assert browser.me().json()["username"] == "max"
    assert list(ApiToken.objects.filter(revoked_at=None).values_list("user__username", flat=True)) == ["max"]
    assert not Session.objects.filter(session_key=first).exists()


def test_an_unused_browser_session_ends_after_the_idle_timeout(clock: FixedClock) -> None:
    user("lea")
    browser = Browser()
    browser.sign_in("lea")
    clock.advance(hours=1, minutes=59)
    assert browser.me().status_code == 200  # used: the idle time starts again
    clock.advance(hours=1, minutes=59)
    assert browser.me().status_code == 200
    clock.advance(hours=2, minutes=1)
    assert error(browser.me(), 401) == "not_authenticated"


def test_the_event_stream_accepts_the_browser_session(clock: FixedClock) -> None:
    user("lea")
    browser = Browser()
    assert browser.client.get("/events/?channel=tickets").status_code == 401
    browser.sign_in("lea")
    stream = browser.client.get("/events/?channel=tickets")
    assert stream.status_code == 200 and stream["Content-Type"].startswith("text/event-stream")
    stream.close()


def test_bad_input_is_a_4xx_with_the_one_error_body(clock: FixedClock) -> None:
    browser = Browser()
    browser.fetch_csrf()
    assert error(browser.send("POST", "/api/auth/browser/login", {"username": "lea"}), 422) == "validation_error"
    both = {"challenge": "x", "code": "123456", "recovery_code": "abc"}
    assert error(browser.send("POST", "/api/auth/browser/login/mfa", both), 422) == "validation_error"
    unknown = {"challenge": "x" * 40, "code": "123456"}
    assert error(browser.send("POST", "/api/auth/browser/login/mfa", unknown), 401) == "invalid_mfa_challenge"
    assert error(browser.sign_in("nobody"), 401) == "invalid_credentials"


def test_an_inactive_account_cannot_sign_in(clock: FixedClock) -> None:
    User.objects.create_user("gone", "gone@example.com", PASSWORD, is_active=False)
    assert error(Browser().sign_in("gone"), 401) == "invalid_credentials"
