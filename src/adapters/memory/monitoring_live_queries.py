"""In-memory live sessions: the same answers as the SQL, checked by one contract."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.monitoring.model import ONLINE_WINDOW, SLOW_API_MS, Session, health_score, is_online, session_open
from domain.monitoring.queries import (
    ONLINE_CURSOR,
    SESSIONS_CURSOR,
    VITAL_METRICS,
    Overview,
    PageVisit,
    ReplayChunk,
    SessionDetail,
    SessionError,
    SessionFilter,
    SessionSummary,
    SlowCall,
    p95,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows

from .monitoring import InMemoryMonitoring


def _summary(s: Session, now: datetime) -> SessionSummary:
    ended = not session_open(s.started_at, s.last_seen_at, now)
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
        s.staff,
    )


class SessionQueries:
    """Sessions, online now and the overview (part of InMemoryMonitoringQueries)."""

    s: InMemoryMonitoring

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
            and (flt.staff is None or r.staff == flt.staff)
        ]
        rows.sort(key=key, reverse=True)
        after = page.after(codec)
        if after is not None:
            rows = [r for r in rows if key(r) < tuple(after)]
        return page_from_rows(rows[: page.limit + 1], page, codec, key)

    def online(self, now: datetime) -> int:
        return sum(1 for s in self.s.sessions.values() if not s.staff and _summary(s, now).online)

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
        own = [p for p in sorted(self.s.perf, key=lambda p: p.at) if p.session_id == session_id]
        slow = [
            SlowCall(p.at, p.route, p.duration_ms) for p in own if p.metric == "api" and p.duration_ms > SLOW_API_MS
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
            {p.metric: p.duration_ms for p in own if p.metric in VITAL_METRICS},
            sum(1 for p in own if p.metric == "api"),
        )

    def overview(self, now: datetime) -> Overview:
        hour, midnight = now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0)
        learners = [s for s in self.s.sessions.values() if not s.staff]
        recent = [s for s in learners if s.last_seen_at >= hour]
        served = [r for r in self.s.routes if r.minute >= hour]
        perf = [p for p in self.s.perf if hour <= p.at < now]
        return Overview(
            now,
            self.online(now),
            sum(1 for s in learners if s.last_seen_at >= midnight),
            len(recent),
            sum(1 for s in recent if s.errors),
            sum(1 for e in self.s.events if e.at >= hour and e.source.value == "client"),
            sum(r.count for r in served),
            sum(r.server_errors for r in served),
            p95([p.duration_ms for p in perf if p.metric == "page_load"]),
            p95([p.duration_ms for p in perf if p.metric == "api"]),
        )
