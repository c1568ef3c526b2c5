"""Login protection on the harness: each throttle step and its reset, the network throttle, the account cap with
its unblock link, an admin's unblock, and what the audit trail, the events and the e-mails say (and never say)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.identity.service import BAD_CREDENTIALS
from domain.shared.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, Throttled
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

from .conftest import AGENT, SUPPORT_ADMIN

PASSWORD = "alice's long password"
WRONG = "not alice's password"
HOME, CAFE = "198.51.100.10", "203.0.113.20"


@pytest.fixture
def alice(harness: TestContainer, staff: dict[str, int]) -> int:
    return harness.directory.add("alice", PASSWORD, email="alice@example.com").id


def attempt(
    harness: TestContainer, password: str = WRONG, ip: str = CAFE, username: str = "alice"
) -> tuple[int, int | None]:
    """What the HTTP answer would be: status and Retry-After."""
    try:
        harness.auth.login(username, password, RequestMeta(ip=ip, user_agent="pytest"))
    except Throttled as err:
        assert (err.message, err.code, err.details) == (
            BAD_CREDENTIALS,
            "login_throttled",
            {"retry_after": err.retry_after},
        )
        return 429, err.retry_after
    except NotAuthenticated as err:
        assert err.message == BAD_CREDENTIALS
        return 401, None
    return 200, None


def test_each_step_of_the_delay_and_its_reset_on_success(harness: TestContainer, alice: int) -> None:
    assert [attempt(harness) for _ in range(5)] == [(401, None)] * 5
    assert attempt(harness) == (429, 60)
    assert attempt(harness, PASSWORD) == (429, 60)  # the right password waits too: it is not even checked
    steps = []
    for _ in range(6):
        status, wait = attempt(harness)
        assert status == 429 and wait is not None
        harness.clock.advance(seconds=wait - 1)
        assert attempt(harness)[0] == 429  # a second early is still too early
        harness.clock.advance(seconds=1)
        steps.append(wait)
        assert attempt(harness) == (401, None)  # one more guess, then a longer wait
    assert steps == [60, 120, 240, 480, 900, 900]
    harness.clock.advance(minutes=15)
    assert attempt(harness, PASSWORD) == (200, None)  # success forgets the failures
    assert [attempt(harness) for _ in range(5)] == [(401, None)] * 5
    assert attempt(harness) == (429, 60)


def test_failures_are_forgotten_after_12_hours_without_one(harness: TestContainer, alice: int) -> None:
    for _ in range(5):
        attempt(harness)
    harness.clock.advance(hours=11, minutes=59)
    assert attempt(harness) == (401, None)  # the sixth failure: two minutes now
    assert attempt(harness) == (429, 120)
    harness.clock.advance(hours=12, minutes=2)
    assert [attempt(harness) for _ in range(5)] == [(401, None)] * 5


def test_the_owner_on_another_network_is_not_slowed_by_strangers(harness: TestContainer, alice: int) -> None:
    for i in range(9):
        harness.clock.advance(minutes=15 if i else 0)
        assert attempt(harness) == (401, None)
    assert attempt(harness) == (429, 900)
    assert attempt(harness, PASSWORD, ip=HOME) == (200, None)
    assert attempt(harness, ip=CAFE)[0] == 429  # the stranger's network still waits


def test_unknown_names_are_throttled_exactly_like_real_ones(harness: TestContainer, alice: int) -> None:
    def run(username: str) -> list[tuple[int, int | None]]:
        answers = []
        for _ in range(8):
            answers.append(attempt(harness, username=username, ip=f"192.0.2.{len(username)}"))
            if answers[-1][0] == 429:
                harness.clock.advance(seconds=answers[-1][1] or 0)
        return answers

    assert run("alice") == run("nobody-at-all")


def test_audit_trail_names_the_account_and_never_the_password(harness: TestContainer, alice: int) -> None:
    for _ in range(6):
        attempt(harness, password="hunter2-secret")
    attempt(harness, username="nobody", password="hunter2-secret")
    actions = [(e.record.action, e.record.target_id) for e in harness.audit_log.entries]
    assert actions == [("auth.login_failed", str(alice))] * 5 + [
        ("auth.login_throttled", str(alice)),
        ("auth.login_failed", ""),
    ]
    throttled = harness.audit_log.entries[5].record
    assert throttled.details == {"retry_after": 60, "by": "account_from_network"}  # the account's id, no name
    assert throttled.ip == CAFE
    assert "hunter2" not in repr(harness.audit_log.entries) + repr(harness.security_events.events)
    assert "hunter2" not in repr(harness.throttle.values)


def test_the_fifth_failure_raises_a_login_throttled_event(harness: TestContainer, alice: int) -> None:
    for _ in range(5):
        attempt(harness)
    (event,) = harness.security_events.events
    assert (event.event_type, event.severity, event.rule, event.user_id, event.ip) == (
        "login_throttled",
        "medium",
        "stepped_delay",
        alice,
        CAFE,
    )
    assert event.facts == {"failures": 5, "delay_seconds": 60}
    for _ in range(5):
        attempt(harness, username="ghost")
    assert len(harness.security_events.events) == 1  # nobody to raise it about


def test_a_network_failing_against_10_accounts_is_throttled_and_raises_credential_stuffing(
    harness: TestContainer, alice: int
) -> None:
    for i in range(9):
        assert attempt(harness, username=f"victim{i}") == (401, None)
        harness.clock.advance(seconds=30)
    assert attempt(harness, PASSWORD) == (200, None)  # nine accounts: still allowed
    assert attempt(harness, username="victim9") == (401, None)  # the tenth account
    assert attempt(harness, PASSWORD) == (429, 900)  # every login from it now waits, the right one too
    assert attempt(harness, PASSWORD, ip=HOME) == (200, None)  # other networks do not
    (event,) = [e for e in harness.security_events.events if e.event_type == "credential_stuffing"]
    assert (event.severity, event.rule, event.user_id, event.ip) == ("high", "credential_stuffing_by_ip", None, CAFE)
    assert event.facts == {"network": CAFE, "accounts": 10, "window_seconds": 600, "blocked_seconds": 900}
    stuffing = [n.to for n in harness.notifier.sent if "credential_stuffing" in n.subject]
    assert sorted(stuffing) == ["padmin@example.com", "sadmin@example.com"]
    # alice's login from HOME minutes after CAFE is impossible travel: that rule alerts too (test_detection_logins)
    assert {e.rule for e in harness.security_events.of_user(alice)} >= {"impossible_travel"}
    harness.clock.advance(minutes=15)
    assert attempt(harness, PASSWORD) == (200, None)


def test_accounts_spread_over_ten_minutes_do_not_add_up(harness: TestContainer, alice: int) -> None:
    for i in range(12):
        assert attempt(harness, username=f"victim{i}") == (401, None)
        harness.clock.advance(minutes=2)  # at most five accounts inside any 10 minutes
    assert attempt(harness, PASSWORD) == (200, None)


def test_an_ipv6_attacker_cannot_rotate_addresses_within_its_64(harness: TestContainer, alice: int) -> None:
    answers = [attempt(harness, ip=f"2001:db8:7:7::{i:x}") for i in range(1, 7)]
    assert answers[-1] == (429, 60)


def failing_until_the_cap(harness: TestContainer, username: str = "alice") -> None:
    """100 failures from 20 networks, five each: no network is ever delayed, the account reaches the cap."""
    for net in range(20):
        for _ in range(5):
            assert attempt(harness, ip=f"192.0.2.{net + 1}", username=username) == (401, None)


def unblock_link(harness: TestContainer) -> str:
    (mail,) = [n for n in harness.notifier.sent if n.to == "alice@example.com"]
    match = re.search(r"https://learn\.example\.com/unblock\?token=([A-Za-z0-9_-]+)", mail.body)
    assert match is not None, mail.body
    return match.group(1)


def test_at_the_account_cap_every_network_waits_and_the_owner_gets_a_link(harness: TestContainer, alice: int) -> None:
    failing_until_the_cap(harness)
    assert attempt(harness, PASSWORD, ip=HOME) == (429, 12 * 3600)  # even the owner, from a clean network
    owner = [n for n in harness.notifier.sent if n.to == "alice@example.com"]
    assert len(owner) == 1 and owner[0].subject == "Sign-in to your account is paused"
    blocked = [e for e in harness.security_events.events if e.event_type == "account_login_blocked"]
    assert (
        len(blocked) == 1
        and blocked[0].severity == "high"
        and blocked[0].facts == {"failures": 100, "owner_notified": True}
    )
    admins = [n for n in harness.notifier.sent if n.to != "alice@example.com"]
    assert {n.to for n in admins} == {"sadmin@example.com", "padmin@example.com"}
    token = unblock_link(harness)
    assert all(token not in n.body for n in admins)  # the link goes to the owner only
    assert token not in repr(harness.audit_log.entries) + repr(harness.security_events.events)
    assert token not in repr(harness.throttle.values)  # stored as a hash

    harness.login_protection.unblock_with_link(token, RequestMeta(ip=HOME))
    assert attempt(harness, PASSWORD, ip=HOME) == (200, None)
    with pytest.raises(InvalidInput) as again:
        harness.login_protection.unblock_with_link(token, RequestMeta(ip=HOME))
    assert again.value.code == "invalid_unblock_token"
    entry = next(e.record for e in harness.audit_log.entries if e.record.action == "auth.unblock")
    assert (entry.target_id, entry.details, entry.ip) == (str(alice), {"via": "link"}, HOME)
    assert [e.rule for e in harness.security_events.events if e.event_type == "login_unblocked"] == ["unblock_link"]


def test_an_unblock_link_expires_after_24_hours(harness: TestContainer, alice: int) -> None:
    failing_until_the_cap(harness)
    token = unblock_link(harness)
    harness.clock.advance(hours=24)
    with pytest.raises(InvalidInput):
        harness.login_protection.unblock_with_link(token, RequestMeta(ip=HOME))
    for made_up in ("", "x" * 129, "not-a-token"):
        with pytest.raises(InvalidInput):
            harness.login_protection.unblock_with_link(made_up, RequestMeta(ip=HOME))


def test_a_name_nobody_holds_reaches_the_cap_alike_and_nobody_is_mailed(harness: TestContainer, alice: int) -> None:
    failing_until_the_cap(harness, "ghost")
    assert attempt(harness, ip=HOME, username="ghost") == (429, 12 * 3600)
    assert harness.notifier.sent == [] and harness.security_events.events == []


def test_an_admin_clears_the_throttle(harness: TestContainer, alice: int) -> None:
    failing_until_the_cap(harness)
    for _ in range(5):
        attempt(harness, ip=HOME)
    done = harness.login_protection.unblock(SUPPORT_ADMIN, alice)
    assert (done.user_id, done.account_failures, done.was_blocked) == (alice, 100, True)
    assert attempt(harness, PASSWORD, ip=HOME) == (200, None)
    entry = next(e.record for e in harness.audit_log.entries if e.record.action == "security.unblock")
    assert (entry.actor_id, entry.target_id, entry.details) == (
        1,
        str(alice),
        {"account_failures": 100, "was_blocked": True},
    )
    unblocked = [e for e in harness.security_events.events if e.event_type == "login_unblocked"]
    assert [(e.rule, e.user_id) for e in unblocked] == [("admin_unblock", alice)]
    again = harness.login_protection.unblock(SUPPORT_ADMIN, alice)
    assert (again.account_failures, again.was_blocked) == (0, False)


def test_unblocking_needs_security_manage_and_a_person(harness: TestContainer, alice: int) -> None:
    for actor in (AGENT, Principal(3, "compliance", frozenset({Role.COMPLIANCE_OFFICER}))):
        with pytest.raises(PermissionDenied):
            harness.login_protection.unblock(actor, alice)
    assert harness.audit_log.entries[-1].record.action == "access.denied"
    with pytest.raises(NotFound) as missing:
        harness.login_protection.unblock(SUPPORT_ADMIN, 424242)
    assert missing.value.code == "user_not_found"


def test_the_throttle_store_is_purged_of_expired_values(harness: TestContainer, alice: int) -> None:
    attempt(harness)
    assert len(harness.throttle.values) == 3  # (account, network), account, network
    harness.clock.advance(hours=12)
    assert harness.login_protection.purge_expired() == 3 and harness.throttle.values == {}
    assert timedelta(hours=12) == harness.login_protection.policy.forget_after
