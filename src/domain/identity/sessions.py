"""Sessions: every bearer token and every browser (cookie) session is one row with the same two limits, an idle
timeout and an absolute lifetime. A session is named by its row id, never by its token."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.shared.pagination import Cursor

SESSIONS_CURSOR = Cursor("sessions", (int,))  # newest first, by row id


class SessionKind(StrEnum):
    BEARER = "bearer"
    COOKIE = "cookie"


@dataclass(frozen=True)
class SessionPolicy:
    """`idle`: a session unused for this long is over; `absolute`: no session outlives this, used or not.
    `last_used_at` is written at most once per `touch_every`, so the idle timeout is honoured to within it."""

    idle: timedelta = timedelta(hours=2)
    absolute: timedelta = timedelta(hours=12)
    touch_every: timedelta = timedelta(minutes=1)

    def idle_since(self, now: datetime) -> datetime:
        """Sessions last used at or before this instant are over."""
        return now - self.idle

    def expires_at(self, created_at: datetime) -> datetime:
        return created_at + self.absolute

    def needs_touch(self, last_used_at: datetime, now: datetime) -> bool:
        return now - last_used_at >= self.touch_every


@dataclass(frozen=True)
class SessionRecord:
    id: int
    user_id: int
    kind: SessionKind
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    ip: str | None
    user_agent: str
    revoked_at: datetime | None = None

    def live(self, now: datetime, idle_since: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now and self.last_used_at > idle_since

    def idle_expires_at(self, idle: timedelta) -> datetime:
        return min(self.expires_at, self.last_used_at + idle)


_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/")),
    ("Firefox", re.compile(r"\bFirefox/")),
    ("Chrome", re.compile(r"\b(Chrome|CriOS)/")),
    ("Safari", re.compile(r"\bSafari/")),
    ("curl", re.compile(r"^curl/")),
    ("Python", re.compile(r"^python-|\bhttpx/|\baiohttp/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("Linux", re.compile(r"Linux|X11")),
)


def agent_family(user_agent: str) -> str:
    """The browser or client family of a User-Agent ("Firefox", "curl", ...), "Other" when unknown."""
    return next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), "Other" if user_agent else "")


def describe_agent(user_agent: str) -> str:
    """A short human description ("Firefox on Linux"), never the raw header."""
    family = agent_family(user_agent)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), "")
    if not family:
        return "Unknown client"
    return f"{family} on {system}" if system else family
