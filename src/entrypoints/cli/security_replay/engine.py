"""Runs a stream of facts through the same rules the product runs, the way the product runs them: failed logins
through the login throttle's tallies (domain.security.login) and the two failure rules, successful logins through
a LoginHistory (the in-memory one in the replay) and assess_login, mass access over each staff member's reads, and
the change and export rules one fact at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.security.detection.access import (
    mass_access,
    mfa_changed,
    personal_data_exported,
    recovery_code_used,
    role_changed,
)
from domain.security.detection.facts import (
    LoginFailed,
    LoginSucceeded,
    Mark,
    MarkKind,
    MfaChange,
    MfaChanged,
    PasswordReset,
    PersonalDataExported,
    ProfilesRead,
    RecoveryCodeUsed,
    RoleChanged,
)
from domain.security.detection.logins import assess_login, credential_stuffing, failed_login_burst, login_marks
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import (
    LoginPolicy,
    NetworkTally,
    Tally,
    after_network_failure,
    after_pair_failure,
    network_of,
    refusal,
)
from domain.security.model import NewSecurityEvent
from domain.security.ports import LoginHistory

Fact = (
    LoginFailed
    | LoginSucceeded
    | PasswordReset
    | MfaChanged
    | RecoveryCodeUsed
    | RoleChanged
    | ProfilesRead
    | PersonalDataExported
)


def at_of(fact: Fact) -> datetime:
    return fact.at


@dataclass
class Throttle:
    """The login throttle's tallies, in memory: per (account, network) and per network."""

    policy: LoginPolicy
    pairs: dict[tuple[str, str], Tally] = field(default_factory=dict)
    networks: dict[str, NetworkTally] = field(default_factory=dict)
    refused: int = 0

    def _pair(self, key: tuple[str, str], now: datetime) -> Tally | None:
        tally = self.pairs.get(key)
        return tally if tally is not None and now - tally.last < self.policy.forget_after else None

    def admits(self, account: str, ip: str | None, now: datetime) -> bool:
        net = network_of(ip)
        if refusal(now, self.policy, self._pair((account, net), now), None, self.networks.get(net)) is None:
            return True
        self.refused += 1
        return False

    def failed(self, fact: LoginFailed) -> list[NewSecurityEvent]:
        net, now = network_of(fact.ip), fact.at
        pair = after_pair_failure(self._pair((fact.account, net), now), now, self.policy)
        self.pairs[(fact.account, net)] = pair
        before = self.networks.get(net)
        self.networks[net] = after = after_network_failure(before, fact.account, now, self.policy)
        found = (
            failed_login_burst(fact, pair.failures, self.policy),
            credential_stuffing(fact, before, after, self.policy),
        )
        return [e for e in found if e is not None]

    def succeeded(self, account: str, ip: str | None) -> None:
        self.pairs.pop((account, network_of(ip)), None)


def replay(
    facts: Iterable[Fact],
    history: LoginHistory,
    family: Callable[[str], str],
    account_of: Callable[[int], str],
    policy: DetectionPolicy | None = None,
    login_policy: LoginPolicy | None = None,
) -> tuple[list[NewSecurityEvent], int]:
    """The events the rules raise over `facts` (in time order), and how many login attempts the throttle refused
    before their password was checked. `family` classifies user agents (the DeviceClassifier); `account_of` gives
    a person's login key (login.account_key of their name)."""
    policy, throttle = policy or DetectionPolicy(), Throttle(login_policy or LoginPolicy())
    events: list[NewSecurityEvent] = []
    reads: dict[int, list[ProfilesRead]] = defaultdict(list)
    for fact in facts:
        if isinstance(fact, LoginFailed):
            if throttle.admits(fact.account, fact.ip, fact.at):
                events += throttle.failed(fact)
        elif isinstance(fact, LoginSucceeded):
            account = account_of(fact.user_id)
            if not throttle.admits(account, fact.ip, fact.at):
                continue
            throttle.succeeded(account, fact.ip)
            fact = replace(fact, device=family(fact.user_agent))
            events += assess_login(fact, history.known(fact.user_id, fact.at - policy.known_for), policy)
            history.remember(fact.user_id, login_marks(fact))
        elif isinstance(fact, PasswordReset):
            history.remember(fact.user_id, [Mark(MarkKind.PASSWORD_RESET, "", fact.at, fact.at)])
        elif isinstance(fact, MfaChanged):
            if fact.change is MfaChange.RESET:
                history.remember(fact.user_id, [Mark(MarkKind.MFA_RESET, "", fact.at, fact.at)])
            events += [e for e in (mfa_changed(fact),) if e is not None]
        elif isinstance(fact, RecoveryCodeUsed):
            events.append(recovery_code_used(fact))
        elif isinstance(fact, RoleChanged):
            events += [e for e in (role_changed(fact),) if e is not None]
        elif isinstance(fact, ProfilesRead):
            reads[fact.actor_id].append(fact)
        else:
            events.append(personal_data_exported(fact, policy))
    for actor_id, theirs in reads.items():  # the sweep's windows, over the whole week at once
        events += mass_access(actor_id, theirs, policy).events
    return events, throttle.refused
