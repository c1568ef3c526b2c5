"""Validation of telemetry items from learners' browsers: each item on its own, capped, clamped, flagged."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from .grouping import Frame

MAX_BATCH = 500
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
SESSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
HINTS = ("brands", "mobile", "platform", "platform_version", "model")


class Kind(StrEnum):
    HEARTBEAT = "heartbeat"
    PAGE_VIEW = "page_view"
    CLIENT_ERROR = "client_error"
    PERFORMANCE = "performance"
    DEVICE = "device"
    REPLAY_CHUNK = "replay_chunk"


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


@dataclass
class Item:
    kind: Kind
    session_key: str
    at: datetime
    user_id: int | None
    adjusted: list[tuple[TelemetryAdjustment, str]] = field(default_factory=list)
    url: str = ""
    title: str = ""
    visible: bool = True
    rage_clicks: int = 0
    leaving: bool = False
    referrer: str = ""
    message: str = ""
    error_type: str = ""
    frames: tuple[Frame, ...] = ()
    release: str = ""
    fingerprint: tuple[str, ...] = ()
    breadcrumbs: tuple[dict[str, Any], ...] = ()
    page_load_ms: int | None = None
    api_calls: tuple[tuple[str, int], ...] = ()
    cache_hits: int = 0
    cache_misses: int = 0
    user_agent: str = ""
    screen: tuple[int, int] | None = None
    hints: tuple[tuple[str, str], ...] = ()
    seq: int = 0
    data: str = ""


class _Reader:
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


def _moment(r: _Reader, now: datetime) -> datetime:
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


def _frames(r: _Reader) -> tuple[Frame, ...]:
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
            )
        )
    return tuple(frames)


def _breadcrumbs(r: _Reader) -> tuple[dict[str, Any], ...]:
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


def _fingerprint(r: _Reader) -> tuple[str, ...]:
    value = r.raw.get("fingerprint")
    if value is None:
        return ()
    parts = [value] if isinstance(value, str) else value
    if not isinstance(parts, list) or not 1 <= len(parts) <= MAX_FINGERPRINT:
        raise ItemError(
            TelemetryRejection.INVALID_FIELD, f"fingerprint must be a string or a list of 1-{MAX_FINGERPRINT}"
        )
    return tuple(r.text("fingerprint", raw={"fingerprint": p}) for p in parts)


def _body(item: Item, r: _Reader, replay_cap: int) -> None:
    k = item.kind
    if k in (Kind.HEARTBEAT, Kind.PAGE_VIEW):
        item.url, item.title = r.text("url", required=True), r.text("title")
        item.visible, item.leaving = r.flag("visible", True), r.flag("leaving", False)
        item.rage_clicks = r.number("rage_clicks", 0, 1_000) or 0
        item.referrer = r.text("referrer")
    elif k is Kind.CLIENT_ERROR:
        item.message, item.error_type = r.text("message", required=True), r.text("type")
        item.frames, item.url, item.release = _frames(r), r.text("url"), r.text("release")
        item.fingerprint, item.breadcrumbs = _fingerprint(r), _breadcrumbs(r)
    elif k is Kind.PERFORMANCE:
        item.page_load_ms = r.number("page_load_ms", 0, 3_600_000)
        calls = []
        for call in r.items("api_calls", MAX_API_CALLS):
            if not isinstance(call, Mapping):
                raise ItemError(TelemetryRejection.INVALID_FIELD, "each api call must be an object")
            ms = r.number("duration_ms", 0, 3_600_000, raw=call)
            calls.append((r.text("route", required=True, raw=call), 0 if ms is None else ms))
        item.api_calls = tuple(calls)
        item.cache_hits = r.number("cache_hits", 0, 1_000_000) or 0
        item.cache_misses = r.number("cache_misses", 0, 1_000_000) or 0
        item.url = r.text("url")
    elif k is Kind.DEVICE:
        item.user_agent = r.text("user_agent", required=True)
        screen = r.raw.get("screen")
        if screen is not None:
            if not isinstance(screen, Mapping):
                raise ItemError(TelemetryRejection.INVALID_FIELD, "screen must be {width, height}")
            w, h = r.number("width", 1, 100_000, raw=screen), r.number("height", 1, 100_000, raw=screen)
            item.screen = (w, h) if w and h else None
        hints = r.raw.get("client_hints") or {}
        if not isinstance(hints, Mapping):
            raise ItemError(TelemetryRejection.INVALID_FIELD, "client_hints must be an object")
        item.hints = tuple((k2, str(hints[k2])[:200]) for k2 in HINTS if hints.get(k2) is not None)
    else:
        item.seq = r.number("seq", 0, 1_000_000) or 0
        data = r.raw.get("data")
        if not isinstance(data, str) or not data:
            raise ItemError(TelemetryRejection.MISSING_FIELD, "data (the compressed rrweb events, base64) is required")
        if len(data) > replay_cap:
            r.adjusted.append((TelemetryAdjustment.TRUNCATED, f"replay chunk cut to {replay_cap} bytes"))
        item.data = data[:replay_cap]


def parse_item(raw: Any, now: datetime, replay_cap: int) -> Item:
    """One validated item, or ItemError saying what is wrong with it."""
    if not isinstance(raw, Mapping):
        raise ItemError(TelemetryRejection.INVALID_ITEM, "each item must be an object")
    try:
        kind = Kind(str(raw.get("kind")))
    except ValueError as exc:
        raise ItemError(TelemetryRejection.UNKNOWN_KIND, "kind must be one of " + ", ".join(Kind)) from exc
    adjusted: list[tuple[TelemetryAdjustment, str]] = []
    r = _Reader(raw, adjusted)
    key = r.text("session_id", required=True)
    if not SESSION_RE.match(key):
        raise ItemError(TelemetryRejection.INVALID_FIELD, "session_id must be letters, digits and _.:- (up to 128)")
    user_id = r.number("user_id", 1, 2**63 - 1)
    item = Item(kind, key, _moment(r, now), user_id, adjusted)
    _body(item, r, replay_cap)
    return item


_SEGMENT_ID = re.compile(r"^(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,}|[A-Za-z0-9_-]{22,})$", re.I)


def page_of(url: str) -> str:
    """A page as the rollups count it: the path without origin, query or fragment, ids as `:id`."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?")[0].split("#")[0]
    parts = [":id" if _SEGMENT_ID.match(p) else p for p in path.split("/")]
    return ("/".join(parts) or "/")[:300]
