"""A replayable week of traffic for N people, deterministic for a seed, with injected attacks of every kind.

Normal traffic (rates per person per week, stated so a reader can judge them):
- people: 97% learners, 3% staff; each has a home network (a /24 of a home ISP's /16; 15% IPv6 /48s), a phone
  carrier (a /16 of which they get a few /24s), a laptop browser and a phone browser; 10% also study on a campus
  network shared by everyone there (one NAT address). What they used in the last month is known at the start
  (the history's 90-day window); 4% are new this week and start with nothing known (the baseline);
- logins: learners on about half the days, staff every working day, once or twice; laptop from home or campus,
  phone from home Wi-Fi or the carrier (whose /24 sometimes is one not seen before: a medium "new network");
- typos: 8% of logins follow one or two wrong passwords; 0.5% follow four to six (five trigger the throttle and
  its medium event);
- new phones: 1.5% (a new device, medium); travel: 3% spend two or three days away (hotel network in another
  /16, first login there hours after the last one at home; a new network, medium, never impossible travel); VPN:
  2% switch a known VPN on and off within minutes, 0.1% use a new one within 10 minutes of a home login (an
  impossible-travel false positive, high);
- password resets: 1%, followed by a login from the usual device; 0.1% reset and then sign in on a new phone
  within 24 hours (high: a false positive by this ground truth, and the escalation working as designed);
- MFA: 0.05% turn it off, 0.05% have it reset by an admin after losing their phone (and sign in on the new one),
  0.05% use a recovery code; role changes: 1 routine change per 1,000 people; exports: compliance answers 1
  subject access request per 2,000 people (one person's data, medium);
- staff read 20 to 150 profiles a working day, in bursts of at most 120 within 10 minutes.
Every such normal event is counted against the rule that raised it (the rules report MFA, role and export changes
by definition: a routine one is a false positive of the ground truth, which counts attacks only).

Injected attacks, each on a different normal-looking person (about 0.3% of people each kind, at least 3): a
password-guessing burst, credential stuffing from one address, an account takeover from a new device and network,
a takeover after a password reset, a takeover in the minutes after the owner's login from another /16, MFA turned
off or reset by an attacker, a recovery code used by an attacker, a privilege grant, a staff account reading 250
to 600 profiles in minutes, and a bulk export."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from domain.security.detection.facts import (
    LoginFailed,
    LoginSucceeded,
    Mark,
    MfaChange,
    MfaChanged,
    PasswordReset,
    PersonalDataExported,
    ProfilesRead,
    RecoveryCodeUsed,
    RoleChanged,
    network_of,
)
from domain.security.login import account_key

from .engine import Fact
from .people import LAPTOPS, PHONES, Person, Places
from .score import Attack

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday
WEEK = timedelta(days=7)


@dataclass
class Traffic:
    users: int
    facts: list[Fact] = field(default_factory=list)
    seeds: dict[int, list[Mark]] = field(default_factory=dict)  # known before the week
    attacks: list[Attack] = field(default_factory=list)
    accounts: dict[int, str] = field(default_factory=dict)  # person -> login key

    def sorted_facts(self) -> list[Fact]:
        return sorted(self.facts, key=lambda f: f.at)


class Week:
    def __init__(self, users: int, seed: int):
        self.rng = random.Random(seed)
        self.places = Places(self.rng)
        self.t = Traffic(users)
        self.people = [self.places.person(uid, self.rng.random() < 0.03) for uid in range(1, users + 1)]
        self.staff = [p for p in self.people if p.staff]
        for p in self.people:
            self.t.accounts[p.uid] = account_key(f"user{p.uid}")

    # -- building blocks ---------------------------------------------------------------------------------------
    def at(self, day: int, hour_from: int = 7, hour_to: int = 23) -> datetime:
        return START + timedelta(days=day, seconds=self.rng.randrange(hour_from * 3600, hour_to * 3600))

    def login(self, p: Person, at: datetime, ip: str | None, ua: str, typos: int = 0) -> datetime:
        for i in range(typos):
            self.t.facts.append(LoginFailed(self.t.accounts[p.uid], at + timedelta(seconds=8 * i), ip, p.uid, ua))
        at += timedelta(seconds=8 * typos + 5)
        self.t.facts.append(LoginSucceeded(p.uid, at, ip, ua, ""))
        return at

    def typos(self) -> int:
        r = self.rng.random()
        return self.rng.randint(4, 6) if r < 0.005 else self.rng.randint(1, 2) if r < 0.085 else 0

    def usual(self, p: Person, day: int) -> datetime:
        """One ordinary login: laptop at home or campus, or phone on Wi-Fi or the carrier."""
        at = self.at(day)
        if self.rng.random() < 0.55:
            ip = p.campus_ip if p.campus_ip and self.rng.random() < 0.5 and day < 5 else p.home_ip
            return self.login(p, at, ip, p.laptop, self.typos())
        ip = p.home_ip if self.rng.random() < 0.4 else self.places.carrier_ip(p, self.rng.random() < 0.03)
        return self.login(p, at, ip, p.phone, self.typos())

    # -- the week --------------------------------------------------------------------------------------------
    def normal(self) -> None:
        rng = self.rng
        for p in self.people:
            if rng.random() >= 0.04:
                self.t.seeds[p.uid] = self.places.known(p, START)
            away = self.habits(p)
            for day in range(7):
                working = p.staff and day < 5
                if day not in away and (working or rng.random() < 0.5):
                    for _ in range(rng.choice((1, 1, 2))):
                        self.usual(p, day)
            if p.staff and p.uid % 7:
                self.staff_reads(p)

    def habits(self, p: Person) -> set[int]:
        """One habit of the week (most people have none); the days spent away, when travelling."""
        rng, day = self.rng, self.rng.randrange(7)
        r = rng.random()
        if r < 0.015:  # a new phone
            self.login(p, self.at(day), p.home_ip, rng.choice(PHONES))
        elif r < 0.045:  # two or three days away: no login from home meanwhile
            hotel, first, days = self.places.far_ip(p), min(day, 4), rng.randint(2, 3)
            leave = self.at(first, 6, 9)
            for d in range(days):
                self.login(p, leave + timedelta(hours=5 + 24 * d, minutes=rng.randrange(600)), hotel, p.phone)
            return set(range(first, first + days + 1))
        elif r < 0.065:  # a known VPN switched on and off
            at = self.login(p, self.at(day), p.home_ip, p.laptop)
            self.login(p, at + timedelta(minutes=rng.randint(1, 9)), p.vpn_ip, p.laptop)
        elif r < 0.066:  # a new VPN within minutes of a home login
            at = self.login(p, self.at(day), p.home_ip, p.laptop)
            self.login(p, at + timedelta(minutes=rng.randint(1, 9)), self.places.far_ip(p), p.laptop)
        elif r < 0.076:  # forgot the password: reset, then the usual device
            at = self.at(day)
            self.t.facts.append(PasswordReset(p.uid, at))
            self.login(p, at + timedelta(minutes=2), p.home_ip, p.laptop)
        elif r < 0.077:  # reset, then a new phone
            at = self.at(day)
            self.t.facts.append(PasswordReset(p.uid, at))
            self.login(p, at + timedelta(hours=rng.randint(1, 20)), p.home_ip, rng.choice(PHONES))
        elif r < 0.0775:
            self.t.facts.append(MfaChanged(p.uid, self.at(day), MfaChange.DISABLED, p.uid, p.home_ip))
        elif r < 0.078:  # lost the phone: an admin resets MFA, the new phone signs in
            at = self.at(day, 9, 17)
            self.t.facts.append(MfaChanged(p.uid, at, MfaChange.RESET, 1))
            self.login(p, at + timedelta(hours=1), self.places.carrier_ip(p), rng.choice(PHONES))
        elif r < 0.0785:
            self.t.facts.append(RecoveryCodeUsed(p.uid, self.at(day), p.home_ip, rng.randint(1, 9)))
        elif r < 0.0795:
            before = frozenset({"support_agent"}) if p.staff else frozenset()
            after = frozenset({"support_admin"}) if p.staff else frozenset({"support_agent", "staff"})
            self.t.facts.append(RoleChanged(p.uid, self.at(day, 9, 17), 1, before, after))
        if p.staff and rng.random() < 0.0005 * len(self.people) / max(1, len(self.staff)):
            subject = rng.randrange(1, len(self.people) + 1)
            self.t.facts.append(PersonalDataExported(p.uid, self.at(day, 9, 17), 1, "privacy_export", (subject,)))
        return set()

    def staff_reads(self, p: Person) -> None:
        rng, n = self.rng, len(self.people)
        for day in range(5):
            left = rng.randint(20, 150)
            while left > 0:
                burst, at = min(left, rng.randint(5, 120)), self.at(day, 8, 18)
                for i in range(burst):
                    who = rng.randrange(1, n + 1)
                    self.t.facts.append(ProfilesRead(p.uid, at + timedelta(seconds=4 * i), (who,)))
                left -= burst

    # -- attacks ---------------------------------------------------------------------------------------------
    def attacks(self) -> None:
        rng = self.rng
        each = max(3, len(self.people) * 3 // 1000)
        victims = rng.sample([p for p in self.people if not p.staff and p.uid in self.t.seeds], each * 8)
        insiders = rng.sample(self.staff, min(len(self.staff), each * 2)) if self.staff else []
        kinds = [
            self.guessing,
            self.takeover,
            self.takeover_after_reset,
            self.travel,
            self.mfa,
            self.recovery,
            self.grant,
            self.stuffing,
        ]
        for i, attack in enumerate(kinds):
            for victim in victims[i * each : (i + 1) * each]:
                attack(victim, self.at(rng.randrange(7)))
        for i, insider in enumerate(insiders):
            (self.mass_access if i % 2 == 0 else self.exfiltrate)(insider, self.at(rng.randrange(5), 9, 17))

    def inject(self, rule: str, subject: tuple[str, object], start: datetime, end: datetime, what: str) -> None:
        self.t.attacks.append(Attack(rule, subject, start, end, what))

    def guessing(self, v: Person, at: datetime) -> None:
        ip, n = self.places.attacker_ip(), self.rng.randint(6, 30)
        for i in range(n):
            self.t.facts.append(LoginFailed(self.t.accounts[v.uid], at + timedelta(seconds=3 * i), ip, v.uid, "python"))
        self.inject("stepped_delay", ("user", v.uid), at, at + timedelta(hours=1), "password guessing")

    def stuffing(self, v: Person, at: datetime) -> None:
        ip, targets = self.places.attacker_ip(), self.rng.sample(self.people, self.rng.randint(12, 40))
        for i, p in enumerate(targets):
            self.t.facts.append(LoginFailed(self.t.accounts[p.uid], at + timedelta(seconds=5 * i), ip, p.uid, "curl/8"))
        self.inject("credential_stuffing_by_ip", ("net", ip), at, at + timedelta(hours=1), "credential stuffing")

    def takeover(self, v: Person, at: datetime) -> None:
        self.login(v, at, self.places.attacker_ip(), self.rng.choice(LAPTOPS + PHONES))
        self.inject("new_device_or_network", ("user", v.uid), at, at + timedelta(minutes=5), "stolen password")

    def takeover_after_reset(self, v: Person, at: datetime) -> None:
        self.t.facts.append(PasswordReset(v.uid, at))
        later = at + timedelta(hours=self.rng.randint(0, 23), minutes=self.rng.randrange(60))
        self.login(v, later, self.places.attacker_ip(), self.rng.choice(LAPTOPS))
        self.inject("new_device_or_network", ("user", v.uid), at, later + timedelta(minutes=5), "mailbox taken over")

    def travel(self, v: Person, at: datetime) -> None:
        owner = self.login(v, at, v.home_ip, v.laptop)
        thief = owner + timedelta(minutes=self.rng.randint(1, 9), seconds=self.rng.randrange(60))
        self.login(v, thief, self.places.attacker_ip(), v.laptop)  # a copied session cookie's user agent
        self.inject("impossible_travel", ("user", v.uid), thief, thief + timedelta(minutes=5), "session theft")

    def mfa(self, v: Person, at: datetime) -> None:
        change = self.rng.choice((MfaChange.DISABLED, MfaChange.RESET))
        by = v.uid if change is MfaChange.DISABLED else 1  # a social-engineered helpdesk reset
        self.t.facts.append(MfaChanged(v.uid, at, change, by, self.places.attacker_ip()))
        self.inject("mfa_disabled_or_reset", ("user", v.uid), at, at + timedelta(hours=2), "second factor removed")
        if change is MfaChange.RESET:
            self.login(v, at + timedelta(minutes=30), self.places.attacker_ip(), self.rng.choice(PHONES))

    def recovery(self, v: Person, at: datetime) -> None:
        self.t.facts.append(RecoveryCodeUsed(v.uid, at, self.places.attacker_ip(), self.rng.randint(0, 9)))
        self.inject("recovery_code_used", ("user", v.uid), at, at + timedelta(minutes=1), "stolen recovery codes")

    def grant(self, v: Person, at: datetime) -> None:
        self.t.facts.append(RoleChanged(v.uid, at, 2, frozenset(), frozenset({"platform_admin", "staff"})))
        self.inject("role_or_permission_change", ("user", v.uid), at, at + timedelta(minutes=1), "backdoor admin")

    def mass_access(self, p: Person, at: datetime) -> None:
        n = self.rng.randint(250, 600)
        for i, who in enumerate(self.rng.sample(range(1, len(self.people) + 1), min(n, len(self.people)))):
            self.t.facts.append(ProfilesRead(p.uid, at + timedelta(seconds=i), (who,)))
        self.inject("mass_access", ("user", p.uid), at, at + timedelta(minutes=15), "scraping profiles")

    def exfiltrate(self, p: Person, at: datetime) -> None:
        count = self.rng.randint(500, 20_000)
        self.t.facts.append(PersonalDataExported(p.uid, at, count, "profiles", ()))
        self.inject("personal_data_export", ("user", p.uid), at, at + timedelta(minutes=1), "bulk export")


def week(users: int, seed: int) -> Traffic:
    w = Week(users, seed)
    w.normal()
    w.attacks()
    w.t.facts = w.t.sorted_facts()
    assert all(network_of(p.home_ip) for p in w.people)
    return w.t
