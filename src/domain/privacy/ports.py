"""What the privacy module needs from storage, files and the other modules' data."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.shared.pagination import Page, PageRequest

from .model import ConsentRecord, DataClass, LegalHold, NewConsent, NewRequest, PrivacyRequest, RetentionRun, Stage


class ConsentStore(Protocol):
    def add(self, new: NewConsent) -> ConsentRecord: ...

    def latest(self, user_id: int) -> dict[str, ConsentRecord]:
        """The newest row of each type the person has one of."""
        ...

    def history(self, user_id: int, page: PageRequest) -> Page[ConsentRecord]:
        """Newest first."""
        ...

    def people(self, consent_type: str, granted: bool, among: Collection[int] | None = None) -> set[int]:
        """The people whose newest row of the type says `granted`; only those `among` when it is given (one
        indexed look-up per batch of people, not a pass over every consent row)."""
        ...

    def coverage(self) -> list[tuple[str, str, bool, int]]:
        """(type, version, granted, people) over each living person's newest row of each type, sorted."""
        ...

    def anonymise(self, user_id: int) -> int:
        """Unlink the person's rows (user_id and, where they acted themselves, actor_id become null); how many."""
        ...


@dataclass(frozen=True)
class Subject:
    """The person a privacy use case is about, as the accounts tables hold them."""

    user_id: int
    username: str
    email: str
    first_name: str
    is_staff: bool
    marketing_consent: bool
    data_consent_date: datetime | None


class Subjects(Protocol):
    def get(self, user_id: int) -> Subject | None: ...

    def project_consents(self, user_id: int, marketing: bool, data_consent_date: datetime | None) -> None:
        """Keep the profile's marketing_consent and data_consent_date in step with the consent rows."""
        ...

    def retention_due(self, now: datetime, limit: int) -> list[tuple[int, datetime]]:
        """Learners (not staff) whose data_retention_date is on or before `now`, with that date, by id."""
        ...


class RequestStore(Protocol):
    def add(self, new: NewRequest) -> PrivacyRequest | None:
        """Store a new request; None when the person has an open one (OPEN) of that kind already."""
        ...

    def get(self, request_id: int) -> PrivacyRequest | None: ...

    def get_for_update(self, request_id: int) -> PrivacyRequest | None: ...

    def save(self, request: PrivacyRequest) -> None: ...

    def search(self, stage: Stage | None, user_id: int | None, page: PageRequest) -> Page[PrivacyRequest]:
        """Newest first."""
        ...

    def in_stage(self, stages: Collection[Stage], limit: int) -> list[PrivacyRequest]:
        """Requests in any of the stages, oldest first."""
        ...

    def counts(self, kind: str) -> dict[Stage, int]: ...


class HoldStore(Protocol):
    def add(self, user_id: int, reason: str, by: int, at: datetime, ends_at: datetime | None) -> LegalHold: ...

    def get_for_update(self, hold_id: int) -> LegalHold | None: ...

    def save(self, hold: LegalHold) -> None: ...

    def held(self, now: datetime) -> set[int]:
        """The people under an active hold."""
        ...

    def search(self, user_id: int | None, page: PageRequest) -> Page[LegalHold]:
        """Newest first."""
        ...


class RetentionRuns(Protocol):
    def add(self, run: RetentionRun) -> RetentionRun:
        """Store the run (its id is given here)."""
        ...

    def search(self, page: PageRequest) -> Page[RetentionRun]:
        """Newest first."""
        ...


AREAS = (
    "profile",
    "enrolments",
    "activity",
    "tickets",
    "consents",
    "security_events",
    "sessions",
    "impersonation_sessions",
    "audit",
)


class PersonalData(Protocol):
    """A person's data, area by area (AREAS), as plain JSON-ready rows: what an export holds."""

    def rows(self, area: str, user_id: int, chunk: int) -> Iterator[list[dict[str, Any]]]:
        """The area's rows, `chunk` at a time, streamed. Tickets hold their public updates, never internal notes."""
        ...


class Anonymiser(Protocol):
    """What erasure does to the tables, in the caller's unit of work."""

    def delete_activity(self, user_id: int, limit: int) -> int:
        """Delete up to `limit` of the person's activity rows; how many (0: none left)."""
        ...

    def anonymise(self, user_id: int, pseudonym: str) -> dict[str, int]:
        """Replace the person's identity (username and e-mail from `pseudonym`, names blank, password unusable,
        inactive), end their tokens, sessions and MFA, delete their enrolments, recordings and monitoring
        sessions, keep their tickets with free text redacted, reduce their security events to type and time,
        and scrub impersonation sessions and outbox rows that named them. Rows touched per area."""
        ...


class LearnerAnalytics(Protocol):
    """The analytics module's rollups and scores (AnalyticsService)."""

    def forget_learner(self, user_id: int) -> None:
        """Take the person out of every rollup and score, in the caller's unit of work (analytics consent
        withdrawn, or the person erased)."""
        ...


class Recordings(Protocol):
    """The person's stored session replays (the monitoring module's store)."""

    def delete_replays(self, user_id: int) -> int: ...


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int


class ZipSink(Protocol):
    def write(self, name: str, chunks: Iterator[bytes]) -> None: ...

    def close(self) -> StoredFile: ...


class ExportFiles(Protocol):
    """ZIP files of privacy exports (under PRIVACY_FILES_DIR, shared by web and worker processes)."""

    def sink(self, request_id: int) -> ZipSink: ...

    def open(self, key: str) -> Iterator[bytes] | None: ...

    def delete(self, key: str) -> None: ...


class RetentionStore(Protocol):
    """Rows of a data class last touched before a cutoff, the held people's left alone."""

    def count(self, data_class: DataClass, before: datetime, held: Collection[int]) -> int: ...

    def purge(self, data_class: DataClass, before: datetime, held: Collection[int], limit: int) -> int:
        """Delete up to `limit` such rows (and their files); how many."""
        ...


class ReportQueries(Protocol):
    """Aggregates the compliance reports need that no other port gives."""

    def admin_actions(self, since: datetime, until: datetime) -> list[tuple[int | None, str, int]]:
        """(actor id, action, entries) of staff actions in [since, until), by actor then action."""
        ...

    def names(self, user_ids: Collection[int]) -> dict[int, tuple[str, str, str]]:
        """(username, full name or "", e-mail) of each of these people who exists (staff and learners alike)."""
        ...
