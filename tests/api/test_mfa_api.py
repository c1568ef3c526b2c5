"""MFA through HTTP with real auth: enrolment and its QR code, the login's second step and its bad inputs (one error
body each), stepped delays, recovery codes, the enrol-only session of a role that requires MFA, turning it off,
and /me. The clock is the test's (moved, never slept)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from adapters.orm.audit.models import AuditEntry
from adapters.orm.identity.models import ApiToken
from adapters.orm.security.models import MfaDevice, MfaRecoveryCode, UserSecurityEvent
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.bootstrap import container
from tests.api.test_errors_api import assert_error

from .mfa_support import call, clock, code, enrol, login, post, rebuild, second_step, token_of, user

pytestmark = pytest.mark.django_db
__all__ = ["clock"]


def test_enrol_confirm_then_sign_in_with_a_code(client: Client, clock: FixedClock) -> None:
    sam = user("sam")
    token = token_of(client, "sam")
    started = post(client, "/api/auth/mfa/totp", token=token)
    assert started.status_code == 201
    body = started.json()
    assert set(body) == {"secret", "otpauth_uri", "qr_svg", "issuer", "account", "digits", "period"}
    assert (
        body["otpauth_uri"]
        == f"otpauth://totp/E-learning%20support:sam?secret={body['secret']}&issuer=E-learning%20support"
    )
    assert body["qr_svg"].startswith("<svg") and body["qr_svg"].endswith("</svg>") and body["digits"] == 6
    stored = MfaDevice.objects.get(user=sam)
    assert body["secret"] not in stored.sealed_secret and stored.confirmed_at is None
    assert call(client, "GET", "/api/auth/me", token).json()["mfa_enrolled"] is False

    wrong = post(client, "/api/auth/mfa/totp/confirm", {"code": "12345"}, token)
    assert_error(wrong, 400, "wrong_mfa_code")
    assert_error(
        post(client, "/api/auth/mfa/totp/confirm", {"code": code(body["secret"], clock)}, token), 429, "mfa_throttled"
    )
    clock.advance(seconds=1)
    confirmed = post(client, "/api/auth/mfa/totp/confirm", {"code": code(body["secret"], clock)}, token)
    assert confirmed.status_code == 200 and len(confirmed.json()["recovery_codes"]) == 10
    codes = confirmed.json()["recovery_codes"]
    assert not MfaRecoveryCode.objects.filter(digest__in=codes).exists()  # digests only
    me = call(client, "GET", "/api/auth/me", token).json()
    assert (me["mfa_enrolled"], me["recovery_codes_left"], me["mfa_required"], me["scope"]) == (True, 10, False, "full")

    clock.advance(seconds=30)
    first = login(client, "sam")
    assert first["mfa_required"] is True and first["token"] is None and first["user"] is None
    assert len(first["challenge"]) > 30 and not ApiToken.objects.filter(user=sam, created_at=clock.now()).exists()
    signed_in = second_step(client, first["challenge"], code=code(body["secret"], clock))
    assert signed_in.status_code == 200
    done = signed_in.json()
    assert done["mfa_required"] is False and done["scope"] == "full" and done["user"]["username"] == "sam"
    assert call(client, "GET", "/api/auth/me", done["token"]).status_code == 200
    actions = list(AuditEntry.objects.filter(target_id=str(sam.pk)).values_list("action", flat=True))
    assert {
        "auth.mfa_enrol",
        "auth.mfa_failed",
        "auth.mfa_throttled",
        "auth.mfa_confirm",
        "auth.login_mfa_challenge",
        "auth.mfa_verified",
    } <= set(actions) and actions.count("auth.login") == 2
    details = str(list(AuditEntry.objects.values_list("details", flat=True)))
    assert body["secret"] not in details and not any(c in details for c in codes)
    assert UserSecurityEvent.objects.filter(user=sam, event_type="mfa_enabled", severity="low").exists()


def test_bad_second_steps_answer_4xx_with_the_one_error_body(client: Client, clock: FixedClock) -> None:
    user("sam")
    secret, _ = enrol(client, token_of(client, "sam"), clock)
    challenge = login(client, "sam")["challenge"]
    assert_error(second_step(client, challenge, code="12ab56"), 401, "invalid_mfa_code")  # malformed
    clock.advance(seconds=1)
    assert_error(second_step(client, challenge, code="1" * 65), 422, "validation_error")  # too long: never checked
    assert_error(second_step(client, challenge), 422, "validation_error")  # no code at all
    assert_error(second_step(client, challenge, code="123456", recovery_code="abcd-efgh-jkmn"), 422, "validation_error")
    assert_error(second_step(client, "x" * 129, code="123456"), 422, "validation_error")
    assert_error(second_step(client, "no-such-challenge", code=code(secret, clock)), 401, "invalid_mfa_challenge")
    assert_error(
        second_step(client, challenge, ip="198.51.100.7", code=code(secret, clock)), 401, "invalid_mfa_challenge"
    )
    assert second_step(client, challenge, code=code(secret, clock)).status_code == 200
    assert_error(second_step(client, challenge, code=code(secret, clock)), 401, "invalid_mfa_challenge")  # used
    reused = second_step(client, login(client, "sam")["challenge"], code=code(secret, clock))
    err = assert_error(reused, 401, "invalid_mfa_code")  # the same code, on a fresh challenge
    assert code(secret, clock) not in str(err)
    throttled = second_step(client, login(client, "sam")["challenge"], code=code(secret, clock, 1))
    assert_error(throttled, 429, "mfa_throttled")
    assert throttled["Retry-After"] == "1"  # the success forgot the earlier failure: 1 s after this first one


def test_a_recovery_code_signs_in_once_and_alerts(client: Client, clock: FixedClock) -> None:
    sam = user("sam")
    _, codes = enrol(client, token_of(client, "sam"), clock)
    container().relay_outbox()
    mail.outbox.clear()
    used = second_step(client, login(client, "sam")["challenge"], recovery_code=codes[0])
    assert used.status_code == 200 and used.json()["token"]
    container().relay_outbox()  # e-mails leave through the outbox, after commit
    (letter,) = [m for m in mail.outbox if m.to == ["sam@example.com"]]
    assert "recovery code" in letter.subject and codes[0] not in letter.body
    event = UserSecurityEvent.objects.get(user=sam, event_type="recovery_code_used")
    assert event.severity == "high" and event.additional_data == {"remaining": 9}
    assert call(client, "GET", "/api/auth/me", used.json()["token"]).json()["recovery_codes_left"] == 9
    assert_error(
        second_step(client, login(client, "sam")["challenge"], recovery_code=codes[0]), 401, "invalid_mfa_code"
    )


def test_new_recovery_codes_and_turning_mfa_off(client: Client, clock: FixedClock) -> None:
    sam = user("sam")
    token = token_of(client, "sam")
    secret, old = enrol(client, token, clock)
    renewed = post(client, "/api/auth/mfa/recovery-codes", {"code": code(secret, clock)}, token)
    assert renewed.status_code == 200 and not set(renewed.json()["recovery_codes"]) & set(old)
    clock.advance(seconds=30)
    assert_error(call(client, "DELETE", "/api/auth/mfa/totp", token, {"code": "000000x"}), 400, "wrong_mfa_code")
    clock.advance(seconds=1)
    assert call(client, "DELETE", "/api/auth/mfa/totp", token, {"code": code(secret, clock)}).status_code == 204
    assert not MfaDevice.objects.filter(user=sam).exists() and not MfaRecoveryCode.objects.filter(user=sam).exists()
    assert UserSecurityEvent.objects.filter(user=sam, event_type="mfa_disabled", severity="high").exists()
    assert login(client, "sam")["mfa_required"] is False
    assert_error(call(client, "DELETE", "/api/auth/mfa/totp", token, {"code": "123456"}), 409, "mfa_not_enrolled")


def test_a_role_that_requires_mfa_can_only_enrol_until_it_is_confirmed(
    client: Client, clock: FixedClock, settings: Any
) -> None:
    settings.MFA_REQUIRED_ROLES = ["support_admin"]
    rebuild(clock)
    user("ada", Role.SUPPORT_ADMIN)
    signed_in = login(client, "ada")
    assert signed_in["mfa_required"] is False and signed_in["scope"] == "mfa_enrolment"
    token = signed_in["token"]
    for method, path in [
        ("GET", "/api/security/events/"),
        ("GET", "/api/auth/sessions"),
        ("GET", "/api/users/profiles/"),
        ("POST", "/api/auth/mfa/recovery-codes"),
    ]:
        refused = call(client, method, path, token, {"code": "123456"} if method == "POST" else None)
        assert "/api/auth/mfa/totp" in assert_error(refused, 403, "mfa_enrolment_required")["message"], path
    stream = client.get("/events/?channel=security", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert stream.status_code == 403 and stream.json()["error"]["code"] == "mfa_enrolment_required"
    me = call(client, "GET", "/api/auth/me", token).json()
    assert (me["scope"], me["mfa_required"], me["mfa_enrolled"], me["permissions"]) == (
        "mfa_enrolment",
        True,
        False,
        [],
    )

    secret = post(client, "/api/auth/mfa/totp", token=token).json()["secret"]
    confirmed = post(client, "/api/auth/mfa/totp/confirm", {"code": code(secret, clock)}, token)
    assert confirmed.status_code == 200 and confirmed.json()["session_unlocked"] is True
    assert call(client, "GET", "/api/security/events/", token).status_code == 200
    assert ApiToken.objects.get(user__username="ada").scope == "full"
    clock.advance(seconds=30)
    assert_error(
        call(client, "DELETE", "/api/auth/mfa/totp", token, {"code": code(secret, clock)}), 403, "mfa_required_by_role"
    )
    assert login(client, "ada")["mfa_required"] is True
    assert post(client, "/api/auth/logout", token=token).status_code == 204


def test_password_changes_use_the_lower_minimum_with_mfa(client: Client, clock: FixedClock) -> None:
    user("sam")
    token = token_of(client, "sam")
    body = {"current_password": "a-long-test-password", "new_password": "tidy quokka 9"}  # 13 characters
    refused = assert_error(post(client, "/api/auth/password", body, token), 422, "weak_password")
    assert refused["details"]["reasons"] == ["too_short"]
    enrol(client, token, clock)
    assert post(client, "/api/auth/password", body, token).status_code == 200
    policy = client.get("/api/security/password-policy").json()
    assert (policy["min_length"], policy["min_length_with_mfa"]) == (15, 8)
