"""Login protection rules, pure: what a run of failed logins does to the next attempt.

Failures are counted per (account, client network), per account, and per client network:
- after `free_failures` failures for one account from one network, each further failure makes that pair wait
  `first_delay`, doubling up to `longest_delay` (1, 2, 4, 8, 15, 15 ... minutes);
- an account whose own total reaches `account_max_failures` is refused from every network (its owner is e-mailed a
  one-time unblock link), so strangers slow an account down but cannot lock it for good;
- a network with failures against `ip_accounts` accounts within `ip_window` is refused for `ip_block`;
- a tally is forgotten after `forget_after` without a failure, and the account's tallies on a successful login.
A network is the client's IPv4 address, or the /64 of an IPv6 address (one host holds a whole /64)."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class LoginPolicy:
    free_failures: int = 5
    first_delay: timedelta = timedelta(minutes=1)
    longest_delay: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=12)
    ip_accounts: int = 10
    ip_window: timedelta = timedelta(minutes=10)
    ip_block: timedelta = timedelta(minutes=15)
    account_max_failures: int = 100
    unblock_link_ttl: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.free_failures < 1 or self.account_max_failures < 1 or self.ip_accounts < 2:
            raise ValueError("login policy thresholds must be positive (ip_accounts at least 2)")

    def delay(self, failures: int) -> timedelta | None:
        """How long a pair waits after its `failures`-th failure (None while failures are still free)."""
        if failures < self.free_failures:
            return None
        steps = min(failures - self.free_failures, 32)  # past 2^32 minutes the cap holds anyway
        return min(self.longest_delay, self.first_delay * int(2**steps))


def _at(raw: Any) -> datetime:
    return datetime.fromisoformat(str(raw)).astimezone(UTC)


@dataclass(frozen=True)
class Tally:
    """Failures of one account (from one network, or in all), the last one's time and the wait it imposed."""

    failures: int
    last: datetime
    blocked_until: datetime | None = None

    def encode(self) -> str:
        until = self.blocked_until.isoformat() if self.blocked_until else None
        return json.dumps({"n": self.failures, "last": self.last.isoformat(), "until": until})

    @staticmethod
    def decode(raw: str | None, now: datetime, policy: LoginPolicy) -> Tally | None:
        """The tally still in force at `now` (None once `forget_after` has passed without a failure)."""
        if raw is None:
            return None
        data = json.loads(raw)
        tally = Tally(int(data["n"]), _at(data["last"]), _at(data["until"]) if data.get("until") else None)
        return tally if now - tally.last < policy.forget_after else None

    def expires(self, policy: LoginPolicy) -> datetime:
        return self.last + policy.forget_after


@dataclass(frozen=True)
class NetworkTally:
    """The accounts a network failed against recently (account key -> last failure), and its block."""

    accounts: dict[str, datetime] = field(default_factory=dict)
    blocked_until: datetime | None = None

    def encode(self) -> str:
        until = self.blocked_until.isoformat() if self.blocked_until else None
        return json.dumps({"accounts": {k: v.isoformat() for k, v in self.accounts.items()}, "until": until})

    @staticmethod
    def decode(raw: str | None) -> NetworkTally | None:
        if raw is None:
            return None
        data = json.loads(raw)
        until = _at(data["until"]) if data.get("until") else None
        return NetworkTally({str(k): _at(v) for k, v in data.get("accounts", {}).items()}, until)

    def expires(self, policy: LoginPolicy) -> datetime:
        latest = max([*self.accounts.values(), datetime.min.replace(tzinfo=UTC)]) + policy.ip_window
        return max(latest, self.blocked_until or latest)


def after_pair_failure(tally: Tally | None, now: datetime, policy: LoginPolicy) -> Tally:
    failures = (tally.failures if tally else 0) + 1
    delay = policy.delay(failures)
    return Tally(failures, now, now + delay if delay else None)


def after_account_failure(tally: Tally | None, now: datetime) -> Tally:
    return Tally((tally.failures if tally else 0) + 1, now)


def after_network_failure(tally: NetworkTally | None, account: str, now: datetime, policy: LoginPolicy) -> NetworkTally:
    """Counts the account among the network's recent targets; at `ip_accounts` of them the network is blocked."""
    recent = {k: at for k, at in (tally.accounts if tally else {}).items() if now - at < policy.ip_window}
    recent[account] = now
    if len(recent) >= policy.ip_accounts:
        return NetworkTally({}, now + policy.ip_block)
    return NetworkTally(recent, tally.blocked_until if tally else None)


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # whole seconds, at least 1
    reason: str  # account_from_network | account | network


def refusal(
    now: datetime,
    policy: LoginPolicy,
    pair: Tally | None,
    account: Tally | None,
    network: NetworkTally | None,
) -> Refusal | None:
    """Why an attempt is refused before its password is checked, and for how long (the longest wait applies)."""
    waits: list[tuple[datetime, str]] = []
    if pair and pair.blocked_until and pair.blocked_until > now:
        waits.append((pair.blocked_until, "account_from_network"))
    if account and account.failures >= policy.account_max_failures:
        waits.append((account.expires(policy), "account"))
    if network and network.blocked_until and network.blocked_until > now:
        waits.append((network.blocked_until, "network"))
    if not waits:
        return None
    until, reason = max(waits)
    return Refusal(max(1, math.ceil((until - now).total_seconds())), reason)


def network_of(ip: str | None) -> str:
    """The unit an attacker cannot cheaply multiply: an IPv4 address, an IPv6 /64."""
    if not ip:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass(frozen=True)
class Keys:
    """Where one attempt's tallies live. A login name is stored only as a digest: people type passwords
    into the username field, and attempted names are not kept in the clear."""

    account: str
    pair: str
    network: str
    account_id: str
    network_id: str

    @staticmethod
    def of(username: str, ip: str | None) -> Keys:
        account_id = account_key(username)
        net = network_of(ip)
        return Keys(f"acct:{account_id}", f"pair:{account_id}:{net}", f"net:{net}", account_id, net)


def account_key(username: str) -> str:
    return hashlib.sha256(f"login|{username.strip().casefold()}".encode()).hexdigest()[:32]


def pair_prefix(username: str) -> str:
    return f"pair:{account_key(username)}:"


def unblock_key(token_hash: str) -> str:
    return f"unblock:{token_hash}"
