"""The monitoring read side on the database: keyset pages, rollups, percentiles in SQL on PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from domain.monitoring.grouping import Frame
from domain.monitoring.model import ONLINE_WINDOW, ErrorSource, GroupStatus, health_score, is_online
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

from .models import (
    AlertRow,
    ErrorEventRow,
    ErrorGroupRow,
    GroupHour,
    GroupUser,
    MonitoredSession,
    PageHourRollup,
    PerfSample,
    ProactiveTicket,
    ReplayChunkRow,
    RouteMinute,
    SessionPage,
)
from .telemetry import to_session

HOURS = 168
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
)


def _summary(r: dict[str, object], now: datetime) -> SessionSummary:
    beat = r["last_heartbeat_at"]
    ended = now - r["last_seen_at"] >= timedelta(minutes=30) or now - r["started_at"] >= timedelta(hours=24)  # type: ignore[operator]
    return SessionSummary(**r, online=is_online(beat, now) and not ended, ended=ended)  # type: ignore[arg-type]


def _group(r: ErrorGroupRow) -> GroupSummary:
    return GroupSummary(
        r.pk,
        r.title,
        r.culprit,
        r.error_type,
        ErrorSource(r.source),
        GroupStatus(r.status),
        r.first_seen,
        r.last_seen,
        r.count,
        r.users,
        r.assignee_id,
        r.ticket_id,
    )


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
    values = sorted(qs.values_list("duration_ms", flat=True))
    if not values:
        return None
    rank = 0.95 * (len(values) - 1)
    lo, frac = int(rank), rank - int(rank)
    return round(values[lo] + (values[min(lo + 1, len(values) - 1)] - values[lo]) * frac, 1)


class DjangoMonitoringQueries:
    def sessions(self, flt: SessionFilter, page: PageRequest, now: datetime) -> Page[SessionSummary]:
        qs: QuerySet[MonitoredSession] = MonitoredSession.objects.all()
        if flt.online is True:
            codec, order = ONLINE_CURSOR, "last_heartbeat_at"
            qs = qs.filter(
                last_heartbeat_at__gte=now - ONLINE_WINDOW,
                last_seen_at__gt=now - timedelta(minutes=30),
                started_at__gt=now - timedelta(hours=24),
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
            last_heartbeat_at__gte=now - ONLINE_WINDOW,
            last_seen_at__gt=now - timedelta(minutes=30),
            started_at__gt=now - timedelta(hours=24),
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
            for p in PerfSample.objects.filter(session_id=session_id, metric="api", duration_ms__gt=1000).order_by(
                "at", "id"
            )[:200]
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
        )

    def overview(self, now: datetime) -> Overview:
        hour = now - timedelta(hours=1)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        recent = MonitoredSession.objects.filter(last_seen_at__gte=hour).aggregate(
            n=Count("id"), e=Count("id", filter=Q(errors__gt=0))
        )
        served = RouteMinute.objects.filter(minute__gte=hour).aggregate(n=Sum("count"), e=Sum("server_errors"))
        return Overview(
            now,
            self.online(now),
            MonitoredSession.objects.filter(last_seen_at__gte=midnight).count(),
            recent["n"],
            recent["e"],
            ErrorEventRow.objects.filter(at__gte=hour, source="client").count(),
            served["n"] or 0,
            served["e"] or 0,
            p95("page_load", hour, now),
            p95("api", hour, now),
        )

    def groups(self, flt: GroupFilter, page: PageRequest) -> Page[GroupSummary]:
        qs = ErrorGroupRow.objects.filter(merged_into__isnull=True)
        if flt.status is not None:
            qs = qs.filter(status=flt.status.value)
        if flt.source is not None:
            qs = qs.filter(source=flt.source.value)
        if flt.since is not None:
            qs = qs.filter(last_seen__gte=flt.since)
        if flt.release:
            qs = qs.filter(pk__in=ErrorEventRow.objects.filter(release=flt.release).values("group_id"))
        if flt.page:
            qs = qs.filter(pk__in=ErrorEventRow.objects.filter(component__startswith=flt.page).values("group_id"))
        codec = GROUP_CURSORS[flt.sort]
        column = {GroupSort.LAST_SEEN: "last_seen", GroupSort.COUNT: "count", GroupSort.USERS: "users"}[flt.sort]
        after = page.after(codec)
        if after:
            qs = qs.filter(Q(**{f"{column}__lt": after[0]}) | Q(**{column: after[0], "id__lt": after[1]}))
        items = [_group(r) for r in qs.order_by(f"-{column}", "-id")[: page.limit + 1]]
        return page_from_rows(items, page, codec, lambda g: (getattr(g, column), g.id))

    def group(self, group_id: int, now: datetime) -> GroupDetail | None:
        row = ErrorGroupRow.objects.filter(pk=group_id).first()
        if row is None:
            return None
        events = ErrorEventRow.objects.filter(group_id=group_id)
        releases = [
            Tally(r["release"], r["n"]) for r in events.values("release").annotate(n=Count("id")).order_by("-n")[:20]
        ]
        browsers = [
            Tally(r["browser"], r["n"]) for r in events.values("browser").annotate(n=Count("id")).order_by("-n")[:20]
        ]
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
                tuple(Frame(**f) for f in e.frames),
                tuple(e.breadcrumbs),
            )
            for e in events.order_by("-at", "-id")[:10]
        ]
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=47)
        counts = dict(GroupHour.objects.filter(group_id=group_id, hour__gte=start).values_list("hour", "count"))
        histogram = [HourCount(h, counts.get(h, 0)) for h in (start + timedelta(hours=i) for i in range(48))]
        return GroupDetail(_group(row), releases, browsers, samples, histogram)

    def group_users(self, group_id: int, limit: int) -> list[int]:
        return list(
            GroupUser.objects.filter(group_id=group_id)
            .order_by("-last_seen", "user_id")
            .values_list("user_id", flat=True)[:limit]
        )

    def kpis(self, start: datetime, end: datetime) -> Kpis:
        proactive = ProactiveTicket.objects.filter(created_at__gte=start, created_at__lt=end).count()
        by_component = (
            ErrorEventRow.objects.filter(at__gte=start, at__lt=end)
            .values("component")
            .annotate(n=Count("id"))
            .order_by("-n", "component")[:20]
        )
        sessions = MonitoredSession.objects.filter(started_at__gte=start, started_at__lt=end)
        bands = sessions.aggregate(
            **{label: Count("id", filter=Q(health__gte=lo, health__lte=hi)) for lo, hi, label in HEALTH_BANDS}
        )
        rules = (
            AlertRow.objects.filter(created_at__gte=start, created_at__lt=end).values("rule").annotate(n=Count("id"))
        )
        return Kpis(
            start,
            end,
            proactive,
            0,
            [Tally(r["component"], r["n"]) for r in by_component],
            [Tally(label, bands[label]) for _, _, label in HEALTH_BANDS],
            sessions.count(),
            [Tally(r["rule"], r["n"]) for r in rules.order_by("rule")],
        )

    def detection_input(self, now: datetime, since: datetime, repeats: int) -> DetectionInput:
        live = ErrorGroupRow.objects.filter(merged_into__isnull=True)
        new = [_group(r) for r in live.filter(first_seen__gte=since).order_by("id")[:200]]
        regressed = [_group(r) for r in live.filter(regressed_at__gte=since, status="regressed").order_by("id")[:200]]
        last_hour = dict(
            ErrorEventRow.objects.filter(at__gte=now - timedelta(hours=1))
            .values("group_id")
            .annotate(n=Count("id"))
            .values_list("group_id", "n")
        )
        this_hour = now.replace(minute=0, second=0, microsecond=0)
        start = this_hour - timedelta(hours=HOURS - 1)
        hours: dict[int, list[int]] = {
            g: [0] * (HOURS - 2) + [n] for g, n in last_hour.items()
        }  # 166 full hours, then the last 60 min
        for g, h, n in GroupHour.objects.filter(
            group_id__in=list(last_hour), hour__gte=start, hour__lt=this_hour - timedelta(hours=1)
        ).values_list("group_id", "hour", "count"):
            hours[g][int((h - start).total_seconds() // 3600)] = n
        titles = dict(ErrorGroupRow.objects.filter(pk__in=list(last_hour)).values_list("id", "title"))
        window = ErrorEventRow.objects.filter(
            at__gte=now - timedelta(minutes=30), source="client", session_id__isnull=False, user_id__isnull=False
        )
        repeated_rows = (
            window.values("user_id", "session_id", "group_id")
            .annotate(n=Count("id"))
            .filter(n__gte=repeats)
            .order_by("session_id", "group_id")[:500]
        )
        rtitles = dict(
            ErrorGroupRow.objects.filter(pk__in={r["group_id"] for r in repeated_rows}).values_list("id", "title")
        )
        repeated = [
            RepeatedError(r["user_id"], r["session_id"], r["group_id"], r["n"], rtitles.get(r["group_id"], ""))
            for r in repeated_rows
        ]
        active = set(PageHourRollup.objects.filter(hour=this_hour).values_list("page", flat=True)[:2000])
        pages: dict[str, list[tuple[int, int, int]]] = {p: [(0, 0, 0)] * HOURS for p in active}
        for p, h, v, e, rc in PageHourRollup.objects.filter(page__in=active, hour__gte=start).values_list(
            "page", "hour", "views", "exits", "rage_clicks"
        ):
            pages[p][int((h - start).total_seconds() // 3600)] = (v, e, rc)
        return DetectionInput(new, regressed, hours, titles, repeated, pages)
