"""The rules over failed logins, account changes and staff access, pure: each positive and negative."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.security.detection.access import (
    mass_access,
    mfa_changed,
    personal_data_exported,
    recovery_code_used,
    role_changed,
)
from domain.security.detection.facts import (
    LoginFailed,
    MfaChange,
    MfaChanged,
    PersonalDataExported,
    ProfilesRead,
    RecoveryCodeUsed,
    RoleChanged,
)
from domain.security.detection.logins import credential_stuffing, failed_login_burst
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy, NetworkTally, after_network_failure

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = DetectionPolicy()


def test_a_failed_login_burst_fires_once_at_the_fifth_failure_from_one_network() -> None:
    fact = LoginFailed("acct", T0, "203.0.113.20", 7)
    assert failed_login_burst(fact, 4, LoginPolicy()) is None
    event = failed_login_burst(fact, 5, LoginPolicy())
    assert event is not None and (event.severity, event.rule, event.user_id) == ("medium", "stepped_delay", 7)
    assert event.facts == {"failures": 5, "delay_seconds": 60}
    assert failed_login_burst(fact, 6, LoginPolicy()) is None  # told once per run of failures
    assert failed_login_burst(LoginFailed("acct", T0, "203.0.113.20", None), 5, LoginPolicy()) is None


def test_credential_stuffing_fires_when_the_tenth_account_blocks_the_network() -> None:
    policy, tally = LoginPolicy(), None
    for i in range(10):
        fact = LoginFailed(f"acct{i}", T0 + timedelta(seconds=30 * i), "203.0.113.20")
        after = after_network_failure(tally, fact.account, fact.at, policy)
        event = credential_stuffing(fact, tally, after, policy)
        assert (event is None) == (i < 9), i
        tally = after
    assert event is not None and (event.severity, event.rule, event.user_id) == (
        "high",
        "credential_stuffing_by_ip",
        None,
    )
    assert event.facts["network"] == "203.0.113.20" and event.facts["accounts"] == 10


def test_nine_accounts_or_ten_spread_over_more_than_10_minutes_are_not_stuffing() -> None:
    policy, tally = LoginPolicy(), None
    for i in range(10):
        fact = LoginFailed(f"acct{i}", T0 + timedelta(minutes=2 * i), "203.0.113.20")
        after = after_network_failure(tally, fact.account, fact.at, policy)
        assert credential_stuffing(fact, tally, after, policy) is None
        tally = after
    blocked = NetworkTally({}, T0 + timedelta(minutes=15))
    assert credential_stuffing(LoginFailed("x", T0, "203.0.113.20"), blocked, blocked, policy) is None  # not newly


def test_mfa_disabled_or_reset_is_high_and_enabled_raises_nothing() -> None:
    assert mfa_changed(MfaChanged(7, T0, MfaChange.ENABLED, 7)) is None
    off = mfa_changed(MfaChanged(7, T0, MfaChange.DISABLED, 7, "198.51.100.10"))
    assert off is not None and (off.event_type, off.severity, off.rule) == (
        "mfa_disabled",
        "high",
        "mfa_disabled_or_reset",
    )
    assert off.facts == {"change": "disabled", "by": 7, "self_service": True}
    reset = mfa_changed(MfaChanged(7, T0, MfaChange.RESET, 2))
    assert reset is not None and reset.event_type == "mfa_reset" and reset.facts["self_service"] is False


def test_a_recovery_code_is_high_and_the_last_one_critical() -> None:
    used = recovery_code_used(RecoveryCodeUsed(7, T0, "198.51.100.10", 9))
    assert (used.severity, used.rule, used.facts) == ("high", "recovery_code_used", {"remaining": 9})
    assert recovery_code_used(RecoveryCodeUsed(7, T0, None, 0)).severity == "critical"


def test_every_role_change_is_high_and_granting_superuser_or_platform_admin_critical() -> None:
    same = RoleChanged(7, T0, 1, frozenset({"support_agent"}), frozenset({"support_agent"}))
    assert role_changed(same) is None
    agent = role_changed(RoleChanged(7, T0, 1, frozenset(), frozenset({"support_agent", "staff"})))
    assert agent is not None and (agent.severity, agent.rule) == ("high", "role_or_permission_change")
    assert agent.facts == {"granted": ["staff", "support_agent"], "revoked": [], "by": 1, "via": "admin"}
    revoked = role_changed(RoleChanged(7, T0, None, frozenset({"platform_admin"}), frozenset()))
    assert revoked is not None and revoked.severity == "high" and "an unknown actor" in revoked.description
    root = role_changed(RoleChanged(7, T0, 1, frozenset({"staff"}), frozenset({"staff", "superuser"})))
    assert root is not None and root.severity == "critical"


def test_a_personal_data_export_is_medium_for_one_person_and_high_for_more() -> None:
    one = personal_data_exported(PersonalDataExported(3, T0, 1, "privacy_export", (7,)), POLICY)
    assert (one.severity, one.rule, one.user_id) == ("medium", "personal_data_export", 3)
    bulk = personal_data_exported(PersonalDataExported(3, T0, 5000, "profiles", tuple(range(100))), POLICY)
    assert bulk.severity == "high" and bulk.facts["count"] == 5000 and len(bulk.facts["user_ids"]) == 20


def reads(actor: int, people: range, start: datetime, every: timedelta) -> list[ProfilesRead]:
    return [ProfilesRead(actor, start + every * i, (uid,)) for i, uid in enumerate(people)]


def test_mass_access_fires_at_the_201st_distinct_profile_within_10_minutes() -> None:
    two_hundred = reads(3, range(1000, 1200), T0, timedelta(seconds=2))
    assert mass_access(3, two_hundred, POLICY).events == []
    repeats = [*two_hundred, ProfilesRead(3, T0 + timedelta(minutes=8), (1000, 1001))]  # the same people again
    assert mass_access(3, repeats, POLICY).events == []
    result = mass_access(3, [*two_hundred, ProfilesRead(3, T0 + timedelta(minutes=8), (5000,))], POLICY)
    (event,) = result.events
    assert (event.severity, event.rule, event.user_id) == ("high", "mass_access", 3)
    assert event.facts["profiles"] == 201 and event.facts["threshold"] == 200
    assert result.last_fired == T0 + timedelta(minutes=8)


def test_mass_access_counts_a_sliding_10_minute_window_and_fires_once_per_window() -> None:
    slow = reads(3, range(1000, 1201), T0, timedelta(seconds=3))  # 201 reads over 10 minutes exactly
    assert mass_access(3, slow, POLICY).events == []  # the first one left the window as the last came
    fast = reads(3, range(1000, 1600), T0, timedelta(seconds=1))  # 600 in 10 minutes
    assert len(mass_access(3, fast, POLICY).events) == 1
    longer = reads(3, range(1000, 1900), T0, timedelta(seconds=1))  # still going a window after it fired
    assert len(mass_access(3, longer, POLICY).events) == 2


def test_mass_access_ignores_own_data_other_actors_and_earlier_evaluated_reads() -> None:
    own = [ProfilesRead(3, T0 + timedelta(seconds=i), (3,)) for i in range(300)]
    assert mass_access(3, own, POLICY).events == []
    many = reads(3, range(1000, 1300), T0, timedelta(seconds=1))
    assert mass_access(4, many, POLICY).events == []
    assert mass_access(3, many, POLICY, fire_from=T0 + timedelta(minutes=6)).events == []  # fired before
    assert mass_access(3, many, POLICY, last_fired=T0 + timedelta(minutes=1)).events == []  # within a window
    assert len(mass_access(3, many, DetectionPolicy(mass_access_profiles=250)).events) == 1
