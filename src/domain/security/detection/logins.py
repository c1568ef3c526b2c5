"""Rules over logins, pure: each takes a fact and the known state it is compared with, and returns the security
event to raise (or None). No clock, no storage: the fact carries its time, the caller brings the state."""

from __future__ import annotations

from datetime import timedelta

from ..login import LoginPolicy, NetworkTally
from ..login import network_of as throttle_network
from ..model import NewSecurityEvent, Severity
from .facts import Known, LoginFailed, LoginSucceeded, Mark, MarkKind, region_of
from .policy import DetectionPolicy

RESETS = (MarkKind.PASSWORD_RESET, MarkKind.MFA_RESET)


# -- failed logins (the login throttle's tallies are the window) ----------------------------------------------------
def failed_login_burst(fact: LoginFailed, pair_failures: int, policy: LoginPolicy) -> NewSecurityEvent | None:
    """`pair_failures` failed logins for one account from one network (the throttle's tally, this one included,
    forgotten after `forget_after` without a failure or on success): at `free_failures` the pair starts to wait,
    and the person is told once, medium. A name nobody holds raises nothing (there is nobody to protect)."""
    if fact.user_id is None or pair_failures != policy.free_failures:
        return None
    delay = policy.delay(pair_failures)
    return NewSecurityEvent(
        "login_throttled",
        Severity.MEDIUM,
        "stepped_delay",
        fact.at,
        fact.user_id,
        f"{pair_failures} failed logins from one network: further attempts from it now wait.",
        {"failures": pair_failures, "delay_seconds": int(delay.total_seconds()) if delay else 0},
        fact.ip,
        fact.user_agent,
    )


def credential_stuffing(
    fact: LoginFailed, before: NetworkTally | None, after: NetworkTally, policy: LoginPolicy
) -> NewSecurityEvent | None:
    """The failure made its network (an IPv4 address, an IPv6 /64) reach `ip_accounts` distinct accounts within
    `ip_window` (login.after_network_failure decides, and blocks it for `ip_block`): high, about the network."""
    newly_blocked = after.blocked_until is not None and (before is None or before.blocked_until != after.blocked_until)
    if not newly_blocked:
        return None
    return NewSecurityEvent(
        "credential_stuffing",
        Severity.HIGH,
        "credential_stuffing_by_ip",
        fact.at,
        None,
        f"Failed logins against {policy.ip_accounts} or more accounts from one network within "
        f"{int(policy.ip_window.total_seconds() // 60)} minutes: its logins are refused for "
        f"{int(policy.ip_block.total_seconds() // 60)} minutes.",
        {
            "network": throttle_network(fact.ip),
            "accounts": policy.ip_accounts,
            "window_seconds": int(policy.ip_window.total_seconds()),
            "blocked_seconds": int(policy.ip_block.total_seconds()),
        },
        fact.ip,
        fact.user_agent,
    )


# -- successful logins (the person's known devices and networks are the window) -------------------------------------
def _live(known: Known, fact: LoginSucceeded, policy: DetectionPolicy) -> Known:
    """Only what was seen within the known period before the login (and not after it: replays are in order)."""
    since = fact.at - policy.known_for
    return Known(tuple(m for m in known.marks if since <= m.last_seen <= fact.at))


def new_device_or_network(fact: LoginSucceeded, known: Known, policy: DetectionPolicy) -> NewSecurityEvent | None:
    """A login from a device family or a network (/24, IPv6 /48) not seen at a successful login of the person within
    `known_for`: medium; high when a password reset or an MFA reset came at most `escalate_within` before it (the
    usual shape of a takeover). The person's first login (nothing known yet) is the baseline and raises nothing."""
    live = _live(known, fact, policy)
    if live.baseline:
        return None
    network = fact.network
    new_device = not live.has(MarkKind.DEVICE, fact.device)
    new_network = network is not None and not live.has(MarkKind.NETWORK, network)
    if not (new_device or new_network):
        return None
    resets = [m for m in live.marks if m.kind in RESETS and fact.at - m.last_seen <= policy.escalate_within]
    reset = max(resets, key=lambda m: m.last_seen) if resets else None
    what = " and ".join(w for w, new in (("device", new_device), ("network", new_network)) if new)
    facts: dict[str, object] = {
        "new_device": fact.device if new_device else None,
        "new_network": network if new_network else None,
        "known_devices": len(live.of(MarkKind.DEVICE)),
        "known_networks": len(live.of(MarkKind.NETWORK)),
        "known_for_days": policy.known_for.days,
    }
    description = f"A login from a new {what}."
    if reset is not None:
        facts["after"] = {"kind": reset.kind.value, "at": reset.last_seen.isoformat()}
        description += f" It came {_ago(fact.at - reset.last_seen)} after a {reset.kind.value.replace('_', ' ')}."
    severity = Severity.HIGH if reset is not None else Severity.MEDIUM
    return NewSecurityEvent(
        "new_device_login",
        severity,
        "new_device_or_network",
        fact.at,
        fact.user_id,
        description,
        facts,
        fact.ip,
        fact.user_agent,
    )


def impossible_travel(fact: LoginSucceeded, known: Known, policy: DetectionPolicy) -> NewSecurityEvent | None:
    """A login from a region (/16, IPv6 /32) the person was not seen in, other than the region of a network they
    logged in from at most `travel_within` before: high. Moving between networks in regions already known (home
    Wi-Fi and the phone's carrier, whose next address is often another /24 of the same /16) is not travel. IPv4
    and IPv6 regions are different regions: a dual-stack client's other family is known once seen, so only a
    family the person was never seen on within 10 minutes of the other alerts."""
    network = fact.network
    region = region_of(network)
    if network is None or region is None:
        return None
    live = _live(known, fact, policy)
    if any(m.value == network or region_of(m.value) == region for m in live.of(MarkKind.NETWORK)):
        return None  # a known network, or a new one in a region the person is known in (a carrier's next /24)
    recent = [m for m in live.of(MarkKind.NETWORK) if fact.at - m.last_seen <= policy.travel_within]
    if not recent:
        return None
    last = max(recent, key=lambda m: m.last_seen)
    apart = fact.at - last.last_seen
    return NewSecurityEvent(
        "impossible_travel",
        Severity.HIGH,
        "impossible_travel",
        fact.at,
        fact.user_id,
        f"Logins from two distant networks {_ago(apart)} apart.",
        {
            "network": network,
            "region": region,
            "previous_network": last.value,
            "previous_region": region_of(last.value),
            "seconds_apart": int(apart.total_seconds()),
            "window_seconds": int(policy.travel_within.total_seconds()),
        },
        fact.ip,
        fact.user_agent,
    )


def assess_login(fact: LoginSucceeded, known: Known, policy: DetectionPolicy) -> list[NewSecurityEvent]:
    """Every rule over a successful login, in one pass over the person's known state."""
    found = (new_device_or_network(fact, known, policy), impossible_travel(fact, known, policy))
    return [e for e in found if e is not None]


def login_marks(fact: LoginSucceeded) -> list[Mark]:
    """What a successful login makes known: its device and its network, seen now."""
    marks = [Mark(MarkKind.DEVICE, fact.device, fact.at, fact.at)]
    if fact.network is not None:
        marks.append(Mark(MarkKind.NETWORK, fact.network, fact.at, fact.at))
    return marks


def _ago(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{minutes // 60} hours"
