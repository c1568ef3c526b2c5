"""The parameters of each operation type, checked, and as the operation row stores them (plain JSON).

A saved search is stored as the filters of `GET users/profiles/` (the accounts module's ProfileSearch), so the
worker selects the same people the search shows."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any

from domain.accounts.learning import EnrollmentStatus
from domain.accounts.model import MAX_REASON, AccountStatus, PlatformRole, SupportPriority
from domain.accounts.search import ProfileFilter, ProfileSearch, SortOrder
from domain.shared.errors import Unprocessable

from .model import OperationType

MAX_SUBJECT = 200
MAX_BODY = 20_000
MAX_COURSES = 50
TEMPLATE_FIELDS = ("first_name", "last_name", "username", "email")
EXPORT_FIELDS = (
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "account_status",
    "platform_role",
    "support_priority",
    "risk_score",
    "last_activity",
    "date_joined",
    "enrollment_count",
    "completion_rate",
    "marketing_consent",
)


class ImportMode(StrEnum):
    CREATE_ONLY = "create_only"
    UPDATE_ONLY = "update_only"
    UPSERT = "upsert"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


def invalid(message: str, field: str) -> Unprocessable:
    return Unprocessable(message, code="invalid_bulk_parameters", details={"field": field})


@dataclass(frozen=True)
class Targets:
    """Who an operation touches: listed ids (sorted, once each), or everyone a saved search finds."""

    user_ids: tuple[int, ...] | None = None
    search: ProfileSearch | None = None

    def __post_init__(self) -> None:
        if (self.user_ids is None) == (self.search is None):
            raise invalid("Give either user_ids or filters.", "user_ids")
        if self.user_ids is not None and not self.user_ids:
            raise invalid("user_ids is empty.", "user_ids")

    @staticmethod
    def of_ids(ids: list[int] | tuple[int, ...]) -> Targets:
        return Targets(user_ids=tuple(sorted(set(ids))))


@dataclass(frozen=True)
class StatusParams:
    targets: Targets
    status: AccountStatus
    reason: str

    def __post_init__(self) -> None:
        if len(self.reason) > MAX_REASON:
            raise invalid(f"reason is longer than {MAX_REASON} characters.", "reason")


@dataclass(frozen=True)
class FieldParams:
    targets: Targets
    support_priority: SupportPriority | None = None
    platform_role: PlatformRole | None = None
    add_courses: tuple[str, ...] = ()
    remove_courses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.support_priority or self.platform_role or self.add_courses or self.remove_courses):
            raise invalid("Name a field to change.", "fields")
        if self.platform_role is PlatformRole.STAFF:
            raise invalid("Staff accounts are made with POST /api/staff/.", "fields.platform_role")
        if len(self.add_courses) + len(self.remove_courses) > MAX_COURSES:
            raise invalid(f"At most {MAX_COURSES} courses.", "fields")
        if set(self.add_courses) & set(self.remove_courses):
            raise invalid("A course is both added and removed.", "fields")


@dataclass(frozen=True)
class NotifyParams:
    targets: Targets
    subject: str
    body: str
    marketing: bool = False  # a marketing message goes only to people who gave marketing consent

    def __post_init__(self) -> None:
        if not 0 < len(self.subject.strip()) <= MAX_SUBJECT or "\n" in self.subject:
            raise invalid(f"subject is one line of 1-{MAX_SUBJECT} characters.", "subject")
        if not 0 < len(self.body.strip()) <= MAX_BODY:
            raise invalid(f"body is 1-{MAX_BODY} characters.", "body")
        for name in ("subject", "body"):
            template_fields(getattr(self, name), name)


@dataclass(frozen=True)
class ExportParams:
    search: ProfileSearch
    fields: tuple[str, ...]
    format: ExportFormat

    def __post_init__(self) -> None:
        unknown = [f for f in self.fields if f not in EXPORT_FIELDS]
        if unknown or not self.fields or len(set(self.fields)) != len(self.fields):
            raise Unprocessable(
                "fields names each exportable field at most once.",
                code="invalid_bulk_parameters",
                details={"field": "fields", "unknown": unknown, "allowed": list(EXPORT_FIELDS)},
            )


@dataclass(frozen=True)
class ImportParams:
    mode: ImportMode
    file_key: str  # where the stored upload is (never its contents)
    file_name: str
    file_format: str  # csv | xlsx
    encoding: str = ""  # what the CSV was read as (utf-8, utf-8-sig, latin-1); xlsx: empty


Params = StatusParams | FieldParams | NotifyParams | ExportParams | ImportParams
PARAMS: dict[OperationType, type[Params]] = {
    OperationType.UPDATE_STATUS: StatusParams,
    OperationType.UPDATE_FIELDS: FieldParams,
    OperationType.NOTIFY: NotifyParams,
    OperationType.EXPORT: ExportParams,
    OperationType.IMPORT_USERS: ImportParams,
}


def template_fields(text: str, where: str) -> list[str]:
    """The `{name}` fields of a template; only TEMPLATE_FIELDS, no attribute or index access, no format spec."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise invalid(f"{where} is not a valid template: {exc}. Write {{{{ and }}}} for braces.", where) from exc
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_FIELDS or spec or conversion:
            raise Unprocessable(
                f"{where} may use only the fields {', '.join(TEMPLATE_FIELDS)}, as {{first_name}}.",
                code="invalid_bulk_parameters",
                details={"field": where, "template_field": name[:50], "allowed": list(TEMPLATE_FIELDS)},
            )
        names.append(name)
    return names


