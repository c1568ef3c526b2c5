"""Scoring a replay against its ground truth.

An injected attack names the rule meant to catch it, its subject (a person, or a network for credential stuffing)
and its time span. An event is a true positive when it is about an attacked subject within an attack's span
(whatever its rule: a takeover from abroad is rightly caught by two rules), and a false positive otherwise. A rule
detects an attack when one of its own events is a true positive for that attack.

Normal users are the people no attack targets (or acted as). A normal user has a false positive when an alerting
event (high or critical: the ones e-mailed to the security team) is raised about them: the issue's target (at most
1% of normal users) is measured on that. Medium events (a new device or network, five failed logins from one
network) are stored and shown in the person's timeline but page nobody: the share of normal users with any event,
medium included, is reported next to it, not hidden."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from domain.security.login import network_of
from domain.security.model import ALERTING, NewSecurityEvent

RULES = (
    "stepped_delay",
    "credential_stuffing_by_ip",
    "new_device_or_network",
    "impossible_travel",
    "mfa_disabled_or_reset",
    "recovery_code_used",
    "role_or_permission_change",
    "mass_access",
    "personal_data_export",
)
Subject = tuple[str, object]  # ("user", id) | ("net", network)


@dataclass(frozen=True)
class Attack:
    rule: str  # the rule meant to catch it
    subject: Subject
    start: datetime
    end: datetime
    what: str = ""

    def covers(self, e: NewSecurityEvent) -> bool:
        return subject_of(e) == self.subject and self.start <= e.timestamp <= self.end


def subject_of(e: NewSecurityEvent) -> Subject:
    return ("user", e.user_id) if e.user_id is not None else ("net", network_of(e.ip))


@dataclass(frozen=True)
class RuleScore:
    rule: str
    injected: int
    detected: int  # events the rule raised
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.detected if self.detected else None

    caught: int = 0  # injected attacks of this rule it caught

    @property
    def recall(self) -> float | None:
        return self.caught / self.injected if self.injected else None


@dataclass(frozen=True)
class Report:
    rules: list[RuleScore]
    normal_users: int
    normal_alerted: int  # normal users with a high or critical event
    normal_any: int  # normal users with any event, medium included
    refused: int

    @property
    def recall(self) -> float:
        injected = sum(r.injected for r in self.rules)
        return sum(r.caught for r in self.rules) / injected if injected else 1.0

    @property
    def alerted_share(self) -> float:
        return self.normal_alerted / self.normal_users if self.normal_users else 0.0

    @property
    def any_share(self) -> float:
        return self.normal_any / self.normal_users if self.normal_users else 0.0


def score(events: list[NewSecurityEvent], attacks: list[Attack], users: int, refused: int = 0) -> Report:
    by_subject: dict[Subject, list[Attack]] = defaultdict(list)
    for a in attacks:
        by_subject[a.subject].append(a)
    caught: set[int] = set()
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    raised: dict[str, int] = defaultdict(int)
    alerted, anything = set(), set()
    index = {id(a): i for i, a in enumerate(attacks)}
    for e in events:
        raised[e.rule] += 1
        covering = [a for a in by_subject.get(subject_of(e), []) if a.covers(e)]
        if covering:
            tp[e.rule] += 1
            caught.update(index[id(a)] for a in covering if a.rule == e.rule)
            continue
        fp[e.rule] += 1
        if e.user_id is not None:
            anything.add(e.user_id)
            if e.severity in ALERTING:
                alerted.add(e.user_id)
    attacked = {a.subject[1] for a in attacks if a.subject[0] == "user"}
    rows = []
    for rule in RULES:
        mine = [i for i, a in enumerate(attacks) if a.rule == rule]
        rows.append(RuleScore(rule, len(mine), raised[rule], tp[rule], fp[rule], sum(1 for i in mine if i in caught)))
    normal = users - len(attacked)
    return Report(rows, normal, len(alerted - attacked), len(anything - attacked), refused)
