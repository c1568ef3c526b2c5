"""What the monitoring module needs from storage and from the rest of the system."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal

from .alert_rules import RuleConfig
from .model import Alert, AlertRule, AlertState, Device, ErrorGroup, Finding, GroupStatus, Session
from .queries import (
    DetectionInput,
    GroupDetail,
    GroupFilter,
    GroupSummary,
    Kpis,
    Overview,
    SessionDetail,
    SessionFilter,
    SessionSummary,
)
from .records import ErrorEventRow, GroupDelta, NewGroup, PageHour, PageRow, PerfRow, ReplayRow, RouteSample


class TelemetryStore(Protocol):
    def known_users(self, user_ids: Collection[int]) -> set[int]: ...

    def latest_sessions(self, keys: Collection[str]) -> dict[str, Session]:
        """The newest session of each front-end session key (open or ended: the domain decides)."""

    def save_sessions(self, sessions: Sequence[Session]) -> None:
        """Insert the new ones (giving them ids) and write back the changed ones."""

    def add_pages(self, rows: Sequence[PageRow], hours: Sequence[PageHour]) -> None: ...

    def add_performance(self, rows: Sequence[PerfRow]) -> None: ...

    def add_replay(self, rows: Sequence[ReplayRow]) -> None: ...

    def purge_replays(self, before: datetime) -> int: ...

    def delete_replays(self, user_id: int) -> int:
        """Delete every stored replay chunk of the person's sessions (consent withdrawn, or erasure); how many."""


class ErrorStore(Protocol):
    def groups_for(self, fingerprints: Collection[str]) -> dict[str, ErrorGroup]:
        """The group each fingerprint belongs to now (a merged group's fingerprints lead to the group it joined)."""

    def create_group(self, new: NewGroup) -> ErrorGroup:
        """A new group, or the one another process created for the fingerprint a moment ago."""

    def record(self, events: Sequence[ErrorEventRow], deltas: Sequence[GroupDelta]) -> None: ...

    def get(self, group_id: int) -> ErrorGroup | None: ...

    def save(self, group: ErrorGroup) -> None: ...

    def merge(self, target: ErrorGroup, source: ErrorGroup, at: datetime) -> None:
        """Move the source's events, counts and fingerprints to the target; the source points at it."""


class MonitoringQueries(Protocol):
    def sessions(self, flt: SessionFilter, page: PageRequest, now: datetime) -> Page[SessionSummary]: ...

    def session(self, session_id: int, now: datetime) -> SessionDetail | None: ...

    def online(self, now: datetime) -> int: ...

    def changed_sessions(self, since: datetime, now: datetime, limit: int) -> list[SessionSummary]: ...

    def overview(self, now: datetime) -> Overview: ...

    def groups(self, flt: GroupFilter, page: PageRequest, now: datetime) -> Page[GroupSummary]: ...

    def group(self, group_id: int, now: datetime) -> GroupDetail | None: ...

    def group_users(self, group_id: int, limit: int) -> list[int]: ...

    def kpis(self, start: datetime, end: datetime) -> Kpis: ...

    def detection_input(
        self, now: datetime, since: datetime, repeats: int, users_since: datetime, min_users: int
    ) -> DetectionInput:
        """The rollups the rules read; `group_users` holds the groups with at least `min_users` distinct learners
        among their events since `users_since` (the others cannot fire the users rule)."""


class RouteStats(Protocol):
    def add(self, samples: Sequence[RouteSample]) -> None: ...

    def since(self, start: datetime) -> list[RouteSample]: ...

    def served(self, start: datetime) -> tuple[int, int]:
        """Requests answered from `start` on, every route and process together, and how many of them were 5xx."""


