"""Live sessions on the database: keyset pages of sessions, one session's detail, the overview."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from domain.monitoring.model import (
    IDLE_END,
    MAX_SESSION,
    ONLINE_WINDOW,
    SLOW_API_MS,
    health_score,
    is_online,
    session_open,
)
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
)
from domain.monitoring.queries import p95 as p95_of
from domain.shared.pagination import Page, PageRequest, page_from_rows

from .models import (
    ErrorEventRow,
    MonitoredSession,
    PerfSample,
    ReplayChunkRow,
    RouteMinute,
    SessionPage,
)
from .telemetry import to_session

SUMMARY_FIELDS = (
    "id",
    "key",
    "user_id",
    "started_at",
    "last_seen_at",
    "last_heartbeat_at",
    "url",
    "title",
    "visible",
    "browser",
    "os",
    "device",
    "page_views",
    "errors",
    "slow_calls",
    "health",
    "staff",
)


def _summary(r: dict[str, object], now: datetime) -> SessionSummary:
    beat = r["last_heartbeat_at"]
    ended = not session_open(r["started_at"], r["last_seen_at"], now)  # type: ignore[arg-type]
    return SessionSummary(**r, online=is_online(beat, now) and not ended, ended=ended)  # type: ignore[arg-type]


def p95(metric: str, start: datetime, end: datetime) -> float | None:
    qs = PerfSample.objects.filter(metric=metric, at__gte=start, at__lt=end)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FROM {PerfSample._meta.db_table} "
                "WHERE metric = %s AND at >= %s AND at < %s",
                [metric, start, end],
            )
            value = cursor.fetchone()[0]
        return None if value is None else round(float(value), 1)
    return p95_of(list(qs.values_list("duration_ms", flat=True)))


class SessionQueries:
    """Sessions, online now and the overview (part of DjangoMonitoringQueries)."""

    def sessions(self, flt: SessionFilter, page: PageRequest, now: datetime) -> Page[SessionSummary]:
        qs: QuerySet[MonitoredSession] = MonitoredSession.objects.all()
        if flt.online is True:
            codec, order = ONLINE_CURSOR, "last_heartbeat_at"
            qs = qs.filter(
                last_heartbeat_at__gte=now - ONLINE_WINDOW,
                last_seen_at__gt=now - IDLE_END,
                started_at__gt=now - MAX_SESSION,
            )
        else:
            codec, order = SESSIONS_CURSOR, "last_seen_at"
            if flt.online is False:
                qs = qs.filter(Q(last_heartbeat_at__isnull=True) | Q(last_heartbeat_at__lt=now - ONLINE_WINDOW))
        if flt.browser:
            qs = qs.filter(browser__iexact=flt.browser)
        if flt.os:
            qs = qs.filter(os__iexact=flt.os)
        if flt.has_errors is not None:
            qs = qs.filter(errors__gt=0) if flt.has_errors else qs.filter(errors=0)
        if flt.user_id is not None:
            qs = qs.filter(user_id=flt.user_id)
        if flt.staff is not None:
            qs = qs.filter(staff=flt.staff)
        after = page.after(codec)
        if after:
            qs = qs.filter(Q(**{f"{order}__lt": after[0]}) | Q(**{order: after[0], "id__lt": after[1]}))
        rows = list(qs.order_by(f"-{order}", "-id").values(*SUMMARY_FIELDS)[: page.limit + 1])
        items = [_summary(r, now) for r in rows]
        key = (
            (lambda s: (s.last_heartbeat_at, s.id))
            if order == "last_heartbeat_at"
            else (lambda s: (s.last_seen_at, s.id))
        )
        return page_from_rows(items, page, codec, key)

    def online(self, now: datetime) -> int:
        return MonitoredSession.objects.filter(
            staff=False,
            last_heartbeat_at__gte=now - ONLINE_WINDOW,
            last_seen_at__gt=now - IDLE_END,
            started_at__gt=now - MAX_SESSION,
        ).count()

    def changed_sessions(self, since: datetime, now: datetime, limit: int) -> list[SessionSummary]:
        rows = MonitoredSession.objects.filter(last_seen_at__gt=since).order_by("-last_seen_at", "-id")
        return [_summary(r, now) for r in rows.values(*SUMMARY_FIELDS)[:limit]]

    def session(self, session_id: int, now: datetime) -> SessionDetail | None:
        row = MonitoredSession.objects.filter(pk=session_id).first()
        if row is None:
            return None
        summary = _summary({f: getattr(row, f) for f in SUMMARY_FIELDS}, now)
        pages = [
            PageVisit(p.at, p.url, p.title)
            for p in SessionPage.objects.filter(session_id=session_id).order_by("at", "id")[:500]
        ]
        errors = [
            SessionError(e.group_id, e.at, e.error_type, e.message[:500])
            for e in ErrorEventRow.objects.filter(session_id=session_id).order_by("at", "id")[:200]
        ]
        slow = [
            SlowCall(p.at, p.route, p.duration_ms)
            for p in PerfSample.objects.filter(
                session_id=session_id, metric="api", duration_ms__gt=SLOW_API_MS
            ).order_by("at", "id")[:200]
        ]
        replay = [
            ReplayChunk(r.seq, r.at, r.data, r.truncated)
            for r in ReplayChunkRow.objects.filter(session_id=session_id).order_by("seq", "id")[:400]
        ]
        return SessionDetail(
            summary,
            row.browser_version,
            row.os_version,
            row.screen_width,
            row.screen_height,
            dict(row.hints),
            row.rage_clicks,
            row.cache_hits,
            row.cache_misses,
            pages,
            errors,
            slow,
            replay,
            health_score(to_session(row))[1],
            _vitals(session_id),
            PerfSample.objects.filter(session_id=session_id, metric="api").count(),
        )

    def overview(self, now: datetime) -> Overview:
        hour = now - timedelta(hours=1)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        learners = MonitoredSession.objects.filter(staff=False)
        recent = learners.filter(last_seen_at__gte=hour).aggregate(n=Count("id"), e=Count("id", filter=Q(errors__gt=0)))
        served = RouteMinute.objects.filter(minute__gte=hour).aggregate(n=Sum("count"), e=Sum("server_errors"))
        return Overview(
            now,
            self.online(now),
            learners.filter(last_seen_at__gte=midnight).count(),
            recent["n"],
            recent["e"],
            ErrorEventRow.objects.filter(at__gte=hour, source="client").count(),
            served["n"] or 0,
            served["e"] or 0,
            p95("page_load", hour, now),
            p95("api", hour, now),
        )


def _vitals(session_id: int) -> dict[str, int]:
    """The latest value of each web vital the session reported."""
    rows = PerfSample.objects.filter(session_id=session_id, metric__in=VITAL_METRICS).order_by("at", "id")
    return {r.metric: r.duration_ms for r in rows.only("metric", "duration_ms")}
