"""What the bulk module needs from storage, files and the other modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.accounts.model import Profile
from domain.accounts.ports import NewLearner
from domain.accounts.search import SearchCriteria
from domain.security.ports import Account
from domain.shared.pagination import Page, PageRequest
from domain.shared.principal import Principal

from .model import BulkOperation, OperationStatus, OperationType, RowChange, RowError


@dataclass(frozen=True)
class OperationFilter:
    operation_type: OperationType | None = None
    status: OperationStatus | None = None
    created_by: int | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class NewOperation:
    operation_type: OperationType
    created_by: int
    parameters: dict[str, Any]
    dry_run: bool
    total_items: int
    status: OperationStatus
    created_at: datetime


class OperationStore(Protocol):
    def add(self, new: NewOperation) -> BulkOperation | None:
        """Store a new operation; None when the person already has an active one of this type."""
        ...

    def get(self, operation_id: int) -> BulkOperation | None: ...

    def get_for_update(self, operation_id: int) -> BulkOperation | None:
        """The operation, locked until the caller's transaction ends (one worker per batch)."""
        ...

    def save(self, operation: BulkOperation) -> None: ...

    def active_of(self, created_by: int, kind: OperationType) -> BulkOperation | None: ...

    def search(self, flt: OperationFilter, page: PageRequest) -> Page[BulkOperation]:
        """Newest first."""
        ...

    def stalled(self, beat_before: datetime) -> list[int]:
        """Pending or running operations whose heartbeat (or creation) is older than `beat_before`."""
        ...

    def add_errors(self, operation_id: int, errors: Sequence[RowError]) -> None: ...

    def errors(self, operation_id: int, page: PageRequest) -> Page[RowError]:
        """In the order they were found."""
        ...

    def all_errors(self, operation_id: int) -> Iterator[RowError]: ...

    def add_changes(self, operation_id: int, changes: Sequence[RowChange]) -> None:
        """A dry run's changed rows, in the caller's unit of work (with the batch's checkpoint)."""
        ...

    def changes(self, operation_id: int, page: PageRequest) -> Page[RowChange]:
        """In the order they were added."""
        ...


@dataclass(frozen=True)
class Person:
    user_id: int
    username: str
    email: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class PersonNames:
    user_id: int
    first_name: str
    last_name: str


class BulkAccounts(Protocol):
    """The accounts tables as batches need them: storage only, every rule is the domain's."""

    def count(self, criteria: SearchCriteria) -> int: ...

    def select_ids(self, criteria: SearchCriteria, after_id: int, limit: int) -> list[int]:
        """The ids the search finds, above `after_id`, ascending."""
        ...

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]: ...

    def save_profiles(self, profiles: Sequence[Profile]) -> None:
        """Store what a bulk operation changes in these profiles (account_status, status_reason, support_priority,
        platform_role) with their new status changes, in a few statements per batch; keep each login account's
        is_active in step."""
        ...

    def people(self, user_ids: Iterable[int]) -> dict[int, Person]: ...

    def match(self, emails: Iterable[str], usernames: Iterable[str]) -> list[Person]:
        """People whose e-mail or username (case-insensitive) is one of those given."""
        ...

    def create(self, news: Sequence[NewLearner], at: datetime) -> list[int]:
        """New accounts with no usable password, in order; their ids."""
        ...

    def rename(self, names: Sequence[PersonNames]) -> None: ...

    def course_ids(self, codes: Iterable[str]) -> dict[str, int]: ...

    def enrolled(self, user_ids: Iterable[int]) -> dict[int, dict[int, bool]]:
        """Each person's enrolments: course id -> whether it is live (not dropped)."""
        ...

    def enrol(self, pairs: Sequence[tuple[int, int]], at: datetime) -> None:
        """New enrolments, or a dropped one taken up again; a new one counts in the profile's enrollment_count."""
        ...

    def drop(self, pairs: Sequence[tuple[int, int]]) -> None: ...

    def export_rows(
        self, criteria: SearchCriteria, fields: Sequence[str], chunk: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The search's people by id, `fields` of each, `chunk` rows at a time, streamed from the database."""
        ...

    def export_csv(self, criteria: SearchCriteria, fields: Sequence[str], chunk: int) -> Iterator[tuple[int, bytes]]:
        """The same rows as CSV lines with no header, each cell as exporting.csv_cell writes it (formulas escaped),
        about `chunk` rows at a time with their count. PostgreSQL renders them itself (COPY ... TO STDOUT)."""
        ...


class Upload(Protocol):
    """A file a client sent."""

    @property
    def name(self) -> str: ...

    @property
    def size(self) -> int: ...

    def chunks(self) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class Sheet:
    """An import file as read: its header, its format and encoding, and its non-blank rows (the row's number in
    the file, the header being row 1, and its cells)."""

    header: list[str]
    file_format: str
    encoding: str
    rows: Iterator[tuple[int, list[str]]]
    close: Callable[[], None]  # for a reader that leaves before the end of the rows


@dataclass(frozen=True)
class StoredExport:
    key: str
    rows: int
    size: int


class ExportSink(Protocol):
    def write(self, rows: Sequence[Sequence[Any]]) -> None: ...

    def close(self) -> StoredExport: ...


class CsvExportSink(Protocol):
    def write_csv(self, data: bytes, rows: int) -> None:
        """CSV lines already rendered (BulkAccounts.export_csv), appended as they are."""
        ...

    def close(self) -> StoredExport: ...


class BulkFiles(Protocol):
    """Uploaded import files and export files, under the server's var directory."""

    def store_upload(self, upload: Upload) -> str:
        """Keep the upload; its key."""
        ...

    def sheet(self, key: str, name: str) -> Sheet:
        """Read an upload (CSV in UTF-8, UTF-8 with a BOM or Latin-1, delimiter sniffed; or XLSX). Raises
        Unprocessable(invalid_import_file) when it cannot be read or passes a cap (columns, rows, cells, expanded
        size, seconds of reading): the header at once, the rows as they are iterated."""
        ...

    def count_rows(self, key: str, stop_after: int) -> int:
        """The rows under the header without parsing them (lines of a CSV, `<row>` elements of an XLSX): at least
        the rows that hold data, at a cost bounded by the caps; counting may stop once past stop_after."""
        ...

    def export_sink(self, operation_id: int, file_format: str, header: Sequence[str]) -> ExportSink: ...

    def csv_sink(self, operation_id: int, header: Sequence[str]) -> CsvExportSink:
        """A CSV export file (UTF-8 with a BOM, `\\n` line ends) begun with its header."""
        ...

    def open_export(self, key: str) -> Iterator[bytes] | None: ...

    def delete(self, key: str) -> None: ...

    def purge(self, exports_before: datetime, uploads_before: datetime) -> int:
        """Remove exports and uploads last written before these times; how many."""
        ...


class Revoker(Protocol):
    """Ends every token and session of these people at once (the identity module's AuthService)."""

    def revoke_all_access_of(self, user_ids: Sequence[int]) -> int: ...


class Inviter(Protocol):
    """Sends new accounts their invitations with one-time set-password links, in the caller's unit of work
    (`Account.name`: the first name). The security module's PasswordService."""

    def invite_all(self, people: Sequence[Account]) -> None: ...


class ExportAlarm(Protocol):
    """Raises the security event of personal data leaving the system, in the caller's unit of work."""

    def personal_data_export(self, actor: Principal, operation_id: int, rows: int, fields: Sequence[str]) -> None: ...
