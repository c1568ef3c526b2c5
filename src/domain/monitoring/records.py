"""Rows the monitoring stores keep: plain values the services hand to the ports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .grouping import Frame
from .model import ErrorSource


@dataclass(frozen=True)
class PageRow:
    session_id: int
    at: datetime
    url: str
    title: str


@dataclass(frozen=True)
class PerfRow:
    session_id: int
    at: datetime
    metric: str  # page_load | api | lcp, inp, cls, fcp, ttfb (web vitals, CLS x 1000)
    route: str  # the page for page_load, the API route for api
    duration_ms: int


@dataclass(frozen=True)
class PageHour:
    """Increments for one page in one hour (summed by the store)."""

    page: str
    hour: datetime
    views: int = 0
    exits: int = 0
    rage_clicks: int = 0


@dataclass(frozen=True)
class ReplayRow:
    session_id: int
    seq: int
    at: datetime
    data: str
    truncated: bool


@dataclass(frozen=True)
class NewGroup:
    fingerprint: str
    source: ErrorSource
    title: str
    culprit: str
    error_type: str
    at: datetime


@dataclass(frozen=True)
class ErrorEventRow:
    group_id: int
    at: datetime
    source: ErrorSource
    user_id: int | None
    session_id: int | None
    message: str
    error_type: str
    frames: tuple[Frame, ...]
    url: str
    release: str
    browser: str
    breadcrumbs: tuple[dict[str, Any], ...] = ()
    component: str = ""  # the page path (client) or route pattern (server)


@dataclass(frozen=True)
class GroupDelta:
    """What a batch adds to a group: the store adds counts and moves last_seen forward."""

    group_id: int
    events: int
    last_seen: datetime
    user_ids: frozenset[int]
    regress_at: datetime | None  # the group was resolved and is seen again: make it regressed
    hours: tuple[tuple[datetime, int], ...]  # events per hour


@dataclass(frozen=True)
class RouteSample:
    """Requests served for one route pattern and method in one minute (a web process's share)."""

    minute: datetime
    route: str
    method: str
    count: int
    server_errors: int
    client_errors: int
    duration_ms_sum: float
    buckets: tuple[int, ...]  # counts per LATENCY_BUCKETS_MS upper bound, the last one open-ended


LATENCY_BUCKETS_MS = (5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
