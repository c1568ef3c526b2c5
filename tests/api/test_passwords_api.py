"""The password policy over HTTP: described for front ends, applied to staff creation, never echoed."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core import mail

from adapters.orm.audit.models import AuditEntry
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, use_container
from tests.api.conftest import PASSWORD, Api, login
from tests.api.test_errors_api import assert_error


def wide(text: str) -> str:
    """The same letters, full-width (NFKC folds them back)."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def test_the_policy_is_public_and_describes_the_rules(api: Api, db: None) -> None:
    res = api.call("GET", "/api/security/password-policy")
    assert res.status_code == 200
    body = res.json()
    assert body["min_length"] == 15 and body["min_length_with_mfa"] == 8 and body["max_length"] == 128
    assert body["blocklist_size"] > 19_000 and body["history"] == 5 and body["normalisation"] == "NFKC"
    assert set(body["rules"]) >= {"too_short", "too_long", "common", "contains_personal_info", "recently_used"}


def test_staff_creation_refuses_each_rule_with_its_reason(api: Api, make_staff: Any, client: Any) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)

    def create(password: str, username: str = "new_agent") -> Any:
        body = {"username": username, "email": "sam.jones@example.com", "password": password, "role": "support_agent"}
        return api.call("POST", "/api/staff/", admin, body)

    for password, reason in [
        ("fourteen chars", "too_short"),
        ("x" * 129, "too_long"),
        ("the new_agent passphrase", "contains_personal_info"),
        ("hello sam.jones my friend", "contains_personal_info"),
    ]:
        err = assert_error(create(password), 422, "weak_password")
        assert err["details"]["reasons"] == [reason] and password not in str(err)
    assert create(wide("full") + "-width staff passphrase").status_code == 201
    assert login(client, "new_agent", "full-width staff passphrase").status_code == 200


