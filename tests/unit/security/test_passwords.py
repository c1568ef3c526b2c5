"""Password changes and resets on the harness: history, sessions, single-use links, expiry, audit and events."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from domain.identity.model import hash_token
from domain.security.model import Severity
from domain.shared.errors import InvalidInput, PermissionDenied, Unprocessable
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

OLD = "the original passphrase"
META = RequestMeta(ip="203.0.113.9", user_agent="pytest")


@pytest.fixture
def sam(harness: TestContainer) -> Principal:
    identity = harness.directory.add("sam", OLD, frozenset({Role.SUPPORT_AGENT}), email="sam@example.com")
    harness.directory.names[identity.id] = "Sam Jones"
    return Principal(identity.id, "sam", identity.roles, meta=META)


def link_token(harness: TestContainer) -> str:
    body = harness.notifier.sent[-1].body
    url = next(line for line in body.splitlines() if line.startswith("https://"))
    return parse_qs(urlparse(url).query)["token"][0]


def events(harness: TestContainer, user_id: int) -> list[tuple[str, Severity]]:
    return [(e.event_type, e.severity) for e in harness.security_events.of_user(user_id)]


def actions(harness: TestContainer) -> list[str]:
    return [e.record.action for e in harness.audit_log.entries]


def test_a_change_keeps_the_current_token_and_ends_the_others(harness: TestContainer, sam: Principal) -> None:
    mine, other = harness.auth.login("sam", OLD), harness.auth.login("sam", OLD)
    current = harness.auth.principal_for_token(mine.token)
    assert current is not None and current.session_id is not None
    ended = harness.passwords.change(replace(sam, session_id=current.session_id), OLD, "a brand new passphrase")
    assert ended == 1
    assert harness.auth.principal_for_token(mine.token) is not None
    assert harness.auth.principal_for_token(other.token) is None
    assert harness.auth.login("sam", "a brand new passphrase").identity.id == sam.user_id
    assert actions(harness)[-2] == "auth.password_change"
    assert ("password_changed", Severity.LOW) in events(harness, sam.user_id)
    assert harness.notifier.sent[-1].subject == "Your password was changed"
    everything = str([e.record for e in harness.audit_log.entries]) + str(harness.security_events.events)
    assert "a brand new passphrase" not in everything and OLD not in everything


def test_a_wrong_current_password_is_refused_audited_and_raised(harness: TestContainer, sam: Principal) -> None:
    with pytest.raises(InvalidInput) as refused:
        harness.passwords.change(sam, "not the password!", "a brand new passphrase")
    assert refused.value.code == "wrong_current_password"
    assert actions(harness)[-1] == "auth.password_refused"
    assert ("password_refused", Severity.LOW) in events(harness, sam.user_id)
    assert harness.auth.login("sam", OLD)


def test_each_refusal_says_why_and_is_kept(harness: TestContainer, sam: Principal) -> None:
    for new, reason in [
        ("short one", "too_short"),
        ("x" * 129, "too_long"),
        ("jones says hello world", "contains_personal_info"),
    ]:
        with pytest.raises(Unprocessable) as refused:
            harness.passwords.change(sam, OLD, new)
        assert refused.value.code == "weak_password"
        assert refused.value.details["reasons"] == [reason]
        assert new not in str(refused.value.details)
    entries = [e.record for e in harness.audit_log.entries if e.record.action == "auth.password_refused"]
    assert len(entries) == 3 and events(harness, sam.user_id).count(("password_refused", Severity.LOW)) == 3


def test_the_last_five_passwords_cannot_come_back(harness: TestContainer, sam: Principal) -> None:
    with pytest.raises(Unprocessable) as same:
        harness.passwords.change(sam, OLD, OLD)  # the current one, even without any history yet
    assert same.value.details["reasons"] == ["recently_used"]
    chain = [OLD] + [f"passphrase number {i} here" for i in range(1, 6)]
    for before, after in itertools.pairwise(chain):
        harness.passwords.change(sam, before, after)
    current = chain[-1]
    for recent in chain[1:]:  # the last five set, the current one among them
        with pytest.raises(Unprocessable):
            harness.passwords.change(sam, current, recent)
    harness.passwords.change(sam, current, OLD)  # the sixth newest (remembered at the first change): allowed again


def test_nfkc_a_password_set_in_full_width_matches_typed_plainly(harness: TestContainer, sam: Principal) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) for c in "fullwidth") + " passphrase"
    harness.passwords.change(sam, OLD, wide)
    assert harness.auth.login("sam", "fullwidth passphrase").identity.id == sam.user_id
    with pytest.raises(Unprocessable):
        harness.passwords.change(sam, wide, "fullwidth passphrase")  # the same password, normalised


def test_a_reset_link_works_once(harness: TestContainer, sam: Principal) -> None:
    token = harness.auth.login("sam", OLD).token
    harness.passwords.request_reset("sam@example.com", META)
    assert harness.notifier.sent[-1].to == "sam@example.com"
    link = link_token(harness)
    assert ("password_reset_requested", Severity.LOW) in events(harness, sam.user_id)
    ended = harness.passwords.confirm_reset(link, "reset to a new passphrase", META)
    assert ended == 1 and harness.auth.principal_for_token(token) is None  # every session ends
    assert harness.auth.login("sam", "reset to a new passphrase")
    assert ("password_reset", Severity.MEDIUM) in events(harness, sam.user_id)
    with pytest.raises(InvalidInput) as again:
        harness.passwords.confirm_reset(link, "and another passphrase", META)
    assert again.value.code == "invalid_reset_token"
    everything = str([e.record for e in harness.audit_log.entries]) + str(harness.security_events.events)
    assert link not in everything and hash_token(link) not in everything


def test_a_reset_link_expires_after_an_hour(harness: TestContainer, sam: Principal) -> None:
    harness.passwords.request_reset("sam", META)  # by username too
    link = link_token(harness)
    harness.clock.advance(timedelta(minutes=59))
    first = link_token(harness)
    harness.passwords.request_reset("sam", META)
    second = link_token(harness)
    harness.clock.advance(timedelta(minutes=2))
    with pytest.raises(InvalidInput):
        harness.passwords.confirm_reset(link, "reset to a new passphrase", META)
    assert first == link
    harness.passwords.confirm_reset(second, "reset to a new passphrase", META)  # the later link still works


def test_a_refused_password_leaves_the_link_usable(harness: TestContainer, sam: Principal) -> None:
    harness.passwords.request_reset("sam", META)
    link = link_token(harness)
    with pytest.raises(Unprocessable):
        harness.passwords.confirm_reset(link, OLD, META)
    assert actions(harness)[-1] == "auth.password_refused"
    harness.passwords.confirm_reset(link, "reset to a new passphrase", META)


def test_unknown_and_garbled_tokens_are_invalid(harness: TestContainer, sam: Principal) -> None:
    for token in ("", "x" * 500, "never-issued-token"):
        with pytest.raises(InvalidInput) as refused:
            harness.passwords.confirm_reset(token, "reset to a new passphrase", META)
        assert refused.value.code == "invalid_reset_token"
    assert actions(harness)[-1] == "auth.password_reset_failed"


def test_the_request_answers_alike_for_unknown_accounts(harness: TestContainer, sam: Principal) -> None:
    harness.directory.add("mute", OLD, frozenset({Role.SUPPORT_AGENT}))  # no e-mail address
    answers = [harness.passwords.request_reset(login, META) for login in ("nobody@example.com", "nobody", "mute", "")]
    assert answers == [None, None, None, None] and harness.notifier.sent == []
    entries = [e.record for e in harness.audit_log.entries if e.record.action == "auth.password_reset_request"]
    assert len(entries) == 4 and all(e.details == {"sent": False} for e in entries)
    assert "nobody" not in str(entries)  # nothing of an unknown login is kept
    assert harness.passwords.request_reset("sam@EXAMPLE.com", META) is None and len(harness.notifier.sent) == 1


def test_an_admin_reset_e_mails_the_link_with_a_reason(harness: TestContainer, sam: Principal) -> None:
    admin = Principal(99, "sadmin", frozenset({Role.SUPPORT_ADMIN}), meta=META)
    with pytest.raises(PermissionDenied):
        harness.passwords.admin_reset(Principal(98, "agent", frozenset({Role.SUPPORT_AGENT})), sam.user_id, "x")
    with pytest.raises(InvalidInput) as no_reason:
        harness.passwords.admin_reset(admin, sam.user_id, "   ")
    assert no_reason.value.code == "reason_required"
    harness.passwords.admin_reset(admin, sam.user_id, "the learner lost access to their mailbox")
    assert harness.notifier.sent[-1].to == "sam@example.com" and "administrator" in harness.notifier.sent[-1].body
    entry = harness.audit_log.entries[-1].record
    assert entry.action == "security.password_reset" and entry.details["reason"].startswith("the learner")
    assert ("password_reset_requested", Severity.MEDIUM) in events(harness, sam.user_id)
    harness.passwords.confirm_reset(link_token(harness), "reset to a new passphrase", META)
    mute = harness.directory.add("mute", OLD, frozenset({Role.SUPPORT_AGENT}))
    with pytest.raises(Unprocessable):
        harness.passwords.admin_reset(admin, mute.id, "no address")
