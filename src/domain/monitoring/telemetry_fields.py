"""The fields of a telemetry item: their caps, why an item is refused or adjusted, and the reader that enforces
them (one field at a time, so each item is judged on its own)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from .grouping import Frame

MAX_CLOCK_SKEW = timedelta(days=1)  # further off is clamped to server time and flagged
MAX_FRAMES = 50
MAX_BREADCRUMBS = 30
MAX_BREADCRUMB_BYTES = 1_024
MAX_API_CALLS = 50
MAX_FINGERPRINT = 10
TEXT = {
    "session_id": 128,
    "url": 2_048,
    "title": 300,
    "message": 2_000,
    "type": 200,
    "release": 100,
    "filename": 500,
    "function": 200,
    "module": 200,
    "context_line": 300,
    "user_agent": 1_000,
    "route": 300,
    "fingerprint": 200,
    "referrer": 2_048,
    "at": 64,
}
TRUNCATED = {"message", "title", "url", "context_line", "referrer"}  # cut to length and flagged; others refused


class TelemetryRejection(StrEnum):
    """Why an item of a batch was not stored; `status` in the answer is the HTTP status it would have had."""

    INVALID_ITEM = "invalid_item"
    UNKNOWN_KIND = "unknown_kind"
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"
    UNKNOWN_USER = "unknown_user"
    NOT_YOUR_SESSION = "not_your_session"  # 403: a learner may only send their own telemetry
    CONSENT_REQUIRED = "consent_required"  # 403: no session_recording consent, the replay is not stored
    REPLAY_FULL = "replay_full"  # 413: the session's replay reached its cap


STATUS = {
    TelemetryRejection.NOT_YOUR_SESSION: 403,
    TelemetryRejection.CONSENT_REQUIRED: 403,
    TelemetryRejection.REPLAY_FULL: 413,
}


class TelemetryAdjustment(StrEnum):
    """An item stored, but not quite as sent."""

    CLAMPED_TIME = "clamped_time"  # `at` more than a day off: server time used
    TRUNCATED = "truncated"  # a field, the stack, the breadcrumbs or the replay cut to its cap


class ItemError(ValueError):
    def __init__(self, code: TelemetryRejection, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


class FieldReader:
    def __init__(self, raw: Mapping[str, Any], adjusted: list[tuple[TelemetryAdjustment, str]]):
        self.raw, self.adjusted = raw, adjusted

    def text(self, key: str, required: bool = False, raw: Mapping[str, Any] | None = None) -> str:
        value = (self.raw if raw is None else raw).get(key)
        if value is None or (required and isinstance(value, str) and not value.strip()):
            if required:
                raise ItemError(TelemetryRejection.MISSING_FIELD, f"{key} is required")
            return ""
        if not isinstance(value, str):
            raise ItemError(TelemetryRejection.INVALID_FIELD, f"{key} must be a string")
        if "\x00" in value:
            raise ItemError(TelemetryRejection.INVALID_FIELD, f"{key} holds a NUL character")
        cap = TEXT[key]
        if len(value) > cap:
            if key not in TRUNCATED:
                raise ItemError(TelemetryRejection.INVALID_FIELD, f"{key} is longer than {cap} characters")
            self.adjusted.append((TelemetryAdjustment.TRUNCATED, f"{key} cut to {cap} characters"))
            value = value[:cap]
        return value

    def number(self, key: str, lo: int, hi: int, raw: Mapping[str, Any] | None = None) -> int | None:
        value = (self.raw if raw is None else raw).get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # performance.now() and friends send 1234.0
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ItemError(TelemetryRejection.INVALID_FIELD, f"{key} must be a whole number from {lo} to {hi}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            raise ItemError(TelemetryRejection.INVALID_FIELD, f"{key} must be true or false")
        return value

    def items(self, key: str, cap: int) -> list[Any]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            raise ItemError(TelemetryRejection.INVALID_FIELD, f"{key} must be a list")
        if len(value) > cap:
            self.adjusted.append((TelemetryAdjustment.TRUNCATED, f"{key} cut to {cap} entries"))
        return value[:cap]


def read_moment(r: FieldReader, now: datetime) -> datetime:
    text = r.text("at", required=True) if isinstance(r.raw.get("at"), str) and len(r.raw["at"]) <= 64 else None
    if text is None:
        raise ItemError(
            TelemetryRejection.INVALID_FIELD if "at" in r.raw else TelemetryRejection.MISSING_FIELD,
            "at must be an ISO 8601 date-time with a zone",
        )
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise ValueError(text)
        at = at.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise ItemError(TelemetryRejection.INVALID_FIELD, "at must be an ISO 8601 date-time with a zone") from exc
    if abs(at - now) > MAX_CLOCK_SKEW:
        r.adjusted.append((TelemetryAdjustment.CLAMPED_TIME, f"at {text} is more than a day off; server time used"))
        return now
    return at


def read_frames(r: FieldReader) -> tuple[Frame, ...]:
    frames = []
    for raw in r.items("stack", MAX_FRAMES):
        if not isinstance(raw, Mapping):
            raise ItemError(TelemetryRejection.INVALID_FIELD, "each stack frame must be an object")
        in_app = raw.get("in_app", False)
        if not isinstance(in_app, bool):
            raise ItemError(TelemetryRejection.INVALID_FIELD, "in_app must be true or false")
        frames.append(
            Frame(
                r.text("filename", raw=raw),
                r.text("function", raw=raw),
                r.number("lineno", 0, 10_000_000, raw=raw),
                in_app,
                r.text("module", raw=raw),
                r.text("context_line", raw=raw),
                r.number("colno", 0, 10_000_000, raw=raw),
            )
        )
    return tuple(frames)


def read_breadcrumbs(r: FieldReader) -> tuple[dict[str, Any], ...]:
    kept = []
    for crumb in r.items("breadcrumbs", MAX_BREADCRUMBS):
        if not isinstance(crumb, Mapping):
            raise ItemError(TelemetryRejection.INVALID_FIELD, "each breadcrumb must be an object")
        text = json.dumps(crumb, default=str)
        if len(text) > MAX_BREADCRUMB_BYTES or "\\u0000" in text:
            r.adjusted.append(
                (TelemetryAdjustment.TRUNCATED, f"a breadcrumb over {MAX_BREADCRUMB_BYTES} bytes was left out")
            )
            continue
        kept.append(dict(crumb))
    return tuple(kept)


def read_fingerprint(r: FieldReader) -> tuple[str, ...]:
    value = r.raw.get("fingerprint")
    if value is None:
        return ()
    parts = [value] if isinstance(value, str) else value
    if not isinstance(parts, list) or not 1 <= len(parts) <= MAX_FINGERPRINT:
        raise ItemError(
            TelemetryRejection.INVALID_FIELD, f"fingerprint must be a string or a list of 1-{MAX_FINGERPRINT}"
        )
    return tuple(r.text("fingerprint", raw={"fingerprint": p}) for p in parts)