def post(client: Any, path: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


def reset_token(to: str) -> str:
    (letter,) = [m for m in mail.outbox if m.to == [to]]
    mail.outbox.clear()
    return re.search(r"reset-password\?token=([A-Za-z0-9_-]+)", letter.body).group(1)  # type: ignore[union-attr]


def test_own_change_keeps_this_token_and_ends_the_others(api: Api, make_staff: Any, client: Any) -> None:
    me = make_staff(Role.SUPPORT_AGENT)
    other = login(client, me.user.username).json()["token"]
    body = {"current_password": PASSWORD, "new_password": "my new and long passphrase"}
    res = api.call("POST", "/api/auth/password", me, body)
    assert res.status_code == 200 and res.json() == {"sessions_ended": 1}
    assert api.call("GET", "/api/auth/me", me).status_code == 200
    assert client.get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 401
    assert login(client, me.user.username, "my new and long passphrase").status_code == 200
    wrong = {"current_password": "not my password", "new_password": "another long passphrase"}
    assert_error(api.call("POST", "/api/auth/password", me, wrong), 400, "wrong_current_password")
    reused = {"current_password": "my new and long passphrase", "new_password": PASSWORD}
    err = assert_error(api.call("POST", "/api/auth/password", me, reused), 422, "weak_password")
    assert err["details"]["reasons"] == ["recently_used"] and PASSWORD not in str(err)
    too_long = {"current_password": "my new and long passphrase", "new_password": "y" * 300}
    err = assert_error(api.call("POST", "/api/auth/password", me, too_long), 422, "weak_password")
    assert err["details"]["reasons"] == ["too_long"] and "y" * 129 not in json.dumps(err)
    assert api.call("POST", "/api/auth/password", None, body).status_code == 401


def test_the_reset_request_answers_alike_and_the_link_works_once(
    make_staff: Any, client: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PASSWORD_RESET_URL = "https://learn.example.com/reset-password"
    use_container(build_container())
    try:
        me = make_staff(Role.SUPPORT_AGENT)
        with django_capture_on_commit_callbacks(execute=True):
            answers = [
                post(client, "/api/auth/password-reset", body)
                for body in ({"email": "nobody@example.com"}, {"username": "nobody"}, {}, {"email": me.user.email})
            ]
        assert {(a.status_code, a.content) for a in answers} == {(202, b"")}
        token = reset_token(me.user.email)
        assert mail.outbox == []  # nothing went to anybody else
        new = {"token": token, "new_password": "a passphrase from the link"}
        assert post(client, "/api/auth/password-reset/confirm", new).status_code == 204
        assert api_me(client, me.token) == 401  # every session ended
        assert login(client, me.user.username, "a passphrase from the link").status_code == 200
        again = post(client, "/api/auth/password-reset/confirm", {**new, "new_password": "yet another passphrase"})
        assert_error(again, 400, "invalid_reset_token")
        assert_error(
            post(client, "/api/auth/password-reset/confirm", {**new, "token": "x" * 20}), 400, "invalid_reset_token"
        )
    finally:
        use_container(None)


def api_me(client: Any, token: str) -> int:
    return int(client.get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code)


def test_an_admin_reset_e_mails_the_person(
    api: Api, make_staff: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PASSWORD_RESET_URL = "https://learn.example.com/reset-password"
    use_container(build_container())
    try:
        admin, agent, person = (make_staff(r) for r in (Role.SUPPORT_ADMIN, Role.SUPPORT_AGENT, Role.LEARNER))
        path = f"/api/users/profiles/{person.user.pk}/password-reset"
        assert_error(api.call("POST", path, agent, {"reason": "asked by phone"}), 403, "permission_denied")
        assert_error(api.call("POST", path, admin, {"reason": "  "}), 400, "reason_required")
        missing = api.call("POST", "/api/users/profiles/987654/password-reset", admin, {"reason": "asked by phone"})
        assert_error(missing, 404, "user_not_found")
        with django_capture_on_commit_callbacks(execute=True):
            assert api.call("POST", path, admin, {"reason": "asked by phone"}).status_code == 202
        assert reset_token(person.user.email)
        entry = AuditEntry.objects.filter(action="security.password_reset").get()
        assert entry.details["reason"] == "asked by phone"
        kinds = set(UserSecurityEvent.objects.filter(user_id=person.user.pk).values_list("event_type", flat=True))
        assert "password_reset_requested" in kinds
    finally:
        use_container(None)


def test_reset_requests_are_throttled_per_address_and_per_network(
    make_staff: Any, client: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """At most PASSWORD_RESET_MAX_PER_ADDRESS links an hour reach one address, answered alike (202) whether it
    exists; a network past PASSWORD_RESET_MAX_PER_NETWORK requests is told to wait (429), whichever address."""
    settings.PASSWORD_RESET_URL = "https://learn.example.com/reset-password"
    settings.PASSWORD_RESET_MAX_PER_ADDRESS, settings.PASSWORD_RESET_MAX_PER_NETWORK = 3, 12
    use_container(build_container())
    here, elsewhere = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.9"}
    try:
        me = make_staff(Role.SUPPORT_AGENT)
        with django_capture_on_commit_callbacks(execute=True):
            answers = [
                post(client, "/api/auth/password-reset", body, **here)
                for body in [{"email": me.user.email}] * 4
                + [{"username": me.user.username}] * 2
                + [{"email": "nobody@example.com"}] * 6
            ]
            refusals = [
                post(client, "/api/auth/password-reset", body, **here)
                for body in ({"email": me.user.email}, {"email": "someone-else@example.com"})
            ]
            later = post(client, "/api/auth/password-reset", {"email": me.user.email}, **elsewhere)
        assert {(a.status_code, a.content) for a in [*answers, later]} == {(202, b"")}
        for refused in refusals:
            error = assert_error(refused, 429, "password_reset_throttled")
            assert error["details"]["retry_after"] > 0 and int(refused["Retry-After"]) > 0
        assert len([m for m in mail.outbox if m.to == [me.user.email]]) == 3
        kept = AuditEntry.objects.filter(action="auth.password_reset_request", details__throttled="address")
        assert kept.count() == 7 and me.user.email not in str([e.details for e in kept])
    finally:
        use_container(None)
