"""Monitored sessions, error groups and alerts: the rules that say what a fact means."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from domain.shared.errors import Conflict

ONLINE_WINDOW = timedelta(seconds=30)  # online = a heartbeat in the last 30 s (PostHog)
IDLE_END = timedelta(minutes=30)  # a session ends after 30 min without any item
MAX_SESSION = timedelta(hours=24)  # and lasts 24 h at most
SLOW_API_MS = 1_000  # an API call slower than this is a "slow call" of the session
SLOW_PAGE_MS = 3_000  # a page load slower than this hurts the session's health


def session_open(started_at: datetime, last_seen_at: datetime, at: datetime) -> bool:
    """Whether an item at `at` still belongs to the session (not idle 30 min, not older than 24 h)."""
    return at - last_seen_at < IDLE_END and at - started_at < MAX_SESSION


def is_online(last_heartbeat_at: datetime | None, now: datetime) -> bool:
    return last_heartbeat_at is not None and now - last_heartbeat_at <= ONLINE_WINDOW


@dataclass(frozen=True)
class Device:
    browser: str = ""
    browser_version: str = ""
    os: str = ""
    os_version: str = ""
    device: str = ""
    screen_width: int | None = None
    screen_height: int | None = None
    hints: tuple[tuple[str, str], ...] = ()  # Sec-CH-UA client hints the front end passed on


@dataclass
class Session:
    """One visit of a learner, as the monitor keeps it: counters it updates item by item."""

    id: int | None
    key: str  # the front end's session id
    user_id: int
    started_at: datetime
    last_seen_at: datetime
    last_heartbeat_at: datetime | None = None
    url: str = ""
    title: str = ""
    visible: bool = True
    device: Device = field(default_factory=Device)
    page_views: int = 0
    errors: int = 0
    slow_calls: int = 0
    slow_pages: int = 0
    rage_clicks: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    replay_bytes: int = 0
    health: int = 100
    changed: bool = False
    staff: bool = False  # sent by a staff member (the console itself): kept out of learner figures and rules

    def touch(self, at: datetime) -> None:
        self.last_seen_at = max(self.last_seen_at, at)
        self.changed = True

    def heartbeat(self, at: datetime, url: str, title: str, visible: bool, rage_clicks: int) -> None:
        self.touch(at)
        if self.last_heartbeat_at is None or at >= self.last_heartbeat_at:
            self.last_heartbeat_at = at
            self.url, self.title, self.visible = url or self.url, title or self.title, visible
        self.rage_clicks += rage_clicks

    def page_view(self, at: datetime, url: str, title: str) -> None:
        self.touch(at)
        self.page_views += 1
        if at >= self.last_seen_at:
            self.url, self.title = url, title

    def performance(self, at: datetime, page_load_ms: int | None, api_ms: list[int], hits: int, misses: int) -> None:
        self.touch(at)
        self.slow_pages += int(page_load_ms is not None and page_load_ms > SLOW_PAGE_MS)
        self.slow_calls += sum(1 for ms in api_ms if ms > SLOW_API_MS)
        self.cache_hits += hits
        self.cache_misses += misses

    def score(self) -> None:
        self.health = health_score(self)[0]


def health_score(s: Session) -> tuple[int, tuple[str, ...]]:
    """0-100 and the reasons it is not 100: errors weigh most, then slow calls and pages, then rage clicks."""
    penalties = (
        (min(s.errors * 10, 40), f"{s.errors} error(s)"),
        (min(s.slow_calls * 5, 20), f"{s.slow_calls} API call(s) slower than {SLOW_API_MS} ms"),
        (min(s.slow_pages * 5, 15), f"{s.slow_pages} page load(s) slower than {SLOW_PAGE_MS} ms"),
        (min(s.rage_clicks * 3, 15), f"{s.rage_clicks} rage click(s)"),
        (10 if s.cache_misses > 2 * max(s.cache_hits, 1) else 0, "cache misses outnumber hits"),
    )
    lost = sum(p for p, _ in penalties)
    return max(0, 100 - lost), tuple(r for p, r in penalties if p)


NEW_FOR = timedelta(days=3)  # Sentry: a group is new for its first 3 days, then ongoing


def new_since(now: datetime) -> datetime:
    """Groups first seen after this are new; the others are ongoing."""
    return now - NEW_FOR


def is_new_group(first_seen: datetime, now: datetime) -> bool:
    """New for its first 3 days, whatever its status: age and triage state are separate questions."""
    return first_seen > new_since(now)


class GroupStatus(StrEnum):
    UNRESOLVED = "unresolved"
    RESOLVED = "resolved"
    IGNORED = "ignored"
    REGRESSED = "regressed"  # resolved, then seen again


SETTABLE = {GroupStatus.UNRESOLVED, GroupStatus.RESOLVED, GroupStatus.IGNORED}


class ErrorSource(StrEnum):
    CLIENT = "client"
    SERVER = "server"


@dataclass
class ErrorGroup:
    id: int
    fingerprint: str
    source: ErrorSource
    title: str
    culprit: str
    error_type: str
    status: GroupStatus
    first_seen: datetime
    last_seen: datetime
    count: int = 0
    users: int = 0
    assignee_id: int | None = None
    ticket_id: int | None = None
    merged_into: int | None = None
    resolved_at: datetime | None = None

    def set_status(self, status: GroupStatus, at: datetime) -> None:
        if status not in SETTABLE:
            raise Conflict(
                "A group becomes regressed only when a resolved error is seen again.", code="invalid_group_status"
            )
        self.status = status
        self.resolved_at = at if status is GroupStatus.RESOLVED else None

    def regresses_on(self, at: datetime) -> bool:
        """A resolved group seen again after it was resolved comes back as regressed."""
        return self.status is GroupStatus.RESOLVED and (self.resolved_at is None or at > self.resolved_at)


class AlertRule(StrEnum):
    NEW_GROUP = "new_group"
    REGRESSION = "regression"
    SPIKE = "spike"
    SERVER_ERROR_RATE = "server_error_rate"
    ROUTE_LATENCY = "route_latency"
    REPEATED_ERROR = "repeated_error"  # one learner, one error, 3+ times in a session
    USERS_AFFECTED = "users_affected"  # one error reaching N distinct learners within M minutes
    PAGE_EXITS = "page_exits"
    RAGE_CLICKS = "rage_clicks"


class AlertState(StrEnum):
    OPEN = "open"  # firing (last seen within 30 minutes), nobody has acknowledged it
    ACKNOWLEDGED = "acknowledged"  # still firing, someone has taken it
    RESOLVED = "resolved"  # 30 minutes without a firing: over


class AlertSeverity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class Finding:
    """What a detection rule found: one alert to raise, about `subject`, with its evidence."""

    rule: AlertRule
    subject: str  # what it is about: "group:12", "route:GET /api/x", "page:/courses", "session:9"
    severity: AlertSeverity
    message: str
    evidence: dict[str, object] = field(default_factory=dict)
    user_id: int | None = None  # the learner it hit, for the proactive ticket
    session_id: int | None = None
    group_id: int | None = None


ALERT_EVERY = timedelta(minutes=30)  # an alert stays open this long after it last fired; one e-mail per window


@dataclass(frozen=True)
class Alert:
    """One alert per rule and subject while it keeps firing: each firing adds an occurrence to the open one."""

    id: int
    rule: AlertRule
    subject: str
    severity: AlertSeverity
    message: str  # the latest firing's, as are severity and evidence
    evidence: dict[str, object]
    created_at: datetime  # the first firing
    last_seen_at: datetime  # the latest firing
    occurrences: int
    emailed_at: datetime | None  # the latest e-mail about it
    ticket_id: int | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: int | None = None
    muted_until: datetime | None = None  # deliveries held until then ...
    mute_until_resolved: bool = False  # ... or for as long as the alert stays open

    @property
    def emailed(self) -> bool:
        return self.emailed_at is not None

    def state_at(self, at: datetime) -> AlertState:
        if not self.open_at(at):
            return AlertState.RESOLVED
        return AlertState.OPEN if self.acknowledged_at is None else AlertState.ACKNOWLEDGED

    def muted_at(self, at: datetime) -> bool:
        """Whether deliveries about it are held at `at` (its firings are still stored and published)."""
        return self.mute_until_resolved or (self.muted_until is not None and at < self.muted_until)

    def open_at(self, at: datetime) -> bool:
        """Whether a firing at `at` counts on this alert: it fired less than 30 minutes before."""
        return at - self.last_seen_at < ALERT_EVERY

    def email_due(self, at: datetime) -> bool:
        """At most one e-mail per rule and subject every 30 minutes: again only while it keeps firing that long."""
        return self.emailed_at is None or at - self.emailed_at >= ALERT_EVERY
