"""Helpers for the MFA tests on the harness: people, enrolment, and codes read off the clock."""

from __future__ import annotations

from dataclasses import replace

from domain.identity.model import IssuedToken, MfaChallenge
from domain.security.mfa import MfaPolicy, code_at, time_step
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

PASSWORD = "a long enough passphrase"
META = RequestMeta(ip="203.0.113.9", user_agent="pytest")
POLICY = MfaPolicy()


def person(harness: TestContainer, username: str, role: Role = Role.SUPPORT_AGENT) -> Principal:
    identity = harness.directory.add(username, PASSWORD, frozenset({role}), email=f"{username}@example.com")
    return Principal(identity.id, username, identity.roles, meta=META)


def code(secret: str, harness: TestContainer, offset: int = 0) -> str:
    """The code of the step `offset` steps from now."""
    return code_at(secret, time_step(harness.clock.now(), POLICY) + offset, POLICY)


def enrolled(harness: TestContainer, who: Principal) -> tuple[str, list[str]]:
    """Enrol and confirm; the secret and the recovery codes. The clock moves on a step, so the next code is new."""
    secret = harness.mfa.enrol(who).secret
    codes = harness.mfa.confirm(who, code(secret, harness)).recovery_codes
    harness.clock.advance(seconds=30)
    return secret, codes


def challenge(harness: TestContainer, username: str, meta: RequestMeta = META) -> str:
    answer = harness.auth.login(username, PASSWORD, meta)
    assert isinstance(answer, MfaChallenge)
    return answer.challenge


def session(harness: TestContainer, issued: IssuedToken) -> Principal:
    """The principal a token stands for, as the API sees it (with the request's address)."""
    found = harness.auth.principal_for_token(issued.token)
    assert found is not None
    return replace(found, meta=META)


def actions(harness: TestContainer) -> list[str]:
    return [e.record.action for e in harness.audit_log.entries]


def everything_kept(harness: TestContainer) -> str:
    """Every audit record, security event and e-mail body, as text (to look for secrets in)."""
    return (
        str([e.record for e in harness.audit_log.entries])
        + str(harness.security_events.events)
        + str([n.body for n in harness.notifier.sent])
    )
