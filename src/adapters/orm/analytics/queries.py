"""AnalyticsQueries on Django: the journey funnel, drop-off points, cohort sizes and tickets per week. On
PostgreSQL the funnel's counts and medians are one aggregate statement; elsewhere the domain computes them from
the rows (tests hold the two to the same answers)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from adapters.orm.accounts.models import Course, UserProfile
from adapters.orm.tickets.models import SupportTicket
from domain.accounts.search import EPOCH
from domain.analytics.days import Calendar, add_months, week_start
from domain.analytics.journeys import STEPS, DropOff, Funnel, JourneyRow, drop_offs, funnel, funnel_from_counts

from . import models as m

J = m.Journey._meta.db_table
P = UserProfile._meta.db_table
# the journey columns of each funnel step after signup ("o" the across-courses row, "c" the course's)
COLUMNS = ("o.first_login", "{c}.enrolled", "{c}.p25", "{c}.p50", "{c}.p75", "{c}.completed")


class DjangoAnalyticsQueries:
    def __init__(self, calendar: Calendar):
        self.calendar = calendar

    def course_exists(self, code: str) -> bool:
        return Course.objects.filter(code=code).exists()

    def _from(self, course: str | None) -> tuple[str, list[Any]]:
        if course:
            return (
                f"FROM {P} p LEFT JOIN {J} o ON o.user_id = p.user_id AND o.course = '' "
                f"LEFT JOIN {J} c ON c.user_id = p.user_id AND c.course = %s",
                [course],
            )
        return f"FROM {P} p LEFT JOIN {J} o ON o.user_id = p.user_id AND o.course = ''", []

    def funnel(self, course: str | None, first: datetime, end: datetime) -> Funnel:
        alias = "c" if course else "o"
        cols = ["p.date_joined", *(c.format(c=alias) for c in COLUMNS)]
        source, args = self._from(course)
        where = "WHERE p.date_joined >= %s AND p.date_joined < %s"
        if connection.vendor != "postgresql":
            with connection.cursor() as cur:
                cur.execute(f"SELECT {', '.join(cols)} {source} {where}", [*args, first, end])
                rows = [JourneyRow(_dt(r[0]) or EPOCH, *(_dt(v) for v in r[1:])) for r in cur.fetchall()]
            return funnel(rows)
        counts, medians = [], []
        reached: list[str] = []
        for i, col in enumerate(cols):
            reached.append(f"{col} IS NOT NULL")
            cond = " AND ".join(reached)
            counts.append(f"COUNT(*) FILTER (WHERE {cond})")
            if i:
                medians.append(
                    f"percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(0, EXTRACT(EPOCH FROM {col} - {cols[i - 1]})"
                    f" / 3600)) FILTER (WHERE {cond})"
                )
        with connection.cursor() as cur:
            cur.execute(f"SELECT {', '.join(counts + medians)} {source} {where}", [*args, first, end])
            row = cur.fetchone()
        n = len(STEPS)
        return funnel_from_counts(
            [int(v) for v in row[:n]], [None, *(None if v is None else float(v) for v in row[n:])]
        )

    def stops(self, course: str | None, first: datetime, end: datetime, stopped_before: datetime) -> list[DropOff]:
        """Learners who enrolled in a course in [first, end), have not completed it and were not seen in it since
        `stopped_before`, by course and the last module they reached."""
        rows = m.Journey.objects.exclude(course="").filter(
            enrolled__gte=first, enrolled__lt=end, completed__isnull=True, last_seen__lt=stopped_before
        )
        if course:
            rows = rows.filter(course=course)
        found = rows.values("course", "last_module").annotate(n=Count("id")).order_by()
        return drop_offs((r["course"], r["last_module"], r["n"]) for r in found)

    def cohort_sizes(
        self, by: str, first: date, last: date, segment: tuple[str, str] | None
    ) -> list[tuple[str, date, int]]:
        if by == "signup_month" and segment is None and connection.vendor == "postgresql":
            return self._signups_by_month(first, last)
        out = []
        month = first.replace(day=1)
        while month <= last:
            a, b = self.calendar.bounds(month, add_months(month, 1) - timedelta(days=1))
            if by == "signup_month":
                people = UserProfile.objects.filter(date_joined__gte=a, date_joined__lt=b)
            else:
                ids = m.Journey.objects.filter(course="", enrolled__gte=a, enrolled__lt=b).values("user_id")
                people = UserProfile.objects.filter(user_id__in=ids)
            if segment is not None:
                people = _segment(people, segment, self.calendar)
            out.append((f"{month.year:04d}-{month.month:02d}", month, people.count()))
            month = add_months(month, 1)
        return out

    def _signups_by_month(self, first: date, last: date) -> list[tuple[str, date, int]]:
        """One pass over the signup index for every month (a COUNT per month read it once each)."""
        months = []
        month = first.replace(day=1)
        while month <= last:
            months.append(month)
            month = add_months(month, 1)
        a, b = self.calendar.bounds(months[0], add_months(months[-1], 1) - timedelta(days=1))
        with connection.cursor() as c:
            c.execute(
                f"SELECT to_char(date_joined AT TIME ZONE %s, 'YYYY-MM'), count(*) FROM {P} "
                f"WHERE date_joined >= %s AND date_joined < %s GROUP BY 1",
                [self.calendar.zone, a, b],
            )
            found = dict(c.fetchall())
        return [(f"{m.year:04d}-{m.month:02d}", m, int(found.get(f"{m.year:04d}-{m.month:02d}", 0))) for m in months]

    def tickets_by_week(self, first: datetime, end: datetime) -> list[tuple[date, str, int]]:
        tally: Counter[tuple[date, str]] = Counter()
        rows = SupportTicket.objects.filter(created_at__gte=first, created_at__lt=end)
        for created, category in rows.values_list("created_at", "category").iterator(chunk_size=10_000):
            tally[(week_start(self.calendar.day(created)), category)] += 1
        return sorted((w, c, n) for (w, c), n in tally.items())


def _segment(people: QuerySet[UserProfile], segment: tuple[str, str], cal: Calendar) -> QuerySet[UserProfile]:
    dim, value = segment
    if dim in ("platform_role", "support_priority", "account_status"):
        return people.filter(**{dim: value})
    if dim == "course":
        return people.filter(user_id__in=m.Journey.objects.filter(course=value).values("user_id"))
    year, month = (int(x) for x in value.split("-")) if "-" in value else (1970, 1)
    a, b = cal.bounds(date(year, month, 1), add_months(date(year, month, 1), 1) - timedelta(days=1))
    if dim == "signup_month":
        return people.filter(date_joined__gte=a, date_joined__lt=b)
    started = m.Journey.objects.filter(course="", enrolled__gte=a, enrolled__lt=b).values("user_id")
    return people.filter(Q(user_id__in=started))


def _dt(value: object) -> datetime | None:
    """SQLite hands raw SQL's date-times back as text."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
