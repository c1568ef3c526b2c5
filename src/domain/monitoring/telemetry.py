"""Telemetry items from learners' browsers: each item validated on its own, capped, clamped, flagged."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .grouping import Frame
from .telemetry_fields import (
    MAX_API_CALLS,
    FieldReader,
    ItemError,
    TelemetryAdjustment,
    TelemetryRejection,
    read_breadcrumbs,
    read_fingerprint,
    read_frames,
    read_moment,
)

MAX_BATCH = 500
SESSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
HINTS = ("brands", "mobile", "platform", "platform_version", "model")
VITALS = ("LCP", "INP", "CLS", "FCP", "TTFB")  # Core Web Vitals and friends, as web-vitals names them (CLS x 1000)


class Kind(StrEnum):
    HEARTBEAT = "heartbeat"
    PAGE_VIEW = "page_view"
    CLIENT_ERROR = "client_error"
    PERFORMANCE = "performance"
    DEVICE = "device"
    REPLAY_CHUNK = "replay_chunk"


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
    vitals: tuple[tuple[str, int], ...] = ()
    user_agent: str = ""
    screen: tuple[int, int] | None = None
    hints: tuple[tuple[str, str], ...] = ()
    seq: int = 0
    data: str = ""


def _body(item: Item, r: FieldReader, replay_cap: int) -> None:
    k = item.kind
    if k in (Kind.HEARTBEAT, Kind.PAGE_VIEW):
        item.url, item.title = r.text("url", required=True), r.text("title")
        item.visible, item.leaving = r.flag("visible", True), r.flag("leaving", False)
        item.rage_clicks = r.number("rage_clicks", 0, 1_000) or 0
        item.referrer = r.text("referrer")
    elif k is Kind.CLIENT_ERROR:
        item.message, item.error_type = r.text("message", required=True), r.text("type")
        item.frames, item.url, item.release = read_frames(r), r.text("url"), r.text("release")
        item.fingerprint, item.breadcrumbs = read_fingerprint(r), read_breadcrumbs(r)
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
        item.vitals = _vitals(r)
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


def _vitals(r: FieldReader) -> tuple[tuple[str, int], ...]:
    raw = r.raw.get("vitals")
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ItemError(TelemetryRejection.INVALID_FIELD, "vitals must be an object: " + ", ".join(VITALS))
    found = [(name, r.number(name, 0, 3_600_000, raw=raw)) for name in VITALS]
    return tuple((name, value) for name, value in found if value is not None)


def parse_item(raw: Any, now: datetime, replay_cap: int) -> Item:
    """One validated item, or ItemError saying what is wrong with it."""
    if not isinstance(raw, Mapping):
        raise ItemError(TelemetryRejection.INVALID_ITEM, "each item must be an object")
    try:
        kind = Kind(str(raw.get("kind")))
    except ValueError as exc:
        raise ItemError(TelemetryRejection.UNKNOWN_KIND, "kind must be one of " + ", ".join(Kind)) from exc
    adjusted: list[tuple[TelemetryAdjustment, str]] = []
    r = FieldReader(raw, adjusted)
    key = r.text("session_id", required=True)
    if not SESSION_RE.match(key):
        raise ItemError(TelemetryRejection.INVALID_FIELD, "session_id must be letters, digits and _.:- (up to 128)")
    user_id = r.number("user_id", 1, 2**63 - 1)
    item = Item(kind, key, read_moment(r, now), user_id, adjusted)
    _body(item, r, replay_cap)
    return item


_SEGMENT_ID = re.compile(r"^(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,}|[A-Za-z0-9_-]{22,})$", re.I)


def page_of(url: str) -> str:
    """A page as the rollups count it: the path without origin, query or fragment, ids as `:id`."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?")[0].split("#")[0]
    parts = [":id" if _SEGMENT_ID.match(p) else p for p in path.split("/")]
    return ("/".join(parts) or "/")[:300]