class AlertStore(Protocol):
    def claim_run(self, minute: datetime) -> datetime | None:
        """Claim the detection run of `minute` for this process: the minute of the previous run, or None when
        another process has claimed it already."""

    def add(self, finding: Finding, at: datetime, emailed: bool, ticket_id: int | None) -> Alert:
        """A new alert: one occurrence at `at` (also its e-mail time when `emailed`)."""

    def repeat(self, alert_id: int, finding: Finding, at: datetime, emailed: bool, ticket_id: int | None) -> Alert:
        """One more occurrence: last seen at `at`, the finding's severity, message and evidence, the e-mail time
        moved to `at` when `emailed`, the ticket kept unless one is given."""

    def latest(self, rule: str, subject: str) -> Alert | None:
        """The newest alert of the rule about the subject."""

    def alerts(self, page: PageRequest, state: AlertState | None = None, now: datetime | None = None) -> Page[Alert]:
        """Newest first; with `state`, only the alerts in that state at `now` (resolved: last seen 30+ minutes
        before `now`; open and acknowledged: by `acknowledged_at`)."""

    def get(self, alert_id: int) -> Alert | None: ...

    def mark(
        self,
        alert_id: int,
        acknowledged: tuple[datetime, int] | None,
        muted_until: datetime | None,
        until_resolved: bool,
    ) -> Alert:
        """Set who acknowledged it and when (None leaves it as is) and replace its mute."""

    def proactive_ticket(self, session_id: int, group_id: int) -> int | None: ...

    def link_ticket(self, ticket_id: int, at: datetime, session_id: int | None, group_id: int | None) -> None: ...


class AlertRuleStore(Protocol):
    def saved(self) -> dict[AlertRule, RuleConfig]:
        """The rules edited at run time (a rule not here reads the environment's defaults)."""

    def save(self, config: RuleConfig) -> None:
        """Store the rule whole, replacing what was stored for it."""


class PulseStore(Protocol):
    def last_pulse(self) -> tuple[datetime | None, bool]:
        """When the monitoring channel last had a pulse, and whether one is waiting."""

    def claim(self, expected: datetime | None, at: datetime) -> bool:
        """Move the last pulse from `expected` to `at` (compare and set): False when another process did first."""

    def set_waiting(self, waiting: bool) -> bool:
        """Mark a pulse as waiting (or not); False when it was so already."""


class PulseTimer(Protocol):
    def later(self, seconds: float) -> None:
        """Run the monitoring pulse again after `seconds` (a delayed background task)."""


class RecordingConsent(Protocol):
    def recording_allowed(self, user_id: int) -> bool:
        """Whether the learner consented to session recording (replays are stored only then)."""


class UserAgents(Protocol):
    def parse(self, user_agent: str) -> Device: ...


class TicketDesk(Protocol):
    def open(self, actor: Principal, user_id: int, title: str, description: str, tags: tuple[str, ...]) -> int:
        """Open a support ticket for the learner, routed like any other; its id."""

    def opened(self, start: datetime, end: datetime) -> int:
        """How many tickets were opened in [start, end)."""


class StaffDirectory(Protocol):
    def emails_of(self, roles: Collection[Role]) -> list[str]:
        """The e-mail addresses of the active staff holding any of the roles."""

    def has_members(self, role: Role) -> bool: ...

    def can_triage(self, user_id: int) -> bool:
        """Whether the person is active staff who may see error groups (a group's assignee)."""


class SystemProbe(Protocol):
    def sample(self) -> dict[str, float | None]:
        """This host and its dependencies now: cpu_percent, memory_percent, process_rss_mb, database_ms,
        redis_ms, queue_depth, outbox_backlog, outbox_oldest_seconds, event_streams (open SSE connections)."""


__all__ = ["GroupStatus"]


class SourceMapStore(Protocol):
    """A release's source maps, one per minified file name (`app.3f9a.js`), stored as uploaded."""

    def save(self, release: str, name: str, text: str, uploaded_at: datetime, uploaded_by: int) -> None: ...

    def load(self, release: str, name: str) -> tuple[str, datetime] | None:
        """The map's text and when it was uploaded (a re-upload replaces it)."""
        ...
