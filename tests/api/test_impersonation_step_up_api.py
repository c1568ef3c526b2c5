"""Impersonation's step-up through the real MFA service: an enrolled admin confirms a start with a current TOTP code,
which is used up (the same code never starts a second session), and a wrong code is counted like any other."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from adapters.orm.audit.models import AuditEntry
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from tests.api.test_errors_api import assert_error

from .mfa_support import call, clock, code, enrol, post, token_of, user

pytestmark = pytest.mark.django_db
__all__ = ["clock"]

REASON = "Learner reports the quiz page shows no questions (ticket SUP-000042)"


def start(client: Client, token: str, learner: int, **body: Any) -> Any:
    return post(client, "/api/users/impersonate/", {"user_id": learner, "reason": REASON, **body}, token)


def test_an_enrolled_admin_confirms_with_a_current_code_used_once(client: Client, clock: FixedClock) -> None:
    user("ada", Role.SUPPORT_ADMIN)
    token = token_of(client, "ada")
    learner = post(
        client, "/api/users/profiles/", {"username": "lea", "email": "lea@example.com", "first_name": "Lea"}, token
    ).json()["id"]
    secret, _ = enrol(client, token, clock)

    assert_error(start(client, token, learner), 401, "invalid_mfa_code")  # enrolled: a code is required
    assert_error(start(client, token, learner, totp_code="000000"), 401, "invalid_mfa_code")
    clock.advance(seconds=1)  # the wrong code's one-second delay
    current = code(secret, clock)
    started = start(client, token, learner, totp_code=current)
    assert started.status_code == 201, started.content
    session = started.json()
    ended = call(client, "POST", f"/api/users/impersonate/{session['id']}/end", token)
    assert ended.status_code == 200, ended.content
    clock.advance(seconds=2)
    assert_error(start(client, token, learner, totp_code=current), 401, "invalid_mfa_code")  # never twice
    failures = AuditEntry.objects.filter(action="auth.mfa_failed", actor_id=session["impersonator"]["id"])
    assert failures.count() == 2 and all(e.details.get("via") == "impersonation" for e in failures)
