from datetime import timedelta

import pytest

from domain.shared.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied, Unprocessable
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal
from entrypoints.harness import TestContainer


@pytest.fixture
def alice(harness: TestContainer):  # type: ignore[no-untyped-def]
    return harness.directory.add("alice", "correct horse battery", frozenset({Role.SUPPORT_AGENT}))


def test_login_issues_a_token_that_authenticates(harness: TestContainer, alice) -> None:  # type: ignore[no-untyped-def]
    issued = harness.auth.login("alice", "correct horse battery")
    assert len(issued.token) >= 43  # 32 random bytes, url-safe
    assert issued.expires_at == harness.clock.now() + timedelta(hours=12)
    principal = harness.auth.principal_for_token(issued.token)
    assert principal is not None and principal.roles == {Role.SUPPORT_AGENT}
    assert issued.token not in str(vars(harness.tokens))  # stored hashed only


def test_unknown_user_and_wrong_password_get_the_same_answer(harness: TestContainer, alice) -> None:  # type: ignore[no-untyped-def]
    answers = []
    for username, password in [("alice", "wrong password"), ("nobody", "correct horse battery")]:
        with pytest.raises(NotAuthenticated) as err:
            harness.auth.login(username, password)
        answers.append((err.value.code, err.value.message, err.value.details))
    assert answers[0] == answers[1]
    assert [e.record.action for e in harness.audit_log.entries] == ["auth.login_failed", "auth.login_failed"]


def test_inactive_user_cannot_log_in_and_loses_live_tokens(harness: TestContainer, alice) -> None:  # type: ignore[no-untyped-def]
    issued = harness.auth.login("alice", "correct horse battery")
    harness.directory.set_active(alice.id, False)
    with pytest.raises(NotAuthenticated):
        harness.auth.login("alice", "correct horse battery")
    assert harness.auth.principal_for_token(issued.token) is None


def test_token_expires(harness: TestContainer, alice) -> None:  # type: ignore[no-untyped-def]
    """Used every hour (never idle), it still ends 12 hours after login."""
    issued = harness.auth.login("alice", "correct horse battery")
    for _ in range(11):
        harness.clock.advance(hours=1)
        assert harness.auth.principal_for_token(issued.token) is not None
    harness.clock.advance(minutes=59)
    assert harness.auth.principal_for_token(issued.token) is not None
    harness.clock.advance(minutes=1)
    assert harness.auth.principal_for_token(issued.token) is None


def test_logout_revokes_the_token(harness: TestContainer, alice) -> None:  # type: ignore[no-untyped-def]
    issued = harness.auth.login("alice", "correct horse battery")
    principal = harness.auth.principal_for_token(issued.token)
    assert principal is not None
    harness.auth.logout(principal, issued.token)
    assert harness.auth.principal_for_token(issued.token) is None
    assert harness.audit_log.entries[-1].record.action == "auth.logout"


def test_create_staff_needs_staff_manage(harness: TestContainer) -> None:
    agent = Principal(5, "agent", frozenset({Role.SUPPORT_AGENT}))
    with pytest.raises(PermissionDenied):
        harness.staff.create_staff(agent, "newbie", "n@example.com", "long enough pass", Role.SUPPORT_AGENT)
    created = harness.staff.create_staff(SYSTEM, "newbie", "n@example.com", "long enough pass", Role.SUPPORT_AGENT)
    assert created.roles == {Role.SUPPORT_AGENT}
    entry = harness.audit_log.entries[-1].record
    assert entry.action == "staff.create" and "long enough pass" not in str(entry.details)


def test_create_staff_refuses_taken_names_bad_names_and_weak_passwords(harness: TestContainer) -> None:
    harness.staff.create_staff(SYSTEM, "newbie", "", "long enough pass", Role.SUPPORT_AGENT)
    with pytest.raises(Conflict):
        harness.staff.create_staff(SYSTEM, "NEWBIE", "", "long enough pass", Role.SUPPORT_AGENT)
    with pytest.raises(InvalidInput):
        harness.staff.create_staff(SYSTEM, "no spaces please", "", "long enough pass", Role.SUPPORT_AGENT)
    with pytest.raises(Unprocessable):
        harness.staff.create_staff(SYSTEM, "other", "", "short", Role.SUPPORT_AGENT)
