"""How many password reset requests are let through: per address (the login typed, and the account it names) and
per client network, in a fixed window. Past the address's limit the request is answered as any other (202) and
no e-mail goes, so the answer says nothing about whether the address exists; past the network's limit the
network is told to wait (429), whichever address it asks for."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.shared.errors import Throttled

from .ports import Stored, ThrottleStore


@dataclass(frozen=True)
class ResetLimits:
    per_address: int = 3
    per_network: int = 20
    window: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class Count:
    requests: int
    until: datetime


def bump(store: ThrottleStore, key: str, now: datetime, window: timedelta) -> Count:
    """One more request under `key` in the current window (a new window once the last one is over)."""
    seen: list[Count] = []

    def update(raw: str | None) -> Stored:
        held = json.loads(raw) if raw else None
        until = datetime.fromisoformat(held["until"]) if held else now
        count = Count(int(held["n"]) + 1, until) if held and until > now else Count(1, now + window)
        seen.append(count)
        return json.dumps({"n": count.requests, "until": count.until.isoformat()}), count.until

    store.change(key, update)
    return seen[-1]


def network_throttled(count: Count, now: datetime) -> Throttled:
    wait = max(1, int((count.until - now).total_seconds()) + 1)
    return Throttled(
        "Too many password reset requests from this network: wait before asking again.",
        code="password_reset_throttled",
        retry_after=wait,
    )
