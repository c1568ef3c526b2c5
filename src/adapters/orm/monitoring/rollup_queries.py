"""Rollups on the database: the KPIs and what the detection rules read, in a few queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q

from domain.monitoring.queries import (
    HEALTH_BANDS,
    DetectionInput,
    Kpis,
    RepeatedError,
    Tally,
)

from .group_queries import group_summary
from .models import (
    AlertRow,
    ErrorEventRow,
    ErrorGroupRow,
    GroupHour,
    MonitoredSession,
    PageHourRollup,
    ProactiveTicket,
)

HOURS = 168


class RollupQueries:
    """KPIs and detection input (part of DjangoMonitoringQueries)."""

    def kpis(self, start: datetime, end: datetime) -> Kpis:
        proactive = ProactiveTicket.objects.filter(created_at__gte=start, created_at__lt=end).count()
        by_component = (
            ErrorEventRow.objects.filter(at__gte=start, at__lt=end)
            .values("component")
            .annotate(n=Count("id"))
            .order_by("-n", "component")[:20]
        )
        sessions = MonitoredSession.objects.filter(staff=False, started_at__gte=start, started_at__lt=end)
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

    def detection_input(
        self, now: datetime, since: datetime, repeats: int, users_since: datetime, min_users: int
    ) -> DetectionInput:
        live = ErrorGroupRow.objects.filter(merged_into__isnull=True)
        new = [group_summary(r, now) for r in live.filter(first_seen__gte=since).order_by("id")[:200]]
        regressed = [
            group_summary(r, now) for r in live.filter(regressed_at__gte=since, status="regressed").order_by("id")[:200]
        ]
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
        users = dict(
            ErrorEventRow.objects.filter(at__gte=users_since, user_id__isnull=False)
            .values("group_id")
            .annotate(n=Count("user_id", distinct=True))
            .filter(n__gte=min_users)
            .order_by("group_id")
            .values_list("group_id", "n")[:500]
        )
        titles = dict(ErrorGroupRow.objects.filter(pk__in={*last_hour, *users}).values_list("id", "title"))
        window = ErrorEventRow.objects.filter(
            at__gte=now - timedelta(minutes=30), source="client", session_id__isnull=False, user_id__isnull=False
        ).exclude(session_id__in=MonitoredSession.objects.filter(staff=True).values("id"))
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
        return DetectionInput(new, regressed, hours, titles, repeated, pages, users)
