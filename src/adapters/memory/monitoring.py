"""In-memory monitoring storage: sessions, telemetry rows, error groups, rollups, alerts and shared marks.
Storage only: windows, thresholds, grouping and scores are the domain's (tests/contracts/test_monitoring_*)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.monitoring.model import Alert, ErrorGroup, GroupStatus, Session
from domain.monitoring.records import (
    ErrorEventRow,
    GroupDelta,
    NewGroup,
    PageHour,
    PageRow,
    PerfRow,
    ReplayRow,
    RouteSample,
)


@dataclass
class InMemoryMonitoring:
    """Every monitoring storage and query port over plain collections."""

    users: set[int] = field(default_factory=set)  # who exists (the harness adds learners and staff)
    sessions: dict[int, Session] = field(default_factory=dict)
    pages: list[PageRow] = field(default_factory=list)
    page_hours: Counter[tuple[str, datetime, str]] = field(default_factory=Counter)
    perf: list[PerfRow] = field(default_factory=list)
    replay: list[ReplayRow] = field(default_factory=list)
    groups: dict[int, ErrorGroup] = field(default_factory=dict)
    regressed_at: dict[int, datetime] = field(default_factory=dict)
    steer: dict[str, int] = field(default_factory=dict)
    events: list[ErrorEventRow] = field(default_factory=list)
    group_hours: Counter[tuple[int, datetime]] = field(default_factory=Counter)
    group_users: dict[tuple[int, int], datetime] = field(default_factory=dict)
    routes: list[RouteSample] = field(default_factory=list)
    alert_rows: list[Alert] = field(default_factory=list)
    proactive: dict[tuple[int | None, int | None], tuple[int, datetime]] = field(default_factory=dict)
    marks: dict[str, tuple[datetime | None, bool]] = field(default_factory=dict)
    known: Callable[[Collection[int]], set[int]] | None = None  # another store's users, when wired to one

    # -- TelemetryStore --------------------------------------------------------------------------
    def known_users(self, user_ids: Collection[int]) -> set[int]:
        found = self.known(user_ids) if self.known else set()
        return found | (set(user_ids) & self.users)

    def latest_sessions(self, keys: Collection[str]) -> dict[str, Session]:
        newest: dict[str, Session] = {}
        for s in sorted(self.sessions.values(), key=lambda s: (s.started_at, s.id or 0)):
            if s.key in keys:
                newest[s.key] = copy.deepcopy(s)
        for s in newest.values():
            s.changed = False
        return newest

    def save_sessions(self, sessions: Sequence[Session]) -> None:
        for s in sessions:
            if s.id is None:
                s.id = max(self.sessions, default=0) + 1  # ids are never reused, as a sequence
            if s.changed or s.id not in self.sessions:
                self.sessions[s.id] = replace(s, changed=False)

    def add_pages(self, rows: Sequence[PageRow], hours: Sequence[PageHour]) -> None:
        self.pages += rows
        for h in hours:
            for what in ("views", "exits", "rage_clicks"):
                self.page_hours[(h.page, h.hour, what)] += getattr(h, what)

    def add_performance(self, rows: Sequence[PerfRow]) -> None:
        self.perf += rows

    def add_replay(self, rows: Sequence[ReplayRow]) -> None:
        self.replay += rows

    def purge_replays(self, before: datetime) -> int:
        kept = [r for r in self.replay if r.at >= before]
        gone, self.replay = len(self.replay) - len(kept), kept
        return gone

    def delete_replays(self, user_id: int) -> int:
        theirs = {i for i, s in self.sessions.items() if s.user_id == user_id}
        kept = [r for r in self.replay if r.session_id not in theirs]
        gone, self.replay = len(self.replay) - len(kept), kept
        return gone

    # -- ErrorStore ------------------------------------------------------------------------------
    def groups_for(self, fingerprints: Collection[str]) -> dict[str, ErrorGroup]:
        found = {}
        for fp in fingerprints:
            gid = self.steer.get(fp) or next(
                (g.id for g in self.groups.values() if g.fingerprint == fp and g.merged_into is None), None
            )
            if gid is not None:
                found[fp] = copy.copy(self.groups[gid])
        return found

    def create_group(self, new: NewGroup) -> ErrorGroup:
        existing = next((g for g in self.groups.values() if g.fingerprint == new.fingerprint), None)
        if existing:
            return copy.copy(existing)
        g = ErrorGroup(
            len(self.groups) + 1,
            new.fingerprint,
            new.source,
            new.title,
            new.culprit,
            new.error_type,
            GroupStatus.UNRESOLVED,
            new.at,
            new.at,
        )
        self.groups[g.id] = g
        return copy.copy(g)

    def record(self, events: Sequence[ErrorEventRow], deltas: Sequence[GroupDelta]) -> None:
        self.events += events
        for d in deltas:
            g = self.groups[d.group_id]
            fresh = [u for u in d.user_ids if (g.id, u) not in self.group_users]
            for u in d.user_ids:
                self.group_users[(g.id, u)] = max(d.last_seen, self.group_users.get((g.id, u), d.last_seen))
            g.count, g.users, g.last_seen = g.count + d.events, g.users + len(fresh), max(g.last_seen, d.last_seen)
            for h, n in d.hours:
                self.group_hours[(g.id, h)] += n
            if d.regress_at is not None and g.status is GroupStatus.RESOLVED:
                g.status, g.resolved_at, self.regressed_at[g.id] = GroupStatus.REGRESSED, None, d.regress_at

    def get(self, group_id: int) -> ErrorGroup | None:
        g = self.groups.get(group_id)
        return copy.copy(g) if g else None

    def save(self, group: ErrorGroup) -> None:
        g = self.groups[group.id]
        g.status, g.assignee_id, g.ticket_id = group.status, group.assignee_id, group.ticket_id
        g.merged_into, g.resolved_at = group.merged_into, group.resolved_at

    def merge(self, target: ErrorGroup, source: ErrorGroup, at: datetime) -> None:
        t, s = self.groups[target.id], self.groups[source.id]
        self.events = [replace(e, group_id=t.id) if e.group_id == s.id else e for e in self.events]
        for (gid, h), n in list(self.group_hours.items()):
            if gid == s.id:
                self.group_hours[(t.id, h)] += n
                del self.group_hours[(gid, h)]
        for (gid, u), seen in list(self.group_users.items()):
            if gid == s.id:
                self.group_users[(t.id, u)] = max(seen, self.group_users.get((t.id, u), seen))
                del self.group_users[(gid, u)]
        self.steer = {fp: (t.id if gid == s.id else gid) for fp, gid in self.steer.items()}
        self.steer[s.fingerprint] = t.id
        t.count += s.count
        t.users = sum(1 for gid, _ in self.group_users if gid == t.id)
        t.first_seen, t.last_seen = min(t.first_seen, s.first_seen), max(t.last_seen, s.last_seen)
        s.merged_into = t.id
