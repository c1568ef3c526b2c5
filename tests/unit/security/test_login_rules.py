"""The login protection rules, pure: delays, refusals, windows and what a network is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.security.login import (
    Keys,
    LoginPolicy,
    NetworkTally,
    Refusal,
    Tally,
    after_account_failure,
    after_network_failure,
    after_pair_failure,
    network_of,
    refusal,
)

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
P = LoginPolicy()


def refusal_of(seconds: int, reason: str) -> Refusal:
    return Refusal(seconds, reason)


def test_stepped_delays_start_at_the_fifth_failure_and_double_up_to_15_minutes() -> None:
    minutes = [None if (d := P.delay(n)) is None else d.total_seconds() / 60 for n in range(1, 12)]
    assert minutes == [None, None, None, None, 1, 2, 4, 8, 15, 15, 15]
    assert P.delay(10**9) == timedelta(minutes=15)


def test_a_pair_waits_from_its_last_failure() -> None:
    tally = None
    for _ in range(5):
        tally = after_pair_failure(tally, T0, P)
    assert tally is not None and tally.failures == 5 and tally.blocked_until == T0 + timedelta(minutes=1)
    assert refusal(T0 + timedelta(seconds=1), P, tally, None, None) == refusal_of(59, "account_from_network")
    assert refusal(T0 + timedelta(minutes=1), P, tally, None, None) is None


def test_retry_after_is_rounded_up_to_whole_seconds() -> None:
    tally = Tally(5, T0, T0 + timedelta(minutes=1))
    assert refusal(T0 + timedelta(seconds=59, milliseconds=1), P, tally, None, None) == refusal_of(
        1, "account_from_network"
    )


def test_a_tally_is_forgotten_after_12_hours_without_a_failure() -> None:
    raw = Tally(99, T0, None).encode()
    assert Tally.decode(raw, T0 + timedelta(hours=11, minutes=59), P) == Tally(99, T0, None)
    assert Tally.decode(raw, T0 + timedelta(hours=12), P) is None
    assert after_pair_failure(None, T0, P).failures == 1


def test_an_account_at_the_cap_is_refused_from_every_network_until_its_tally_is_forgotten() -> None:
    tally = None
    for _ in range(P.account_max_failures):
        tally = after_account_failure(tally, T0)
    assert tally is not None and tally.failures == 100
    assert refusal(T0, P, None, Tally(99, T0), None) is None
    assert refusal(T0 + timedelta(hours=1), P, None, tally, None) == refusal_of(11 * 3600, "account")


def test_a_network_failing_against_10_accounts_in_10_minutes_is_blocked_for_15() -> None:
    tally = None
    for i in range(9):
        tally = after_network_failure(tally, f"a{i}", T0 + timedelta(seconds=i), P)
    assert tally is not None and tally.blocked_until is None and len(tally.accounts) == 9
    same_again = after_network_failure(tally, "a0", T0 + timedelta(seconds=30), P)
    assert same_again.blocked_until is None  # accounts, not attempts
    blocked = after_network_failure(tally, "a9", T0 + timedelta(minutes=1), P)
    assert blocked.blocked_until == T0 + timedelta(minutes=16) and blocked.accounts == {}
    assert refusal(T0 + timedelta(minutes=1), P, None, None, blocked) == refusal_of(900, "network")


def test_failures_older_than_the_window_do_not_count() -> None:
    tally = None
    for i in range(9):
        tally = after_network_failure(tally, f"a{i}", T0, P)
    later = after_network_failure(tally, "a9", T0 + timedelta(minutes=10), P)
    assert later.blocked_until is None and list(later.accounts) == ["a9"]
    assert NetworkTally.decode(later.encode()) == later


def test_the_longest_wait_applies() -> None:
    pair = Tally(9, T0, T0 + timedelta(minutes=15))
    net = NetworkTally({}, T0 + timedelta(minutes=3))
    assert refusal(T0, P, pair, None, net) == refusal_of(900, "account_from_network")


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),  # one host holds the whole /64
        ("::ffff:203.0.113.9", "203.0.113.9"),
        (None, "unknown"),
        ("not an ip", "unknown"),
    ],
)
def test_what_a_network_is(ip: str | None, network: str) -> None:
    assert network_of(ip) == network


def test_keys_never_hold_the_login_name() -> None:
    keys = Keys.of(" Alice@Example.com ", "203.0.113.9")
    assert keys == Keys.of("alice@example.com", "203.0.113.9")  # one account, however it is typed
    assert "alice" not in keys.account.lower() and "alice" not in keys.pair.lower()
    assert keys.pair.endswith(":203.0.113.9") and keys.network == "net:203.0.113.9"


def test_a_policy_with_thresholds_that_make_no_sense_is_refused() -> None:
    with pytest.raises(ValueError):
        LoginPolicy(free_failures=0)
