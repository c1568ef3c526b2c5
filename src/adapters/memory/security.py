"""In-memory security storage: events, alert claims, throttle values and the directory lookups. Storage only: the
filter semantics are EventFilter.matches, every window and threshold is the domain's."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime

from domain.security.detection.facts import Known, Mark, MarkKind
from domain.security.model import EVENTS_CURSOR, EventFilter, NewSecurityEvent, SecurityEvent
from domain.security.ports import Person, Stored
from domain.shared.clock import Clock
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Role

from .accounts import InMemoryAccounts
from .identity import InMemoryIdentityDirectory


class InMemorySecurityEvents:
    """SecurityEventStore over a list."""

    def __init__(self) -> None:
        self.events: list[SecurityEvent] = []
        self.alerts: dict[str, datetime] = {}

    def add(self, events: Sequence[NewSecurityEvent]) -> list[SecurityEvent]:
        stored = [SecurityEvent.stored(len(self.events) + i + 1, e) for i, e in enumerate(events)]
        self.events.extend(stored)
        return stored

    def get_for_update(self, event_id: int) -> SecurityEvent | None:
        return next((e for e in self.events if e.id == event_id), None)

    def save(self, event: SecurityEvent) -> None:
        self.events = [event if e.id == event.id else e for e in self.events]

    def search(self, flt: EventFilter, page: PageRequest) -> Page[SecurityEvent]:
        after = page.after(EVENTS_CURSOR)
        rows = sorted((e for e in self.events if flt.matches(e)), key=lambda e: (e.timestamp, e.id), reverse=True)
        if after is not None:
            rows = [e for e in rows if (e.timestamp, e.id) < after]
        return page_from_rows(rows[: page.limit + 1], page, EVENTS_CURSOR, lambda e: [e.timestamp, e.id])

    def claim_alert(self, key: str, at: datetime, not_before: datetime) -> bool:
        last = self.alerts.get(key)
        if last is not None and last > not_before:
            return False
        self.alerts[key] = at
        return True

    # -- for tests ---------------------------------------------------------------------------------
    def of_user(self, user_id: int) -> list[SecurityEvent]:
        return [e for e in self.events if e.user_id == user_id]


class InMemoryThrottleStore:
    """ThrottleStore over a dict of (value, expires_at), read against the clock. Not rolled back with a unit of
    work (the harness keeps it out of the unit of work's stores, as Redis is out of the database's transaction)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.values: dict[str, Stored] = {}

    def _live(self, key: str) -> str | None:
        hit = self.values.get(key)
        return hit[0] if hit is not None and hit[1] > self.clock.now() else None

    def read(self, keys: Sequence[str]) -> dict[str, str]:
        return {k: v for k in keys if (v := self._live(k)) is not None}

    def change(self, key: str, update: Callable[[str | None], Stored | None]) -> None:
        new = update(self._live(key))
        if new is None:
            self.values.pop(key, None)
        else:
            self.values[key] = new

    def put_all(self, values: Mapping[str, Stored]) -> None:
        self.values.update(values)

    def take(self, key: str) -> str | None:
        value = self._live(key)
        self.values.pop(key, None)
        return value

    def forget(self, keys: Sequence[str] = (), prefix: str = "") -> None:
        for key in [*keys, *(k for k in self.values if prefix and k.startswith(prefix))]:
            self.values.pop(key, None)

    def purge(self) -> int:
        now = self.clock.now()
        gone = [k for k, (_, expires) in self.values.items() if expires <= now]
        for key in gone:
            del self.values[key]
        return len(gone)


class InMemorySecurityDirectory:
    """SecurityDirectory over the harness's staff identities and learner people."""

    def __init__(self, identities: InMemoryIdentityDirectory, people: InMemoryAccounts | None = None) -> None:
        self.identities = identities
        self.people = people

    def by_login(self, username: str) -> Person | None:
        for identity in self.identities.identities.values():
            if identity.username == username:
                return Person(identity.id, identity.username, identity.email)
        for uid, person in self.people.people.items() if self.people else ():
            if person.username == username:
                return Person(uid, person.username, person.email)
        return None

    def get(self, user_id: int) -> Person | None:
        identity = self.identities.get(user_id)
        if identity is not None:
            return Person(identity.id, identity.username, identity.email)
        person = self.people.people.get(user_id) if self.people else None
        return Person(user_id, person.username, person.email) if person else None

    def emails_of(self, roles: Collection[Role]) -> list[str]:
        wanted = set(roles)
        return sorted(
            {i.email for i in self.identities.identities.values() if i.is_active and i.email and i.roles & wanted}
        )


class InMemoryPasswordHistory:
    """PasswordHistory over a list per person, newest last (the harness keeps passwords as they are)."""

    def __init__(self) -> None:
        self.entries: dict[int, list[str]] = {}

    def add(self, user_id: int, password: str, at: datetime, keep: int) -> None:
        kept = [*self.entries.get(user_id, []), password]
        self.entries[user_id] = kept[-keep:] if keep else []

    def contains(self, user_id: int, password: str, last: int) -> bool:
        return last > 0 and password in self.entries.get(user_id, [])[-last:]


class InMemoryLoginHistory:
    """LoginHistory over a dict per person, keyed by (kind, value)."""

    def __init__(self) -> None:
        self.marks: dict[int, dict[tuple[MarkKind, str], Mark]] = {}

    def known(self, user_id: int, since: datetime) -> Known:
        return Known(tuple(m for m in self.marks.get(user_id, {}).values() if m.last_seen >= since))

    def remember(self, user_id: int, marks: Sequence[Mark]) -> None:
        theirs = self.marks.setdefault(user_id, {})
        for mark in marks:
            old = theirs.get((mark.kind, mark.value))
            if old is not None:
                first, last = min(old.first_seen, mark.first_seen), max(old.last_seen, mark.last_seen)
                mark = Mark(mark.kind, mark.value, first, last)
            theirs[(mark.kind, mark.value)] = mark

    def forget_before(self, before: datetime) -> int:
        gone = 0
        for theirs in self.marks.values():
            old = [k for k, m in theirs.items() if m.last_seen < before]
            for key in old:
                del theirs[key]
            gone += len(old)
        return gone
