"""Read models and filters of the monitoring views (frozen: never storage objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.shared.pagination import Cursor

from .grouping import Frame
from .model import ErrorSource, GroupStatus

VITAL_METRICS = ("lcp", "inp", "cls", "fcp", "ttfb")  # web vitals as PerfRow metrics


@dataclass(frozen=True)
class SessionFilter:
    online: bool | None = None
    browser: str | None = None
    os: str | None = None
    has_errors: bool | None = None
    user_id: int | None = None
    staff: bool | None = None


@dataclass(frozen=True)
class SessionSummary:
    id: int
    key: str
    user_id: int
    started_at: datetime
    last_seen_at: datetime
    last_heartbeat_at: datetime | None
    online: bool
    ended: bool
    url: str
    title: str
    visible: bool
    browser: str
    os: str
    device: str
    page_views: int
    errors: int
    slow_calls: int
    health: int
    staff: bool = False


@dataclass(frozen=True)
class PageVisit:
    at: datetime
    url: str
    title: str


@dataclass(frozen=True)
class SessionError:
    group_id: int
    at: datetime
    error_type: str
    message: str


@dataclass(frozen=True)
class SlowCall:
    at: datetime
    route: str
    duration_ms: int


@dataclass(frozen=True)
class ReplayChunk:
    seq: int
    at: datetime
    data: str
    truncated: bool


@dataclass(frozen=True)
class SessionDetail:
    summary: SessionSummary
    browser_version: str
    os_version: str
    screen_width: int | None
    screen_height: int | None
    client_hints: dict[str, str]
    rage_clicks: int
    cache_hits: int
    cache_misses: int
    pages: list[PageVisit]
    errors: list[SessionError]
    slow_calls: list[SlowCall]
    replay: list[ReplayChunk]
    health_reasons: tuple[str, ...] = ()
    vitals: dict[str, int] = field(default_factory=dict)  # the latest of each web vital (lcp, inp, cls x 1000, ...)
    api_calls: int = 0


@dataclass(frozen=True)
class Overview:
    at: datetime
    online: int
    sessions_today: int
    sessions_last_hour: int
    sessions_with_errors_last_hour: int
    client_errors_last_hour: int
    server_requests_last_hour: int
    server_errors_last_hour: int
    p95_page_load_ms: float | None
    p95_api_ms: float | None

    @property
    def error_rate(self) -> float:
        """The share of the last hour's sessions that hit an error."""
        return (
            round(self.sessions_with_errors_last_hour / self.sessions_last_hour, 4) if self.sessions_last_hour else 0.0
        )

    @property
    def server_error_rate(self) -> float:
        return (
            round(self.server_errors_last_hour / self.server_requests_last_hour, 4)
            if self.server_requests_last_hour
            else 0.0
        )


class GroupSort(StrEnum):
    LAST_SEEN = "last_seen"
    COUNT = "count"
    USERS = "users"


@dataclass(frozen=True)
class GroupFilter:
    status: GroupStatus | None = None
    release: str | None = None
    page: str | None = None
    since: datetime | None = None
    source: ErrorSource | None = None
    sort: GroupSort = GroupSort.LAST_SEEN
    new: bool | None = None  # True: first seen in the last 3 days (model.NEW_FOR); False: ongoing


@dataclass(frozen=True)
class GroupSummary:
    id: int
    title: str
    culprit: str
    error_type: str
    source: ErrorSource
    status: GroupStatus
    first_seen: datetime
    last_seen: datetime
    count: int
    users: int
    assignee_id: int | None
    ticket_id: int | None
    is_new: bool  # first seen in the last 3 days (model.is_new_group); "ongoing" after


@dataclass(frozen=True)
class EventSample:
    at: datetime
    message: str
    error_type: str
    url: str
    release: str
    browser: str
    user_id: int | None
    session_id: int | None
    stack: tuple[Frame, ...]
    breadcrumbs: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Tally:
    name: str
    count: int


@dataclass(frozen=True)
class HourCount:
    hour: datetime
    count: int


@dataclass(frozen=True)
class GroupDetail:
    summary: GroupSummary
    releases: list[Tally]
    browsers: list[Tally]
    samples: list[EventSample]
    histogram: list[HourCount]  # the last 48 hours, oldest first


@dataclass(frozen=True)
class Kpis:
    start: datetime
    end: datetime
    proactive_tickets: int
    reactive_tickets: int
    errors_by_component: list[Tally]
    health_distribution: list[Tally]  # sessions per health band
    sessions: int
    alerts_by_rule: list[Tally]


@dataclass(frozen=True)
class RepeatedError:
    user_id: int
    session_id: int
    group_id: int
    count: int
    title: str


@dataclass(frozen=True)
class DetectionInput:
    """The rollups the rules read, fetched in a few queries."""

    new_groups: list[GroupSummary] = field(default_factory=list)
    regressed: list[GroupSummary] = field(default_factory=list)
    group_hours: dict[int, list[int]] = field(default_factory=dict)  # 168 hourly counts, the last = this hour
    group_titles: dict[int, str] = field(default_factory=dict)
    repeated: list[RepeatedError] = field(default_factory=list)
    page_hours: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # views, exits, rage clicks
    group_users: dict[int, int] = field(default_factory=dict)  # distinct learners per group in the users window


# one codec per ordering: a cursor from another list or sort is refused (400 invalid_cursor)
ONLINE_CURSOR = Cursor("monitoring.online", (datetime, int))  # last heartbeat, id (newest first)
SESSIONS_CURSOR = Cursor("monitoring.sessions", (datetime, int))  # last seen, id (newest first)
GROUP_CURSORS = {
    GroupSort.LAST_SEEN: Cursor("monitoring.groups.last_seen", (datetime, int)),
    GroupSort.COUNT: Cursor("monitoring.groups.count", (int, int)),
    GroupSort.USERS: Cursor("monitoring.groups.users", (int, int)),
}
ALERTS_CURSOR = Cursor("monitoring.alerts", (datetime, int))
HEALTH_BANDS = ((0, 49, "0-49"), (50, 79, "50-79"), (80, 99, "80-99"), (100, 100, "100"))


def p95(durations: list[int]) -> float | None:
    """The 95th percentile of durations in ms, interpolated as PostgreSQL's percentile_cont, to 0.1 ms."""
    if not durations:
        return None
    values = sorted(durations)
    rank = 0.95 * (len(values) - 1)
    lo, frac = int(rank), rank - int(rank)
    return round(values[lo] + (values[min(lo + 1, len(values) - 1)] - values[lo]) * frac, 1)
