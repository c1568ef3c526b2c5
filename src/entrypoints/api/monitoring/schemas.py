"""Response and query schemas of the monitoring views (read from the domain's read models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from domain.monitoring.model import AlertRule, AlertSeverity, AlertState, ErrorSource, GroupStatus
from domain.monitoring.queries import GroupSort
from entrypoints.api.schemas import Flag, Id, Moment, PageQuery, QueryId, ReadModelOut


class SessionQuery(PageQuery):
    online: bool | None = Field(None, description="true: a heartbeat in the last 30 s")
    browser: str | None = Field(None, max_length=100)
    os: str | None = Field(None, max_length=100)
    has_errors: bool | None = None
    user: QueryId | None = Field(None, description="one learner's sessions (the read is audited)")
    staff: bool | None = Field(None, description="true: staff members' own sessions (the console); false: learners'")


class MonitoredSessionOut(ReadModelOut):
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
    staff: bool = Field(description="a staff member's own session (the console), left out of learner figures")


class MonitoredSessionPageOut(ReadModelOut):
    items: list[MonitoredSessionOut]
    next_cursor: str | None


class PageVisitOut(ReadModelOut):
    at: datetime
    url: str
    title: str


class SessionErrorOut(ReadModelOut):
    group_id: int
    at: datetime
    error_type: str
    message: str


class SlowCallOut(ReadModelOut):
    at: datetime
    route: str
    duration_ms: int


class ReplayChunkOut(ReadModelOut):
    seq: int
    at: datetime
    data: str
    truncated: bool


class SessionDetailOut(ReadModelOut):
    summary: MonitoredSessionOut
    duration_seconds: int
    browser_version: str
    os_version: str
    screen_width: int | None
    screen_height: int | None
    client_hints: dict[str, str]
    rage_clicks: int
    cache_hits: int
    cache_misses: int
    health_reasons: list[str]
    pages: list[PageVisitOut]
    errors: list[SessionErrorOut]
    slow_calls: list[SlowCallOut]
    replay: list[ReplayChunkOut]
    vitals: dict[str, int] = Field(description="the latest web vitals: lcp, inp, fcp, ttfb in ms, cls x 1000")
    api_calls: int = Field(description="API calls the browser timed in this session")


class OverviewOut(ReadModelOut):
    at: datetime
    online: int
    sessions_today: int
    sessions_last_hour: int
    error_rate: float = Field(description="share of the last hour's sessions that hit an error")
    client_errors_last_hour: int
    server_requests_last_hour: int
    server_error_rate: float
    p95_page_load_ms: float | None
    p95_api_ms: float | None


class GroupQuery(PageQuery):
    status: GroupStatus | None = None
    release: str | None = Field(None, max_length=100)
    page_path: str | None = Field(
        None, alias="page", max_length=300, description="page path (client) or route (server) prefix"
    )
    since: Moment | None = Field(None, description="seen since")
    source: ErrorSource | None = None
    sort: GroupSort = GroupSort.LAST_SEEN
    new: bool | None = Field(None, description="true: first seen in the last 3 days; false: ongoing (older)")


class GroupOut(ReadModelOut):
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
    is_new: bool = Field(description="first seen in the last 3 days (Sentry's new); ongoing after, whatever the status")


class GroupPageOut(ReadModelOut):
    items: list[GroupOut]
    next_cursor: str | None


class FrameOut(ReadModelOut):
    filename: str
    function: str
    lineno: int | None
    in_app: bool
    module: str
    context_line: str
    colno: int | None = None
    minified_filename: str = Field("", description="the bundle's file when a source map gave the original above")
    minified_function: str = ""
    minified_lineno: int | None = None
    minified_colno: int | None = None


class EventSampleOut(ReadModelOut):
    at: datetime
    message: str
    error_type: str
    url: str
    release: str
    browser: str
    user_id: int | None
    session_id: int | None
    stack: list[FrameOut]
    breadcrumbs: list[dict[str, Any]]


class TallyOut(ReadModelOut):
    name: str
    count: int


class HourCountOut(ReadModelOut):
    hour: datetime
    count: int


class GroupDetailOut(ReadModelOut):
    summary: GroupOut
    releases: list[TallyOut]
    browsers: list[TallyOut]
    samples: list[EventSampleOut]
    histogram: list[HourCountOut]


class GroupPatchIn(Schema):
    status: GroupStatus | None = Field(None, description="unresolved, resolved or ignored (regressed is set by us)")
    assignee_id: Id | None = Field(None, description="with assign=true; null unassigns")
    assign: Flag = False


class MergeIn(Schema):
    group_id: Id = Field(description="the group folded into this one; its future events come here")


class GroupTicketIn(Schema):
    user_id: Id | None = Field(None, description="the learner the ticket is for (default: the latest affected)")


class RouteHealthOut(ReadModelOut):
    route: str
    window_minutes: int
    requests: int
    rate_per_minute: float
    server_errors: int
    client_errors: int
    error_rate: float
    mean_ms: float | None
    p50_ms: float | None
    p95_ms: float | None


class AvailabilityOut(ReadModelOut):
    window_hours: int = Field(description="24, then 168 (7 days)")
    requests: int
    server_errors: int
    availability: float | None = Field(description="share of the window's requests not answered 5xx; null: none")


class HealthReportOut(ReadModelOut):
    at: datetime
    routes: list[RouteHealthOut]
    totals: list[RouteHealthOut]
    client_errors_last_hour: int
    online: int
    host: dict[str, float | None]
    availability: list[AvailabilityOut]


class KpiQuery(Schema):
    from_: Moment | None = Field(None, alias="from")
    to: Moment | None = None


class KpisOut(ReadModelOut):
    start: datetime
    end: datetime
    proactive_tickets: int
    reactive_tickets: int
    errors_by_component: list[TallyOut]
    health_distribution: list[TallyOut]
    sessions: int
    alerts_by_rule: list[TallyOut]


class AlertOut(ReadModelOut):
    id: int
    rule: AlertRule
    subject: str
    severity: AlertSeverity
    message: str
    evidence: dict[str, Any]
    created_at: datetime = Field(description="the first firing")
    last_seen_at: datetime = Field(description="the latest firing (the rule fired again within 30 minutes)")
    occurrences: int = Field(description="how many detection runs found it while it stayed open")
    emailed: bool
    emailed_at: datetime | None = Field(description="the latest e-mail about it: at most one every 30 minutes")
    ticket_id: int | None
    state: AlertState = Field(description="open, acknowledged (still firing) or resolved (30 minutes without firing)")
    acknowledged_at: datetime | None
    acknowledged_by: int | None = Field(description="the staff member who acknowledged it")
    muted_until: datetime | None = Field(description="e-mails and webhook posts held until then")
    mute_until_resolved: bool = Field(description="deliveries held for as long as the alert stays open")


class AlertPageOut(ReadModelOut):
    items: list[AlertOut]
    next_cursor: str | None


class SourceMapFileIn(Schema):
    name: str = Field(min_length=1, max_length=300, description="the minified file's name (app.3f9a.js) or the map's")
    map: str = Field(min_length=1, description="the source map's JSON text (version 3), up to 10 MiB")


class SourceMapsIn(Schema):
    files: list[SourceMapFileIn] = Field(min_length=1, max_length=50)


class SourceMapOut(ReadModelOut):
    name: str
    bytes: int
    sources: int


class SourceMapsOut(ReadModelOut):
    release: str
    files: list[SourceMapOut]
