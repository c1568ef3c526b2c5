"""In-memory error groups: the same answers as the SQL, checked by one contract."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from domain.monitoring.model import ErrorGroup, is_new_group, new_since
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

from .monitoring import InMemoryMonitoring


def hour_of(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def group_summary(g: ErrorGroup, now: datetime) -> GroupSummary:
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
        is_new_group(g.first_seen, now),
    )


class GroupQueries:
    """Error groups (part of InMemoryMonitoringQueries)."""

    s: InMemoryMonitoring

    def groups(self, flt: GroupFilter, page: PageRequest, now: datetime) -> Page[GroupSummary]:
        rows = [
            group_summary(g, now)
            for g in self.s.groups.values()
            if g.merged_into is None
            and (flt.status is None or g.status is flt.status)
            and (flt.source is None or g.source is flt.source)
            and (flt.since is None or g.last_seen >= flt.since)
            and (flt.new is None or (g.first_seen > new_since(now)) == flt.new)
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
        start = hour_of(now) - timedelta(hours=47)
        histogram = [
            HourCount(h, self.s.group_hours.get((group_id, h), 0))
            for h in (start + timedelta(hours=i) for i in range(48))
        ]
        return GroupDetail(
            group_summary(g, now),
            tally([e.release for e in events]),
            tally([e.browser for e in events]),
            samples,
            histogram,
        )

    def group_users(self, group_id: int, limit: int) -> list[int]:
        rows = sorted(
            ((seen, u) for (g, u), seen in self.s.group_users.items() if g == group_id),
            key=lambda r: (-r[0].timestamp(), r[1]),
        )
        return [u for _, u in rows[:limit]]
