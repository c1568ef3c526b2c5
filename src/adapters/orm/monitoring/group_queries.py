"""Error groups on the database: the filtered, sorted list, one group's detail, its learners."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q

from domain.monitoring.grouping import Frame
from domain.monitoring.model import ErrorSource, GroupStatus, is_new_group, new_since
from domain.monitoring.queries import (
    GROUP_CURSORS,
    EventSample,
    GroupDetail,
    GroupFilter,
    GroupSort,
    GroupSummary,
    HourCount,
    Tally,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows

from .models import (
    ErrorEventRow,
    ErrorGroupRow,
    GroupHour,
    GroupUser,
)


def group_summary(r: ErrorGroupRow, now: datetime) -> GroupSummary:
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
        is_new_group(r.first_seen, now),
    )


class GroupQueries:
    """Error groups (part of DjangoMonitoringQueries)."""

    def groups(self, flt: GroupFilter, page: PageRequest, now: datetime) -> Page[GroupSummary]:
        qs = ErrorGroupRow.objects.filter(merged_into__isnull=True)
        if flt.status is not None:
            qs = qs.filter(status=flt.status.value)
        if flt.source is not None:
            qs = qs.filter(source=flt.source.value)
        if flt.since is not None:
            qs = qs.filter(last_seen__gte=flt.since)
        if flt.new is not None:
            qs = qs.filter(first_seen__gt=new_since(now)) if flt.new else qs.filter(first_seen__lte=new_since(now))
        if flt.release:
            qs = qs.filter(pk__in=ErrorEventRow.objects.filter(release=flt.release).values("group_id"))
        if flt.page:
            qs = qs.filter(pk__in=ErrorEventRow.objects.filter(component__startswith=flt.page).values("group_id"))
        codec = GROUP_CURSORS[flt.sort]
        column = {GroupSort.LAST_SEEN: "last_seen", GroupSort.COUNT: "count", GroupSort.USERS: "users"}[flt.sort]
        after = page.after(codec)
        if after:
            qs = qs.filter(Q(**{f"{column}__lt": after[0]}) | Q(**{column: after[0], "id__lt": after[1]}))
        items = [group_summary(r, now) for r in qs.order_by(f"-{column}", "-id")[: page.limit + 1]]
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
        return GroupDetail(group_summary(row, now), releases, browsers, samples, histogram)

    def group_users(self, group_id: int, limit: int) -> list[int]:
        return list(
            GroupUser.objects.filter(group_id=group_id)
            .order_by("-last_seen", "user_id")
            .values_list("user_id", flat=True)[:limit]
        )
