"""MFA on the harness: enrolment and confirmation, the TOTP window and replay, the stepped delays, the login's
second step and its challenge, recovery codes, disabling, and secrets kept out of everything stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.crypto import FernetBox
from domain.identity.model import IssuedToken, MfaChallenge
from domain.security.mfa import recovery_digest
from domain.security.mfa_service import MfaStatus
from domain.security.model import Severity
from domain.shared.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied, Throttled
from domain.shared.permissions import Role
from domain.shared.principal import RequestMeta, SessionScope
from entrypoints.harness import TEST_MFA_KEY, TestContainer

from .mfa_support import META, PASSWORD, POLICY, actions, challenge, code, enrolled, everything_kept, person


def test_enrolment_is_pending_until_a_code_confirms_it(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    started = harness.mfa.enrol(sam)
    assert len(started.secret) == 32 and started.account == "sam" and started.issuer == "E-learning support"
    assert started.uri.startswith("otpauth://totp/E-learning%20support:sam?") and started.secret in started.uri
    stored = harness.mfa_store.get(sam.user_id)
    assert stored is not None and not stored.confirmed
    assert started.secret not in stored.sealed_secret
    assert FernetBox([TEST_MFA_KEY]).open(stored.sealed_secret) == started.secret
    assert not harness.mfa.has_mfa(sam.user_id) and harness.mfa.status(sam).pending
    assert isinstance(harness.auth.login("sam", PASSWORD, META), IssuedToken)  # pending: no second step yet

    with pytest.raises(InvalidInput) as wrong:
        harness.mfa.confirm(sam, "000000" if code(started.secret, harness) != "000000" else "111111")
    assert wrong.value.code == "wrong_mfa_code" and actions(harness)[-1] == "auth.mfa_failed"
    harness.clock.advance(seconds=1)  # the one-second delay after a first wrong code
    done = harness.mfa.confirm(sam, code(started.secret, harness))
    assert len(done.recovery_codes) == len(set(done.recovery_codes)) == 10 and not done.session_unlocked
    assert harness.mfa.status(sam) == MfaStatus(enrolled=True, pending=False, required=False, recovery_codes_left=10)
    assert set(harness.mfa_store.codes[sam.user_id]) == {recovery_digest(sam.user_id, c) for c in done.recovery_codes}
    assert ("mfa_enabled", Severity.LOW) in [(e.event_type, e.severity) for e in harness.security_events.events]
    assert harness.notifier.sent[-1].subject == "MFA is on for your account"
    assert "auth.mfa_enrol" in actions(harness) and actions(harness)[-1] == "auth.mfa_confirm"
    with pytest.raises(Conflict) as again:
        harness.mfa.enrol(sam)
    assert again.value.code == "mfa_already_enrolled"
    kept = everything_kept(harness)
    assert started.secret not in kept and not any(c in kept for c in done.recovery_codes)


def test_confirming_a_restart_needs_the_new_secret(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    first = harness.mfa.enrol(sam).secret
    second = harness.mfa.enrol(sam).secret
    assert first != second
    if code(first, harness) != code(second, harness):
        with pytest.raises(InvalidInput):
            harness.mfa.confirm(sam, code(first, harness))
        harness.clock.advance(seconds=1)
    assert harness.mfa.confirm(sam, code(second, harness)).recovery_codes
    kim = person(harness, "kim")
    with pytest.raises(Conflict) as nothing:
        harness.mfa.confirm(kim, "123456")
    assert nothing.value.code == "mfa_not_pending"


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_the_window_is_one_step_either_side(harness: TestContainer, offset: int, accepted: bool) -> None:
    sam = person(harness, "sam")
    secret, _ = enrolled(harness, sam)
    harness.clock.advance(seconds=300)  # well after the confirming step
    given = code(secret, harness, offset)
    if accepted:
        assert isinstance(harness.auth.login_mfa(challenge(harness, "sam"), given, None, META), IssuedToken)
    else:
        with pytest.raises(NotAuthenticated) as refused:
            harness.auth.login_mfa(challenge(harness, "sam"), given, None, META)
        assert refused.value.code == "invalid_mfa_code"


def test_a_code_is_never_accepted_twice_nor_an_earlier_one_after_it(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    secret, _ = enrolled(harness, sam)
    now = code(secret, harness)
    assert isinstance(harness.auth.login_mfa(challenge(harness, "sam"), now, None, META), IssuedToken)
    for replayed, delay in ((now, 1), (code(secret, harness, -1), 2)):
        with pytest.raises(NotAuthenticated) as refused:
            harness.auth.login_mfa(challenge(harness, "sam"), replayed, None, META)
        assert refused.value.code == "invalid_mfa_code"
        harness.clock.advance(seconds=delay)  # past the delay the failure imposed
    harness.clock.advance(seconds=30)
    assert isinstance(harness.auth.login_mfa(challenge(harness, "sam"), code(secret, harness), None, META), IssuedToken)


def test_wrong_codes_impose_doubling_delays_and_a_right_one_forgets_them(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    secret, _ = enrolled(harness, sam)
    wrong = "000000" if code(secret, harness) != "000000" else "999999"
    pending = challenge(harness, "sam")
    waits = []
    for _ in range(3):
        with pytest.raises(NotAuthenticated):
            harness.auth.login_mfa(pending, wrong, None, META)
        with pytest.raises(Throttled) as throttled:  # the next is refused before any code is checked
            harness.auth.login_mfa(pending, code(secret, harness), None, META)
        assert throttled.value.code == "mfa_throttled"
        waits.append(throttled.value.retry_after)
        harness.clock.advance(seconds=throttled.value.retry_after)
    assert waits == [1, 2, 4]
    assert isinstance(harness.auth.login_mfa(pending, code(secret, harness), None, META), IssuedToken)
    with pytest.raises(NotAuthenticated):
        harness.auth.login_mfa(challenge(harness, "sam"), wrong, None, META)
    with pytest.raises(Throttled) as after_success:
        harness.auth.login_mfa(challenge(harness, "sam"), wrong, None, META)
    assert after_success.value.retry_after == 1  # counted from one again
    assert "auth.mfa_throttled" in actions(harness)


def test_a_challenge_is_one_time_short_lived_bound_to_its_network_and_burnt_by_failures(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    secret, _ = enrolled(harness, sam)
    for bad in ("", "x" * 200, "not-a-challenge"):
        with pytest.raises(NotAuthenticated) as unknown:
            harness.auth.login_mfa(bad, code(secret, harness), None, META)
        assert unknown.value.code == "invalid_mfa_challenge"
    elsewhere = challenge(harness, "sam")
    with pytest.raises(NotAuthenticated) as moved:
        harness.auth.login_mfa(elsewhere, code(secret, harness), None, RequestMeta(ip="198.51.100.1"))
    assert moved.value.code == "invalid_mfa_challenge"
    stale = challenge(harness, "sam")
    harness.clock.advance(minutes=5)
    with pytest.raises(NotAuthenticated) as expired:
        harness.auth.login_mfa(stale, code(secret, harness), None, META)
    assert expired.value.code == "invalid_mfa_challenge"
    used = challenge(harness, "sam")
    harness.auth.login_mfa(used, code(secret, harness), None, META)
    with pytest.raises(NotAuthenticated) as again:
        harness.auth.login_mfa(used, code(secret, harness, 1), None, META)
    assert again.value.code == "invalid_mfa_challenge"

    harness.clock.advance(seconds=60)
    burnt = challenge(harness, "sam")
    for n in range(5):
        with pytest.raises(NotAuthenticated) as failed:
            harness.auth.login_mfa(burnt, "12345x", None, META)  # malformed: a failure like any other
        assert failed.value.code == "invalid_mfa_code"
        harness.clock.advance(seconds=2**n)
    with pytest.raises(NotAuthenticated) as gone:
        harness.auth.login_mfa(burnt, code(secret, harness), None, META)
    assert gone.value.code == "invalid_mfa_challenge"
    assert ("mfa_code_failures", Severity.MEDIUM) in [
        (e.event_type, e.severity) for e in harness.security_events.events
    ]


def test_a_recovery_code_works_once_raises_an_event_and_tells_the_person(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    _, codes = enrolled(harness, sam)
    sent = len(harness.notifier.sent)
    issued = harness.auth.login_mfa(challenge(harness, "sam"), None, codes[3].upper(), META)
    assert isinstance(issued, IssuedToken) and issued.scope is SessionScope.FULL
    (event,) = [e for e in harness.security_events.events if e.event_type == "recovery_code_used"]
    assert event.severity is Severity.HIGH and event.facts == {"remaining": 9}
    (mail,) = harness.notifier.sent[sent:]
    assert mail.to == "sam@example.com" and "recovery code" in mail.subject and codes[3] not in mail.body
    assert harness.mfa.status(sam).recovery_codes_left == 9
    harness.clock.advance(seconds=1)
    with pytest.raises(NotAuthenticated) as reused:
        harness.auth.login_mfa(challenge(harness, "sam"), None, codes[3], META)
    assert reused.value.code == "invalid_mfa_code"
    with pytest.raises(InvalidInput):
        harness.auth.login_mfa(challenge(harness, "sam"), "123456", codes[4], META)  # both: refused unchecked
    assert not any(c in everything_kept(harness) for c in codes)


def test_new_recovery_codes_replace_the_old_ones(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    secret, old = enrolled(harness, sam)
    new = harness.mfa.regenerate_codes(sam, code(secret, harness))
    assert len(new) == 10 and not set(new) & set(old) and actions(harness)[-1] == "auth.mfa_recovery_codes"
    with pytest.raises(NotAuthenticated):
        harness.auth.login_mfa(challenge(harness, "sam"), None, old[0], META)
    harness.clock.advance(seconds=1)
    assert isinstance(harness.auth.login_mfa(challenge(harness, "sam"), None, new[0], META), IssuedToken)


def test_turning_mfa_off_needs_a_code_and_raises_a_high_event(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    secret, _ = enrolled(harness, sam)
    with pytest.raises(InvalidInput) as wrong:
        harness.mfa.disable(sam, "abc")
    assert wrong.value.code == "wrong_mfa_code"
    harness.clock.advance(seconds=1)
    harness.mfa.disable(sam, code(secret, harness))
    assert not harness.mfa.has_mfa(sam.user_id) and harness.mfa_store.codes_left(sam.user_id) == 0
    assert ("mfa_disabled", Severity.HIGH) in [(e.event_type, e.severity) for e in harness.security_events.events]
    assert actions(harness)[-1] == "auth.mfa_disable" and harness.notifier.sent[-1].subject.startswith("MFA was turned")
    assert isinstance(harness.auth.login("sam", PASSWORD, META), IssuedToken)
    with pytest.raises(Conflict) as off:
        harness.mfa.disable(sam, code(secret, harness, 1))
    assert off.value.code == "mfa_not_enrolled"


def test_a_role_that_requires_mfa_gets_an_enrol_only_session_until_it_is_confirmed(harness: TestContainer) -> None:
    harness.mfa.policy = replace(POLICY, required_roles=frozenset({Role.SUPPORT_ADMIN}))
    ada = person(harness, "ada", Role.SUPPORT_ADMIN)
    first = harness.auth.login("ada", PASSWORD, META)
    other = harness.auth.login("ada", PASSWORD, META)
    assert isinstance(first, IssuedToken) and first.scope is SessionScope.MFA_ENROLMENT
    assert isinstance(other, IssuedToken)
    restricted = harness.auth.principal_for_token(first.token)
    assert restricted is not None and restricted.enrol_only and restricted.permissions == frozenset()
    assert harness.mfa.status(restricted).required and actions(harness)[-1] == "auth.login"
    assert harness.audit_log.entries[-1].record.details == {"scope": "mfa_enrolment"}
    secret = harness.mfa.enrol(restricted).secret
    done = harness.mfa.confirm(replace(restricted, meta=META), code(secret, harness))
    assert done.session_unlocked
    unlocked = harness.auth.principal_for_token(first.token)
    assert unlocked is not None and not unlocked.enrol_only and unlocked.permissions
    still = harness.auth.principal_for_token(other.token)
    assert still is not None and still.enrol_only  # only the session that enrolled is unlocked
    with pytest.raises(PermissionDenied) as required:
        harness.mfa.disable(ada, code(secret, harness, 1))
    assert required.value.code == "mfa_required_by_role"
    harness.clock.advance(seconds=30)
    assert isinstance(harness.auth.login("ada", PASSWORD, META), MfaChallenge)


def test_the_password_policy_asks_whether_the_person_has_mfa(harness: TestContainer) -> None:
    sam = person(harness, "sam")
    short = "tidy quokka 9"  # 13 characters: under 15, at least 8
    with pytest.raises(Exception) as without:
        harness.passwords.change(sam, PASSWORD, short)
    assert getattr(without.value, "details", {}).get("reasons") == ["too_short"]
    enrolled(harness, sam)
    harness.passwords.change(sam, PASSWORD, short)
    assert harness.directory.passwords[sam.user_id] == short
