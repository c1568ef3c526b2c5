"""Admin MFA recovery through HTTP: a learner's reset at once (200), a staff member's pending a second admin (202)
whom the requester cannot replace, expiry after 24 hours, the list of requests, and the refusals."""

from __future__ import annotations

import pytest
from django.test import Client

from adapters.orm.audit.models import AuditEntry
from adapters.orm.security.models import MfaDevice, UserSecurityEvent
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from tests.api.test_errors_api import assert_error

from .mfa_support import call, clock, enrol, login, post, token_of, user

pytestmark = pytest.mark.django_db
__all__ = ["clock"]
REASON = {"reason": "Lost the phone; identity checked by a call-back"}


def reset(client: Client, admin: str, user_id: int, body: dict[str, str] = REASON) -> object:
    return post(client, f"/api/users/profiles/{user_id}/mfa/reset", body, admin)


def test_a_learners_reset_takes_effect_at_once(client: Client, clock: FixedClock) -> None:
    ada = token_of(client, user("ada", Role.SUPPORT_ADMIN).username)
    lea = user("lea", None)
    lea_token = token_of(client, "lea")
    enrol(client, lea_token, clock)
    done = reset(client, ada, lea.pk)
    assert done.status_code == 200  # type: ignore[attr-defined]
    body = done.json()  # type: ignore[attr-defined]
    assert (body["status"], body["needs_approval"], body["user_id"]) == ("done", False, lea.pk)
    assert body["reason"] == REASON["reason"] and body["approved_by"] == body["requested_by"]
    assert not MfaDevice.objects.filter(user=lea).exists()
    assert_error(call(client, "GET", "/api/auth/me", lea_token), 401, "not_authenticated")  # sessions ended
    assert UserSecurityEvent.objects.filter(user=lea, event_type="mfa_reset", severity="high").exists()
    assert login(client, "lea")["mfa_required"] is False
    entry = AuditEntry.objects.get(action="security.mfa_reset")
    assert entry.details["reason"] == REASON["reason"] and entry.target_id == str(lea.pk)


def test_a_staff_reset_needs_a_second_admin(client: Client, clock: FixedClock) -> None:
    ada = token_of(client, user("ada", Role.SUPPORT_ADMIN).username)
    bob = token_of(client, user("bob", Role.PLATFORM_ADMIN).username)
    sam = user("sam")
    enrol(client, token_of(client, "sam"), clock)
    asked = reset(client, ada, sam.pk)
    assert asked.status_code == 202  # type: ignore[attr-defined]
    pending = asked.json()  # type: ignore[attr-defined]
    assert (pending["status"], pending["needs_approval"], pending["approved_by"]) == ("pending", True, None)
    assert set(pending) >= {"id", "status", "requested_by", "reason", "created_at", "expires_at"}
    assert_error(reset(client, bob, sam.pk), 409, "mfa_reset_pending")
    approve = f"/api/security/mfa-resets/{pending['id']}/approve"
    assert_error(post(client, approve, token=ada), 403, "mfa_reset_same_admin")
    assert MfaDevice.objects.filter(user=sam).exists()
    listed = call(client, "GET", "/api/security/mfa-resets/?status=pending", bob).json()
    assert [r["id"] for r in listed["items"]] == [pending["id"]] and listed["next_cursor"] is None
    approved = post(client, approve, token=bob)
    assert approved.status_code == 200 and approved.json()["status"] == "done"
    assert approved.json()["approved_by"] != pending["requested_by"] and not MfaDevice.objects.filter(user=sam).exists()
    assert_error(post(client, approve, token=bob), 409, "mfa_reset_not_pending")
    assert call(client, "GET", "/api/security/mfa-resets/?status=pending", bob).json()["items"] == []
    done = call(client, "GET", f"/api/security/mfa-resets/?status=done&user={sam.pk}", ada).json()["items"]
    assert [r["id"] for r in done] == [pending["id"]]
    assert AuditEntry.objects.filter(action="security.mfa_resets_read").count() == 3


def test_an_unapproved_request_expires_after_a_day(client: Client, clock: FixedClock) -> None:
    ada = token_of(client, user("ada", Role.SUPPORT_ADMIN).username)
    sam = user("sam")
    enrol(client, token_of(client, "sam"), clock)
    pending = reset(client, ada, sam.pk).json()  # type: ignore[attr-defined]
    clock.advance(hours=24)
    bob = token_of(client, user("bob", Role.PLATFORM_ADMIN).username)
    assert_error(post(client, f"/api/security/mfa-resets/{pending['id']}/approve", token=bob), 409, "mfa_reset_expired")
    listed = call(client, "GET", "/api/security/mfa-resets/?status=expired", bob).json()["items"]
    assert [(r["id"], r["status"]) for r in listed] == [(pending["id"], "expired")]
    assert reset(client, bob, sam.pk).status_code == 202  # type: ignore[attr-defined]


def test_refusals(client: Client, clock: FixedClock) -> None:
    ada_user = user("ada", Role.SUPPORT_ADMIN)
    ada = token_of(client, "ada")
    agent = token_of(client, user("sam").username)
    compliance = token_of(client, user("cora", Role.COMPLIANCE_OFFICER).username)
    enrol(client, ada, clock)  # the session that enrolled stays signed in
    assert_error(reset(client, ada, ada_user.pk), 403, "mfa_reset_own")
    assert_error(reset(client, ada, 999_999), 404, "user_not_found")
    assert_error(reset(client, ada, ada_user.pk + 1), 409, "mfa_not_enrolled")
    assert_error(reset(client, ada, ada_user.pk + 1, {"reason": "lost it"}), 400, "reason_required")
    assert_error(reset(client, ada, ada_user.pk + 1, {"reason": ""}), 422, "validation_error")
    assert_error(reset(client, agent, ada_user.pk), 403, "permission_denied")
    assert_error(reset(client, compliance, ada_user.pk), 403, "permission_denied")
    assert call(client, "GET", "/api/security/mfa-resets/", compliance).status_code == 200  # reading is allowed
    assert_error(call(client, "GET", "/api/security/mfa-resets/", agent), 403, "permission_denied")
    assert_error(post(client, "/api/security/mfa-resets/12345/approve", token=ada), 404, "mfa_reset_not_found")
    assert_error(call(client, "GET", "/api/security/mfa-resets/?cursor=bad", ada), 400, "invalid_cursor")


def test_approving_needs_a_rank_above_the_person(client: Client, clock: FixedClock) -> None:
    """A platform admin asks to reset a support admin's MFA; another support admin may not approve it."""
    bob = token_of(client, user("bob", Role.PLATFORM_ADMIN).username)
    cy = token_of(client, user("cy", Role.SUPPORT_ADMIN).username)
    dee = user("dee", Role.SUPPORT_ADMIN)
    enrol(client, token_of(client, "dee"), clock)
    asked = reset(client, bob, dee.pk)
    assert asked.status_code == 202  # type: ignore[attr-defined]
    approve = f"/api/security/mfa-resets/{asked.json()['id']}/approve"  # type: ignore[attr-defined]
    assert_error(post(client, approve, token=cy), 403, "target_outranks_actor")
    assert MfaDevice.objects.filter(user=dee).exists()
    assert AuditEntry.objects.filter(action="security.mfa_reset_refused").count() == 1
