"""The admin site's sign-in: audited like the API's login and counted by the same login protection."""

import pytest

from domain.shared.errors import NotAuthenticated, Throttled
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

META = RequestMeta("203.0.113.5", "browser", "req-1")


def test_a_refusal_names_the_account_or_else_the_name_typed(harness: TestContainer) -> None:
    alice = harness.directory.add("alice", "correct horse battery", frozenset({Role.SUPPORT_AGENT}))
    for name in ("alice", "no-such-person"):
        harness.admin_login.refused(name, harness.admin_login.admit(name, META), META, "invalid_login")
    entries = [(e.record.action, e.record.target_id, e.record.details, e.record.ip) for e in harness.audit_log.entries]
    assert entries == [
        ("admin.login_failed", str(alice.id), {"reason": "invalid_login"}, "203.0.113.5"),
        ("admin.login_failed", "", {"username": "no-such-person", "reason": "invalid_login"}, "203.0.113.5"),
    ]


def test_wrong_passwords_in_the_admin_hold_back_the_api_login_too(harness: TestContainer) -> None:
    harness.directory.add("alice", "correct horse battery", frozenset({Role.SUPPORT_AGENT}))
    for _ in range(5):
        harness.admin_login.refused("alice", harness.admin_login.admit("alice", META), META, "invalid_login")
    with pytest.raises(Throttled):
        harness.admin_login.admit("alice", META)
    with pytest.raises(Throttled):
        harness.auth.login("alice", "correct horse battery", META)
    assert harness.audit_log.entries[-2].record.details["reason"] == "login_throttled"


def test_a_wrong_mfa_code_is_not_counted_as_a_wrong_password(harness: TestContainer) -> None:
    harness.directory.add("alice", "correct horse battery", frozenset({Role.SUPPORT_AGENT}))
    for _ in range(6):
        harness.admin_login.refused("alice", harness.admin_login.admit("alice", META), META, "invalid_mfa_code")
    with pytest.raises(NotAuthenticated):  # admitted: the password step answers, not the throttle
        harness.auth.login("alice", "wrong password", META)


def test_a_sign_in_and_out_are_audited_with_the_session(harness: TestContainer) -> None:
    alice = harness.directory.add("alice", "correct horse battery", frozenset({Role.SUPPORT_AGENT}))
    who = Principal(alice.id, "alice", meta=META)
    harness.admin_login.signed_in(who, "alice")
    harness.admin_login.signed_out(who)
    entries = [(e.record.action, e.record.actor_id, e.record.details) for e in harness.audit_log.entries]
    assert entries == [
        ("admin.login", alice.id, {"session": "cookie"}),
        ("admin.logout", alice.id, {"session": "cookie"}),
    ]