def render(text: str, values: Mapping[str, str]) -> str:
    """A checked template filled in: plain substitution of whole values, nothing else is evaluated."""
    return text.format_map({name: values.get(name, "") for name in TEMPLATE_FIELDS})


# -- storage (plain JSON in the operation row) -------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def encode_search(search: ProfileSearch) -> dict[str, Any]:
    flt = {f.name: _plain(getattr(search.filters, f.name)) for f in fields(search.filters)}
    found = {k: v for k, v in flt.items() if v not in (None, [], False)}
    extra = {"q": search.q, "sort": _plain(search.sort), "inactive_days": search.inactive_days}
    return found | {k: v for k, v in extra.items() if v not in (None, "")}


_FILTER: dict[str, Callable[[Any], Any]] = {
    "statuses": lambda v: frozenset(AccountStatus(x) for x in v),
    "platform_role": PlatformRole,
    "support_priority": SupportPriority,
    "enrollment_status": EnrollmentStatus,
    "course": str,
    "last_active_after": datetime.fromisoformat,
    "last_active_before": datetime.fromisoformat,
    "never_active_counts": bool,
    "risk_min": float,
    "risk_max": float,
    "completion_min": float,
    "completion_max": float,
    "joined_after": datetime.fromisoformat,
    "joined_before": datetime.fromisoformat,
}


def decode_search(data: Mapping[str, Any]) -> ProfileSearch:
    flt = ProfileFilter(**{k: _FILTER[k](v) for k, v in data.items() if k in _FILTER})
    sort = SortOrder(data["sort"]) if data.get("sort") else None
    return ProfileSearch(str(data.get("q", "")), flt, sort, data.get("inactive_days"))


def _encode_targets(t: Targets) -> dict[str, Any]:
    if t.user_ids is not None:
        return {"user_ids": list(t.user_ids)}
    assert t.search is not None
    return {"filters": encode_search(t.search)}


def _decode_targets(data: Mapping[str, Any]) -> Targets:
    if "user_ids" in data:
        return Targets(user_ids=tuple(data["user_ids"]))
    return Targets(search=decode_search(data["filters"]))


def encode(params: Params) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(params):
        value = getattr(params, f.name)
        if isinstance(value, Targets):
            out.update(_encode_targets(value))
        elif isinstance(value, ProfileSearch):
            out["filters"] = encode_search(value)
        elif value is not None:
            out[f.name] = _plain(value)
    return out


def decode(kind: OperationType, data: Mapping[str, Any]) -> Params:
    if kind is OperationType.UPDATE_STATUS:
        return StatusParams(_decode_targets(data), AccountStatus(data["status"]), data.get("reason", ""))
    if kind is OperationType.UPDATE_FIELDS:
        return FieldParams(
            _decode_targets(data),
            SupportPriority(data["support_priority"]) if data.get("support_priority") else None,
            PlatformRole(data["platform_role"]) if data.get("platform_role") else None,
            tuple(data.get("add_courses", ())),
            tuple(data.get("remove_courses", ())),
        )
    if kind is OperationType.NOTIFY:
        return NotifyParams(_decode_targets(data), data["subject"], data["body"], bool(data.get("marketing")))
    if kind is OperationType.EXPORT:
        return ExportParams(decode_search(data["filters"]), tuple(data["fields"]), ExportFormat(data["format"]))
    return ImportParams(
        ImportMode(data["mode"]), data["file_key"], data["file_name"], data["file_format"], data.get("encoding", "")
    )


def audited(params: Params) -> dict[str, Any]:
    """What the audit trail keeps of the parameters: all of them but the stored file's key (never its rows)."""
    data = encode(params)
    data.pop("file_key", None)
    if "user_ids" in data:
        ids = data.pop("user_ids")
        data["user_ids"] = ids if len(ids) <= 100 else {"count": len(ids), "first": ids[:100]}
    return data
