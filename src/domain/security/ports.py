"""What the security module needs from storage and from the people directory. Storage only: every rule (windows,
de-duplication periods) is the domain's and reaches the adapters as plain values."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Role

from .model import EventFilter, NewSecurityEvent, SecurityEvent


class SecurityEventStore(Protocol):
    def add(self, events: Sequence[NewSecurityEvent]) -> list[SecurityEvent]:
        """Store the events in the caller's transaction; the stored events, with their ids, in the same order."""
        ...

    def get_for_update(self, event_id: int) -> SecurityEvent | None: ...

    def save(self, event: SecurityEvent) -> None:
        """Store an event's resolution (resolved, resolved_by, resolved_at, resolution_note)."""
        ...

    def search(self, flt: EventFilter, page: PageRequest) -> Page[SecurityEvent]:
        """Newest first by (timestamp, id), keyset-paginated with EVENTS_CURSOR."""
        ...

    def claim_alert(self, key: str, at: datetime, not_before: datetime) -> bool:
        """Record that an alert for `key` goes out `at`, unless one was recorded after `not_before`. True
        when this call recorded it; of two concurrent claims only one is True."""
        ...


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    email: str


class SecurityDirectory(Protocol):
    def by_login(self, username: str) -> Person | None:
        """The account a login name names (case-insensitively), whatever its status."""
        ...

    def get(self, user_id: int) -> Person | None: ...

    def emails_of(self, roles: Collection[Role]) -> list[str]:
        """The addresses of active accounts holding any of `roles`: distinct, non-empty, sorted."""
        ...
