"""The replay's people and places: home ISPs, phone carriers, campuses, VPNs and attackers' hosting, as address
blocks, and browsers as real user-agent strings (classified by the product's DeviceClassifier, not here)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.security.detection.facts import Mark, MarkKind, network_of

LAPTOPS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 "
    "Edg/124.0.2478.51",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
]
PHONES = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0 "
    "Mobile/15E148 Safari/604.1",
]
HOME_ISPS = [(24, b) for b in range(0, 256, 7)] + [(73, b) for b in range(0, 256, 5)] + [(86, b) for b in range(256)]
CARRIERS = [(100, 64), (100, 65), (172, 56), (174, 192), (107, 77)]  # each a /16 of a carrier's addresses
VPNS = [(185, 220), (146, 70), (89, 187)]
HOSTING = [(45, b) for b in range(128, 160)]  # attackers' rented servers: nobody normal lives there


@dataclass
class Person:
    uid: int
    staff: bool
    home_ip: str
    carrier: tuple[int, int]
    carrier_24s: list[int]
    laptop: str
    phone: str
    vpn_ip: str
    campus_ip: str | None


class Places:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.campuses = [
            f"{rng.choice((131, 141, 155))}.{rng.randrange(256)}.{rng.randrange(256)}.10" for _ in range(8)
        ]

    def person(self, uid: int, staff: bool) -> Person:
        rng = self.rng
        if rng.random() < 0.15:
            home = f"2a02:{rng.randrange(0x1000, 0xFFFF):x}:{rng.randrange(0xFFFF):x}:{rng.randrange(0xFFFF):x}::2"
        else:
            a, b = rng.choice(HOME_ISPS)
            home = f"{a}.{b}.{rng.randrange(256)}.{rng.randrange(2, 255)}"
        a, b = rng.choice(VPNS)
        return Person(
            uid,
            staff,
            home,
            rng.choice(CARRIERS),
            rng.sample(range(256), 3),
            rng.choice(LAPTOPS),
            rng.choice(PHONES),
            f"{a}.{b}.{rng.randrange(256)}.{rng.randrange(2, 255)}",
            rng.choice(self.campuses) if rng.random() < 0.10 else None,
        )

    def carrier_ip(self, p: Person, fresh: bool = False) -> str:
        """A carrier address: one of the person's usual /24s, or (fresh) another /24 of the carrier's /16."""
        third = self.rng.randrange(256) if fresh else self.rng.choice(p.carrier_24s)
        return f"{p.carrier[0]}.{p.carrier[1]}.{third}.{self.rng.randrange(2, 255)}"

    def far_ip(self, p: Person) -> str:
        """A network in a /16 the person has never used (a hotel abroad, a new VPN)."""
        a, b = self.rng.choice(HOME_ISPS)
        while p.home_ip.startswith(f"{a}.{b}."):
            a, b = self.rng.choice(HOME_ISPS)
        return f"{a}.{b}.{self.rng.randrange(256)}.{self.rng.randrange(2, 255)}"

    def attacker_ip(self) -> str:
        a, b = self.rng.choice(HOSTING)
        return f"{a}.{b}.{self.rng.randrange(256)}.{self.rng.randrange(2, 255)}"

    def known(self, p: Person, start: datetime) -> list[Mark]:
        """What a month of use before the week made known (devices and networks last seen in the last 30 days)."""
        rng = self.rng

        def ago() -> datetime:
            return start - timedelta(days=rng.randint(1, 30), seconds=rng.randrange(86400))

        used = [(MarkKind.DEVICE, p.laptop), (MarkKind.DEVICE, p.phone), (MarkKind.NETWORK, network_of(p.home_ip))]
        used += [(MarkKind.NETWORK, network_of(f"{p.carrier[0]}.{p.carrier[1]}.{t}.1")) for t in p.carrier_24s]
        used.append((MarkKind.NETWORK, network_of(p.vpn_ip)))
        if p.campus_ip:
            used.append((MarkKind.NETWORK, network_of(p.campus_ip)))
        marks = []
        for kind, value in used:
            if value is not None:
                seen = ago()
                marks.append(Mark(kind, value, seen - timedelta(days=60), seen))
        return marks
