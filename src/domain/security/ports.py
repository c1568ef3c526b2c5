"""What the security module needs from storage and from the people directory. Storage only: every rule (windows,
delays, thresholds, de-duplication periods) is the domain's and reaches the adapters as plain values."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Role

from .detection.facts import Known, Mark
from .mfa import Enrolment, NewResetRequest, ResetFilter, ResetRequest
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
        """The account a login name names, matched as the login itself matches it (exactly: an indexed lookup on
        every attempt), whatever its status."""
        ...

    def get(self, user_id: int) -> Person | None: ...

    def emails_of(self, roles: Collection[Role]) -> list[str]:
        """The addresses of active accounts holding any of `roles`: distinct, non-empty, sorted."""
        ...


Stored = tuple[str, datetime]  # a value and when it expires


class ThrottleStore(Protocol):
    """Short-lived values by key (login failure tallies, one-time unblock links), each with its own expiry. An
    expired value is never returned: it is as good as absent. The database by default, Redis with REDIS_URL."""

    def read(self, keys: Sequence[str]) -> dict[str, str]:
        """The live values among `keys`."""
        ...

    def change(self, key: str, update: Callable[[str | None], Stored | None]) -> None:
        """Atomically replace the key's live value (None when absent) with `update(value)`, or remove it when
        that is None. Two concurrent changes of one key see each other's result, never the same old value."""
        ...

    def put_all(self, values: Mapping[str, Stored]) -> None:
        """Set each key's value and expiry, replacing what it held, in one write (a bulk import's invitation
        links: new random keys, so no update function is needed)."""
        ...

    def take(self, key: str) -> str | None:
        """Remove the key and return its live value: of two concurrent takes, one gets it."""
        ...

    def forget(self, keys: Sequence[str] = (), prefix: str = "") -> None:
        """Remove `keys`, and every key starting with `prefix` when one is given."""
        ...

    def purge(self) -> int:
        """Drop expired values (where the storage does not expire them itself); how many went."""
        ...


@dataclass(frozen=True)
class Account:
    """Whose password it is: what the policy checks it against, and where a reset link goes."""

    id: int
    username: str
    email: str
    name: str = ""


class PasswordAccounts(Protocol):
    """Where passwords live (the identity directory): storage and hashing only, every rule is the domain's."""

    def account(self, user_id: int) -> Account | None:
        """An active account, else None."""
        ...

    def find(self, login: str) -> Account | None:
        """The active account whose username is `login` (exactly), else the one whose e-mail it is (in any case,
        and only when exactly one active account has it)."""
        ...

    def verify(self, user_id: int, password: str) -> bool:
        """Whether `password` is the account's current password (one hash, whatever the answer)."""
        ...

    def set_password(self, user_id: int, password: str) -> None:
        """Store the password (hashed) in the caller's transaction."""
        ...


class PasswordHistory(Protocol):
    """A person's previous passwords, hashed."""

    def add(self, user_id: int, password: str, at: datetime, keep: int) -> None:
        """Remember the password (hashed), keeping only the person's `keep` newest."""
        ...

    def contains(self, user_id: int, password: str, last: int) -> bool:
        """Whether the password is one of the person's `last` newest remembered ones."""
        ...


class LoginHistory(Protocol):
    """What the detection rules remember per person: devices and networks seen at successful logins, and password
    and MFA resets (detection.facts.Mark). Storage only: what is "known" (the period, the baseline) is the rules'."""

    def known(self, user_id: int, since: datetime) -> Known:
        """The person's marks last seen at or after `since`, in one indexed lookup (it runs on every login)."""
        ...

    def remember(self, user_id: int, marks: Sequence[Mark]) -> None:
        """Store the marks in the caller's transaction, in one statement: per (person, kind, value) the earliest
        first_seen and the latest last_seen are kept."""
        ...

    def forget_before(self, before: datetime) -> int:
        """Drop the marks last seen before `before` (a periodic task); how many went."""
        ...


class DeviceClassifier(Protocol):
    def family(self, user_agent: str) -> str:
        """The device family a user agent names, browser and OS without versions ("Mobile Safari/iOS"); "Other/Other"
        when it names none."""
        ...


class SecretBox(Protocol):
    """Encrypts secrets kept at rest (TOTP secrets): Fernet under MFA_ENCRYPTION_KEY in production."""

    def seal(self, plain: str) -> str: ...

    def open(self, sealed: str) -> str:
        """The plain secret; raises ValueError when the text was not sealed under a key the box holds."""
        ...


class MfaStore(Protocol):
    """People's TOTP enrolments (one each, the secret sealed) and their recovery codes (digests only)."""

    def get(self, user_id: int) -> Enrolment | None: ...

    def confirmed_among(self, user_ids: Collection[int]) -> set[int]:
        """Those of `user_ids` with a confirmed enrolment, in one read (a page of staff, not one query each)."""
        ...

    def get_for_update(self, user_id: int) -> Enrolment | None:
        """The enrolment, locked until the caller's transaction ends."""
        ...

    def save(self, enrolment: Enrolment) -> None:
        """Create or replace the person's enrolment (secret, created_at, confirmed_at, last_step)."""
        ...

    def delete(self, user_id: int) -> bool:
        """Remove the enrolment and every recovery code of the person; whether there was an enrolment."""
        ...

    def accept_step(self, user_id: int, step: int) -> bool:
        """Record `step` as the last accepted time step when it is later than the stored one (or none is stored):
        atomically, so that of two concurrent uses of one code exactly one is True."""
        ...

    def replace_codes(self, user_id: int, digests: Sequence[str], at: datetime) -> None:
        """The person's recovery codes become these (every earlier one stops working)."""
        ...

    def use_code(self, user_id: int, digest: str, at: datetime) -> bool:
        """Mark the unused code used; True only for the one call that did (a used or unknown code is False)."""
        ...

    def codes_left(self, user_id: int) -> int: ...


class MfaResetRequests(Protocol):
    """Admin MFA resets: requested, and (for staff) approved by a second admin."""

    def add(self, new: NewResetRequest) -> ResetRequest: ...

    def get_for_update(self, request_id: int) -> ResetRequest | None: ...

    def save(self, request: ResetRequest) -> None:
        """Store a request's outcome (status, approved_by, approved_at)."""
        ...

    def pending_for(self, user_id: int, now: datetime) -> ResetRequest | None:
        """The person's pending request that has not expired at `now`, if any."""
        ...

    def search(self, flt: ResetFilter, now: datetime, page: PageRequest) -> Page[ResetRequest]:
        """Newest first by id (RESETS_CURSOR); the status filter reads expiry against `now`."""
        ...
