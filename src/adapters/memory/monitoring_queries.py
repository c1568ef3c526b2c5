"""The monitoring query port over the in-memory store (the same answers as the SQL, checked by one contract)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from domain.monitoring.model import ONLINE_WINDOW, ErrorGroup, Session, health_score, is_online
from domain.monitoring.queries import (
    GROUP_CURSORS,
    HEALTH_BANDS,
    ONLINE_CURSOR,
    SESSIONS_CURSOR,
    DetectionInput,
    EventSample,
    GroupDetail,
    GroupFilter,
    GroupSort,
    GroupSummary,
    HourCount,
    Kpis,
    Overview,
    PageVisit,
    RepeatedError,
    ReplayChunk,
    SessionDetail,
    SessionError,
    SessionFilter,
    SessionSummary,
    SlowCall,
    Tally,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows

from .monitoring import InMemoryMonitoring

HOURS = 168
IDLE, LONGEST = timedelta(minutes=30), timedelta(hours=24)


def _hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def _summary(s: Session, now: datetime) -> SessionSummary:
    ended = now - s.last_seen_at >= IDLE or now - s.started_at >= LONGEST
    return SessionSummary(
        s.id or 0,
        s.key,
        s.user_id,
        s.started_at,
        s.last_seen_at,
        s.last_heartbeat_at,
        is_online(s.last_heartbeat_at, now) and not ended,
        ended,
        s.url,
        s.title,
        s.visible,
        s.device.browser,
        s.device.os,
        s.device.device,
        s.page_views,
        s.errors,
        s.slow_calls,
        s.health,
    )


def _group(g: ErrorGroup) -> GroupSummary:
    return GroupSummary(
        g.id,
        g.title,
        g.culprit,
        g.error_type,
        g.source,
        g.status,
        g.first_seen,
        g.last_seen,
        g.count,
        g.users,
        g.assignee_id,
        g.ticket_id,
    )


def _p95(values: list[int]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    rank = 0.95 * (len(values) - 1)
    lo, frac = int(rank), rank - int(rank)
    return round(values[lo] + (values[min(lo + 1, len(values) - 1)] - values[lo]) * frac, 1)


class InMemoryMonitoringQueries:
    def __init__(self, store: InMemoryMonitoring):
        self.s = store

    def sessions(self, flt: SessionFilter, page: PageRequest, now: datetime) -> Page[SessionSummary]:
        rows = [_summary(s, now) for s in self.s.sessions.values()]
        online = flt.online is True
        codec = ONLINE_CURSOR if online else SESSIONS_CURSOR

        def key(r: SessionSummary) -> tuple[datetime, int]:
            return (r.last_heartbeat_at or r.last_seen_at, r.id) if online else (r.last_seen_at, r.id)

        if online:
            rows = [r for r in rows if r.online]
        else:
            if flt.online is False:
                rows = [r for r in rows if r.last_heartbeat_at is None or now - r.last_heartbeat_at > ONLINE_WINDOW]
        rows = [
            r
            for r in rows
            if (flt.browser is None or r.browser.lower() == flt.browser.lower())
            and (flt.os is None or r.os.lower() == flt.os.lower())
            and (flt.has_errors is None or (r.errors > 0) == flt.has_errors)
            and (flt.user_id is None or r.user_id == flt.user_id)
        ]
        rows.sort(key=key, reverse=True)
        after = page.after(codec)
        if after is not None:
            rows = [r for r in rows if key(r) < tuple(after)]
        return page_from_rows(rows[: page.limit + 1], page, codec, key)

    def online(self, now: datetime) -> int:
        return sum(1 for s in self.s.sessions.values() if _summary(s, now).online)

    def changed_sessions(self, since: datetime, now: datetime, limit: int) -> list[SessionSummary]:
        rows = sorted(
            (s for s in self.s.sessions.values() if s.last_seen_at > since),
            key=lambda s: (s.last_seen_at, s.id or 0),
            reverse=True,
        )
        return [_summary(s, now) for s in rows[:limit]]

    def session(self, session_id: int, now: datetime) -> SessionDetail | None:
        s = self.s.sessions.get(session_id)
        if s is None:
            return None
        d = s.device
        pages = sorted(
            (PageVisit(p.at, p.url, p.title) for p in self.s.pages if p.session_id == session_id), key=lambda p: p.at
        )[:500]
        errors = [
            SessionError(e.group_id, e.at, e.error_type, e.message[:500])
            for e in sorted(self.s.events, key=lambda e: e.at)
            if e.session_id == session_id
        ][:200]
        slow = [
            SlowCall(p.at, p.route, p.duration_ms)
            for p in sorted(self.s.perf, key=lambda p: p.at)
            if p.session_id == session_id and p.metric == "api" and p.duration_ms > 1000
        ][:200]
        replay = [
            ReplayChunk(r.seq, r.at, r.data, r.truncated)
            for r in sorted(self.s.replay, key=lambda r: r.seq)
            if r.session_id == session_id
        ][:400]
        return SessionDetail(
            _summary(s, now),
            d.browser_version,
            d.os_version,
            d.screen_width,
            d.screen_height,
            dict(d.hints),
            s.rage_clicks,
            s.cache_hits,
            s.cache_misses,
            pages,
            errors,
            slow,
            replay,
            health_score(s)[1],
        )

    def overview(self, now: datetime) -> Overview:
        hour, midnight = now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0)
        recent = [s for s in self.s.sessions.values() if s.last_seen_at >= hour]
        served = [r for r in self.s.routes if r.minute >= hour]
        perf = [p for p in self.s.perf if hour <= p.at < now]
        return Overview(
            now,
            self.online(now),
            sum(1 for s in self.s.sessions.values() if s.last_seen_at >= midnight),
            len(recent),
            sum(1 for s in recent if s.errors),
            sum(1 for e in self.s.events if e.at >= hour and e.source.value == "client"),
            sum(r.count for r in served),
            sum(r.server_errors for r in served),
            _p95([p.duration_ms for p in perf if p.metric == "page_load"]),
            _p95([p.duration_ms for p in perf if p.metric == "api"]),
        )

    def groups(self, flt: GroupFilter, page: PageRequest) -> Page[GroupSummary]:
        rows = [
            _group(g)
            for g in self.s.groups.values()
            if g.merged_into is None
            and (flt.status is None or g.status is flt.status)
            and (flt.source is None or g.source is flt.source)
            and (flt.since is None or g.last_seen >= flt.since)
            and (not flt.release or any(e.group_id == g.id and e.release == flt.release for e in self.s.events))
            and (not flt.page or any(e.group_id == g.id and e.component.startswith(flt.page) for e in self.s.events))
        ]
        column = {GroupSort.LAST_SEEN: "last_seen", GroupSort.COUNT: "count", GroupSort.USERS: "users"}[flt.sort]
        codec = GROUP_CURSORS[flt.sort]

        def key(g: GroupSummary) -> tuple[object, int]:
            return getattr(g, column), g.id

        rows.sort(key=key, reverse=True)  # type: ignore[arg-type,unused-ignore]
        after = page.after(codec)
        if after is not None:
            rows = [g for g in rows if key(g) < tuple(after)]  # type: ignore[operator,unused-ignore]
        return page_from_rows(rows[: page.limit + 1], page, codec, key)

    def group(self, group_id: int, now: datetime) -> GroupDetail | None:
        g = self.s.groups.get(group_id)
        if g is None:
            return None
        events = sorted((e for e in self.s.events if e.group_id == group_id), key=lambda e: e.at, reverse=True)

        def tally(values: list[str]) -> list[Tally]:
            return [Tally(k, n) for k, n in sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))[:20]]

        samples = [
            EventSample(
                e.at,
                e.message,
                e.error_type,
                e.url,
                e.release,
                e.browser,
                e.user_id,
                e.session_id,
                e.frames,
                e.breadcrumbs,
            )
            for e in events[:10]
        ]
        start = _hour(now) - timedelta(hours=47)
        histogram = [
            HourCount(h, self.s.group_hours.get((group_id, h), 0))
            for h in (start + timedelta(hours=i) for i in range(48))
        ]
        return GroupDetail(
            _group(g), tally([e.release for e in events]), tally([e.browser for e in events]), samples, histogram
        )

    def group_users(self, group_id: int, limit: int) -> list[int]:
        rows = sorted(
            ((seen, u) for (g, u), seen in self.s.group_users.items() if g == group_id),
            key=lambda r: (-r[0].timestamp(), r[1]),
        )
        return [u for _, u in rows[:limit]]

    def kpis(self, start: datetime, end: datetime) -> Kpis:
        proactive = sum(1 for _, at in self.s.proactive.values() if start <= at < end)
        components = Counter(e.component for e in self.s.events if start <= e.at < end)
        sessions = [s for s in self.s.sessions.values() if start <= s.started_at < end]
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

    def detection_input(self, now: datetime, since: datetime, repeats: int) -> DetectionInput:
        live = [g for g in self.s.groups.values() if g.merged_into is None]
        new = [_group(g) for g in sorted(live, key=lambda g: g.id) if g.first_seen >= since]
        regressed = [
            _group(g)
            for g in sorted(live, key=lambda g: g.id)
            if g.status.value == "regressed" and self.s.regressed_at.get(g.id, since) >= since
        ]
        last_hour = Counter(e.group_id for e in self.s.events if e.at >= now - timedelta(hours=1))
        this_hour = _hour(now)
        start = this_hour - timedelta(hours=HOURS - 1)
        hours = {g: [0] * (HOURS - 2) + [n] for g, n in last_hour.items()}
        for (g, h), n in self.s.group_hours.items():
            if g in hours and start <= h < this_hour - timedelta(hours=1):
                hours[g][int((h - start).total_seconds() // 3600)] = n
        titles = {g: self.s.groups[g].title for g in last_hour}
        window = Counter(
            (e.user_id, e.session_id, e.group_id)
            for e in self.s.events
            if e.at >= now - timedelta(minutes=30)
            and e.source.value == "client"
            and e.session_id is not None
            and e.user_id is not None
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
        return DetectionInput(new, regressed, hours, titles, repeated, pages)
