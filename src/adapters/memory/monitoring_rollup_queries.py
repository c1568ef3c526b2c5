"""In-memory KPIs and detection input: the same answers as the SQL, checked by one contract."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from domain.monitoring.queries import (
    HEALTH_BANDS,
    DetectionInput,
    Kpis,
    RepeatedError,
    Tally,
)

from .monitoring import InMemoryMonitoring
from .monitoring_group_queries import group_summary, hour_of

HOURS = 168


class RollupQueries:
    """KPIs and detection input (part of InMemoryMonitoringQueries)."""

    s: InMemoryMonitoring

    def kpis(self, start: datetime, end: datetime) -> Kpis:
        proactive = sum(1 for _, at in self.s.proactive.values() if start <= at < end)
        components = Counter(e.component for e in self.s.events if start <= e.at < end)
        sessions = [s for s in self.s.sessions.values() if not s.staff and start <= s.started_at < end]
        bands = [Tally(label, sum(1 for s in sessions if lo <= s.health <= hi)) for lo, hi, label in HEALTH_BANDS]
        rules = Counter(a.rule.value for a in self.s.alert_rows if start <= a.created_at < end)
        return Kpis(
            start,
            end,
            proactive,
            0,
            [Tally(c, n) for c, n in sorted(components.items(), key=lambda kv: (-kv[1], kv[0]))[:20]],
            bands,
            len(sessions),
            [Tally(r, n) for r, n in sorted(rules.items())],
        )

    def detection_input(
        self, now: datetime, since: datetime, repeats: int, users_since: datetime, min_users: int
    ) -> DetectionInput:
        live = [g for g in self.s.groups.values() if g.merged_into is None]
        new = [group_summary(g, now) for g in sorted(live, key=lambda g: g.id) if g.first_seen >= since]
        regressed = [
            group_summary(g, now)
            for g in sorted(live, key=lambda g: g.id)
            if g.status.value == "regressed" and self.s.regressed_at.get(g.id, since) >= since
        ]
        last_hour = Counter(e.group_id for e in self.s.events if e.at >= now - timedelta(hours=1))
        this_hour = hour_of(now)
        start = this_hour - timedelta(hours=HOURS - 1)
        hours = {g: [0] * (HOURS - 2) + [n] for g, n in last_hour.items()}
        for (g, h), n in self.s.group_hours.items():
            if g in hours and start <= h < this_hour - timedelta(hours=1):
                hours[g][int((h - start).total_seconds() // 3600)] = n
        learners: dict[int, set[int]] = {}
        for e in self.s.events:
            if e.at >= users_since and e.user_id is not None:
                learners.setdefault(e.group_id, set()).add(e.user_id)
        users = {g: len(u) for g, u in sorted(learners.items()) if len(u) >= min_users}
        titles = {g: self.s.groups[g].title for g in {*last_hour, *users}}
        window = Counter(
            (e.user_id, e.session_id, e.group_id)
            for e in self.s.events
            if e.at >= now - timedelta(minutes=30)
            and e.source.value == "client"
            and e.session_id is not None
            and e.user_id is not None
            and not getattr(self.s.sessions.get(e.session_id), "staff", False)
        )
        repeated = [
            RepeatedError(u, s, g, n, self.s.groups[g].title)
            for (u, s, g), n in sorted(window.items(), key=lambda kv: (kv[0][1], kv[0][2]))
            if n >= repeats
        ]
        active = {p for (p, h, _), n in self.s.page_hours.items() if h == this_hour}
        pages: dict[str, list[tuple[int, int, int]]] = {p: [(0, 0, 0)] * HOURS for p in active}
        for p in active:
            for i in range(HOURS):
                h = start + timedelta(hours=i)
                views, exits, rage = (self.s.page_hours.get((p, h, w), 0) for w in ("views", "exits", "rage_clicks"))
                pages[p][i] = (views, exits, rage)
        return DetectionInput(new, regressed, hours, titles, repeated, pages, users)
