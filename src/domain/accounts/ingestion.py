"""Validation of events pushed in by platform services: each item on its own."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from .learning import LearningEventKind
from .model import Severity

MAX_BATCH = 1000
MAX_DATA_BYTES = 16_384
MAX_FUTURE = timedelta(days=1)  # clocks of platform services drift; further ahead is a bug or poison
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
# the longest text and the range of each number an item may hold
MAX_LENGTH = {
    "timestamp": 64,
    "ip_address": 45,
    "event_id": 100,
    "session_id": 255,
    "user_agent": 512,
    "activity_type": 100,
    "course": 50,
    "course_title": 200,
    "course_module": 100,
}
RANGE = {"user_id": (1, 2**63 - 1), "progress": (0, 100), "time_spent": (0, 7 * 24 * 3600)}
TYPE_RE = re.compile(r"^[a-z][a-z0-9_.:-]{0,99}$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,49}$")
SECURITY_PREFIX = "security."
MAX_DESCRIPTION = 2000

SEVERITIES = {s.value: s for s in Severity}
SECURITY_SEVERITY = {
    "security.login_failed": Severity.LOW,
    "security.password_reset_requested": Severity.LOW,
    "security.mfa_enabled": Severity.LOW,
    "security.password_changed": Severity.MEDIUM,
    "security.new_device": Severity.MEDIUM,
    "security.mfa_disabled": Severity.HIGH,
    "security.account_locked": Severity.HIGH,
    "security.suspicious_login": Severity.HIGH,
}


class Rejection(StrEnum):
    """Why an item of a batch was not stored."""

    INVALID_ITEM = "invalid_item"  # not an object
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"
    UNKNOWN_USER = "unknown_user"
    UNKNOWN_COURSE = "unknown_course"


class ItemError(ValueError):
    def __init__(self, code: Rejection, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Common:
    user_id: int
    timestamp: datetime
    event_id: str | None
    session_id: str
    ip_address: str | None
    user_agent: str


@dataclass(frozen=True)
class SecurityEvent:
    """What a security.* activity records besides itself."""

    event_type: str
    severity: Severity
    description: str


@dataclass(frozen=True)
class ActivityItem:
    common: Common
    activity_type: str
    activity_data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def security_event(self) -> SecurityEvent | None:
        """For a security.* type: the severity the service gave if it is one we know, else ours for the type
        (medium for a type we do not know), and its description or the type in words."""
        if not self.activity_type.startswith(SECURITY_PREFIX):
            return None
        given = self.activity_data.get("severity")
        known = SEVERITIES.get(given) if isinstance(given, str) else None
        severity = known or SECURITY_SEVERITY.get(self.activity_type, Severity.MEDIUM)
        name = self.activity_type.removeprefix(SECURITY_PREFIX)
        description = str(self.activity_data.get("description", name.replace("_", " ")))[:MAX_DESCRIPTION]
        return SecurityEvent(name, severity, description)


@dataclass(frozen=True)
class LearningItem:
    common: Common
    course: str
    course_title: str | None
    event: LearningEventKind
    progress: int | None
    time_spent: int
    course_module: str | None = None  # the module or step of the course the event happened in

    @property
    def activity_type(self) -> str:
        return f"course.{self.event.value}"

    @property
    def activity_data(self) -> dict[str, Any]:
        """What the activity log keeps of a learning event."""
        data: dict[str, Any] = {"course": self.course, "progress": self.progress, "time_spent": self.time_spent}
        if self.course_module:
            data["course_module"] = self.course_module
        return data


Item = ActivityItem | LearningItem


def _str(raw: Mapping[str, Any], key: str, required: bool = False) -> str:
    max_len = MAX_LENGTH[key]
    value = raw.get(key)
    if value is None:
        if required:
            raise ItemError(Rejection.MISSING_FIELD, f"{key} is required")
        return ""
    if not isinstance(value, str):
        raise ItemError(Rejection.INVALID_FIELD, f"{key} must be a string")
    if len(value) > max_len:
        raise ItemError(Rejection.INVALID_FIELD, f"{key} is longer than {max_len} characters")
    if required and not value.strip():
        raise ItemError(Rejection.MISSING_FIELD, f"{key} is required")
    return value


def _int(raw: Mapping[str, Any], key: str, required: bool = False) -> int | None:
    lo, hi = RANGE[key]
    value = raw.get(key)
    if value is None:
        if required:
            raise ItemError(Rejection.MISSING_FIELD, f"{key} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ItemError(Rejection.INVALID_FIELD, f"{key} must be a whole number from {lo} to {hi}")
    return value


def _common(raw: Mapping[str, Any], now: datetime) -> Common:
    user_id = _int(raw, "user_id", required=True)
    ts_raw = _str(raw, "timestamp", required=True)
    try:
        ts = datetime.fromisoformat(ts_raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ItemError(Rejection.INVALID_FIELD, "timestamp must be an ISO 8601 date-time") from exc
    if ts.tzinfo is None:
        raise ItemError(Rejection.INVALID_FIELD, "timestamp needs a time zone (e.g. Z)")
    try:
        ts = ts.astimezone(UTC)  # 0001-01-01T00:00:00+14:00 is year 0 in UTC: refused here, not on every read
    except OverflowError as exc:
        raise ItemError(Rejection.INVALID_FIELD, "timestamp is out of range") from exc
    if ts < EARLIEST:
        raise ItemError(Rejection.INVALID_FIELD, "timestamp is before 1970")
    if ts > now + MAX_FUTURE:
        raise ItemError(Rejection.INVALID_FIELD, "timestamp is more than a day in the future")
    ip = _str(raw, "ip_address") or None
    if ip is not None:
        try:
            ip = str(ipaddress.ip_address(ip))
        except ValueError as exc:
            raise ItemError(Rejection.INVALID_FIELD, "ip_address is not an IP address") from exc
    assert user_id is not None
    return Common(
        user_id=user_id,
        timestamp=ts,
        event_id=_str(raw, "event_id") or None,
        session_id=_str(raw, "session_id"),
        ip_address=ip,
        user_agent=_str(raw, "user_agent"),
    )


def parse_item(raw: Any, now: datetime) -> Item:
    """One validated item, or ItemError saying what is wrong with it."""
    if not isinstance(raw, Mapping):
        raise ItemError(Rejection.INVALID_ITEM, "each event must be an object")
    kind = raw.get("kind")
    common = _common(raw, now)
    if kind == "activity":
        activity_type = _str(raw, "activity_type", required=True)
        if not TYPE_RE.match(activity_type):
            raise ItemError(Rejection.INVALID_FIELD, "activity_type must be lower-case letters, digits and _.:-")
        data = raw.get("activity_data", {})
        if not isinstance(data, Mapping):
            raise ItemError(Rejection.INVALID_FIELD, "activity_data must be an object")
        if len(json.dumps(data, default=str)) > MAX_DATA_BYTES:
            raise ItemError(Rejection.INVALID_FIELD, f"activity_data is larger than {MAX_DATA_BYTES} bytes")
        return ActivityItem(common, activity_type, dict(data))
    if kind == "learning":
        course = _str(raw, "course", required=True)
        if not CODE_RE.match(course):
            raise ItemError(Rejection.INVALID_FIELD, "course must be a course code (letters, digits and _.:-)")
        try:
            event = LearningEventKind(str(raw.get("event")))
        except ValueError as exc:
            allowed = ", ".join(k.value for k in LearningEventKind)
            raise ItemError(Rejection.INVALID_FIELD, f"event must be one of {allowed}") from exc
        progress = _int(raw, "progress")
        time_spent = _int(raw, "time_spent") or 0
        title = _str(raw, "course_title") or None
        module = _str(raw, "course_module").strip() or None
        return LearningItem(common, course, title, event, progress, time_spent, module)
    raise ItemError(Rejection.INVALID_FIELD, "kind must be 'activity' or 'learning'")


@dataclass(frozen=True)
class Rejected:
    index: int
    code: Rejection
    reason: str


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: tuple[int, ...]
    rejected: tuple[Rejected, ...]
