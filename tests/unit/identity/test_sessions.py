"""Sessions on the in-memory harness: idle timeout and absolute lifetime with the clock advanced (no sleeps),
"last used" written at most once a minute, one's own sessions, an admin's, and the purge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.identity.model import Identity
from domain.identity.sessions import SessionKind, SessionPolicy, agent_family, describe_agent
from domain.shared.errors import NotFound, PermissionDenied
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

PASSWORD = "correct horse battery"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def alice(harness: TestContainer) -> Identity:
    return harness.directory.add("alice", PASSWORD, frozenset({Role.LEARNER}))


@pytest.fixture
def admin(harness: TestContainer) -> Principal:
    who = harness.directory.add("root", PASSWORD, frozenset({Role.SUPPORT_ADMIN}))
    return Principal(who.id, who.username, who.roles, meta=RequestMeta(ip="198.51.100.9"))


def signed_in(harness: TestContainer, username: str = "alice", agent: str = FIREFOX) -> tuple[str, Principal]:
    token = harness.auth.login(username, PASSWORD, RequestMeta(ip="192.0.2.1", user_agent=agent)).token
    principal = harness.auth.principal_for_token(token)
    assert principal is not None and principal.session_id is not None
    return token, principal


def test_an_unused_token_ends_after_the_idle_timeout(harness: TestContainer, alice: Identity) -> None:
    token, _ = signed_in(harness)
    harness.clock.advance(hours=1, minutes=59)
    assert harness.auth.principal_for_token(token) is not None  # used: idle counts again from here
    harness.clock.advance(hours=1, minutes=59)
    assert harness.auth.principal_for_token(token) is not None
    harness.clock.advance(hours=2)
    assert harness.auth.principal_for_token(token) is None


def test_used_all_along_it_still_ends_at_the_absolute_lifetime(harness: TestContainer, alice: Identity) -> None:
    token, _ = signed_in(harness)
    for _ in range(12 * 4 - 1):
        harness.clock.advance(minutes=15)
        assert harness.auth.principal_for_token(token) is not None
    harness.clock.advance(minutes=15)
    assert harness.auth.principal_for_token(token) is None


def test_last_used_is_written_at_most_once_a_minute(
    harness: TestContainer, alice: Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, _ = signed_in(harness)
    writes: list[int] = []
    touch = harness.tokens.touch
    monkeypatch.setattr(harness.tokens, "touch", lambda sid, at: (writes.append(sid), touch(sid, at)))
    for _ in range(6):  # six requests within the first minute: no write
        harness.clock.advance(seconds=9)
        assert harness.auth.principal_for_token(token) is not None
    assert writes == []
    harness.clock.advance(seconds=6)  # a minute since the last write
    for _ in range(5):
        assert harness.auth.principal_for_token(token) is not None
    assert len(writes) == 1


def test_a_browser_session_has_the_same_limits(harness: TestContainer, alice: Identity) -> None:
    harness.auth.start_cookie_session(alice.id, "browser-session-key", RequestMeta(user_agent=FIREFOX))
    assert harness.auth.principal_for_session("browser-session-key") is not None
    harness.clock.advance(hours=2)
    assert harness.auth.principal_for_session("browser-session-key") is None
    harness.auth.start_cookie_session(alice.id, "second-key", RequestMeta())
    for _ in range(11):
        harness.clock.advance(hours=1)
        assert harness.auth.principal_for_session("second-key") is not None
    harness.clock.advance(hours=1)
    assert harness.auth.principal_for_session("second-key") is None


def test_the_policy_is_its_settings(harness: TestContainer) -> None:
    policy = SessionPolicy(idle=timedelta(minutes=5), absolute=timedelta(hours=1))
    now = harness.clock.now()
    assert policy.expires_at(now) == now + timedelta(hours=1) and policy.idle_since(now) == now - timedelta(minutes=5)
    assert policy.needs_touch(now, now + timedelta(minutes=1))
    assert not policy.needs_touch(now, now + timedelta(seconds=59))


def test_one_lists_ones_own_sessions_with_the_current_one_marked(harness: TestContainer, alice: Identity) -> None:
    harness.auth.start_cookie_session(alice.id, "browser-session-key", RequestMeta(ip="192.0.2.2"))
    _, me = signed_in(harness)
    bob = harness.directory.add("bob", PASSWORD)
    signed_in(harness, "bob")
    page = harness.sessions.mine(me, PageRequest())
    assert [(s.kind, s.id == me.session_id) for s in page.items] == [
        (SessionKind.BEARER, True),
        (SessionKind.COOKIE, False),
    ]
    assert all(s.user_id == alice.id for s in page.items) and bob.id != alice.id
    assert page.items[0].user_agent == FIREFOX and describe_agent(FIREFOX) == "Firefox on Linux"
    assert agent_family("curl/8.5.0") == "curl" and agent_family("") == ""


def test_ending_ones_own_session_but_never_anothers(harness: TestContainer, alice: Identity) -> None:
    token, me = signed_in(harness)
    other_token, _ = signed_in(harness)
    harness.directory.add("bob", PASSWORD)
    bob_token, bob = signed_in(harness, "bob")
    assert me.session_id is not None and bob.session_id is not None
    with pytest.raises(NotFound) as err:
        harness.sessions.end_mine(me, bob.session_id)
    assert err.value.code == "session_not_found"
    assert harness.auth.principal_for_token(bob_token) is not None
    other = harness.auth.principal_for_token(other_token)
    assert other is not None and other.session_id is not None
    harness.sessions.end_mine(me, other.session_id)
    assert harness.auth.principal_for_token(other_token) is None and harness.auth.principal_for_token(token)
    assert harness.audit_log.entries[-1].record.action == "auth.session_end"
    assert other_token not in str(harness.audit_log.entries[-1].record)


def test_logging_out_everywhere_ends_every_session_of_ones_own(harness: TestContainer, alice: Identity) -> None:
    harness.auth.start_cookie_session(alice.id, "browser-session-key", RequestMeta())
    token, me = signed_in(harness)
    assert harness.sessions.end_all_mine(me).ended == 2
    assert harness.auth.principal_for_token(token) is None
    assert harness.auth.principal_for_session("browser-session-key") is None
    assert harness.audit_log.entries[-1].record.action == "auth.logout_everywhere"


def test_end_all_sessions_is_what_other_use_cases_call(harness: TestContainer, alice: Identity) -> None:
    """Password and MFA resets call AuthService.end_all_sessions inside their own unit of work."""
    harness.auth.start_cookie_session(alice.id, "browser-session-key", RequestMeta())
    token, _ = signed_in(harness)
    with harness.uow:
        assert harness.auth.end_all_sessions(alice.id) == 2
        harness.uow.commit()
    assert harness.auth.principal_for_token(token) is None
    assert harness.auth.principal_for_session("browser-session-key") is None


def test_an_admin_lists_and_ends_a_persons_sessions(harness: TestContainer, alice: Identity, admin: Principal) -> None:
    token, me = signed_in(harness)
    signed_in(harness)
    listed = harness.sessions.of_user(admin, alice.id, PageRequest())
    assert len(listed.items) == 2
    read = harness.audit_log.entries[-1].record
    assert (read.action, read.target_id, read.details["returned"]) == (
        "session.list",
        str(alice.id),
        [s.id for s in listed.items],
    )
    assert me.session_id is not None
    harness.sessions.end_for_user(admin, alice.id, me.session_id)
    assert harness.auth.principal_for_token(token) is None
    assert harness.sessions.end_for_user(admin, alice.id).ended == 1
    assert harness.sessions.of_user(admin, alice.id, PageRequest()).items == []
    events = [e for e in harness.security_events.events if e.event_type == "sessions_ended"]
    assert [e.facts["session"] for e in events] == [me.session_id, "all"]
    assert all(e.user_id == alice.id and e.facts["by"] == admin.user_id for e in events)
    ended = [e.record for e in harness.audit_log.entries if e.record.action == "session.end"]
    assert [r.details["ended"] for r in ended] == [1, 1]
    with pytest.raises(NotFound) as err:
        harness.sessions.end_for_user(admin, alice.id, me.session_id)
    assert err.value.code == "session_not_found"


def test_only_security_admins_see_or_end_anothers_sessions(harness: TestContainer, alice: Identity) -> None:
    agent = harness.directory.add("agent", PASSWORD, frozenset({Role.SUPPORT_AGENT}))
    actor = Principal(agent.id, agent.username, agent.roles)
    with pytest.raises(PermissionDenied):
        harness.sessions.of_user(actor, alice.id, PageRequest())
    with pytest.raises(PermissionDenied):
        harness.sessions.end_for_user(actor, alice.id)
    assert [e.record.action for e in harness.audit_log.entries] == ["access.denied", "access.denied"]


def test_an_unknown_person_is_404(harness: TestContainer, admin: Principal) -> None:
    with pytest.raises(NotFound) as err:
        harness.sessions.of_user(admin, 999, PageRequest())
    assert err.value.code == "user_not_found"


def test_the_purge_deletes_what_is_over(harness: TestContainer, alice: Identity) -> None:
    token, me = signed_in(harness)
    signed_in(harness)  # left idle
    _, ended_principal = signed_in(harness)
    assert ended_principal.session_id is not None
    harness.sessions.end_mine(me, ended_principal.session_id)
    harness.clock.advance(hours=1, minutes=30)
    assert harness.auth.principal_for_token(token) is not None
    harness.clock.advance(minutes=31)
    assert harness.sessions.purge() == 2  # the ended one and the idle one
    assert harness.auth.principal_for_token(token) is not None
    assert [s.id for s in harness.sessions.mine(me, PageRequest()).items] == [me.session_id]
