"""AnalyticsQueries on Django: drop-off points, cohort sizes and tickets per week (the funnel is a rollup, in
funnels.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet

from adapters.orm.accounts.models import Course, UserProfile
from adapters.orm.tickets.models import SupportTicket
from adapters.replicas.routing import read_connection
from domain.analytics.days import Calendar, add_months, week_start
from domain.analytics.journeys import DropOff, drop_offs

from . import models as m

P = UserProfile._meta.db_table


class DjangoAnalyticsQueries:
    def __init__(self, calendar: Calendar):
        self.calendar = calendar

    def course_exists(self, code: str) -> bool:
        return Course.objects.filter(code=code).exists()

    def stops(self, course: str | None, first: datetime, end: datetime, stopped_before: datetime) -> list[DropOff]:
        """Learners who enrolled in a course in [first, end), have not completed it and were not seen in it since
        `stopped_before`, by course and the last module they reached."""
        rows = m.Journey.objects.exclude(course="").filter(
            enrolled__gte=first, enrolled__lt=end, completed__isnull=True, last_seen__lt=stopped_before
        )
        if course:
            rows = rows.filter(course=course)
        found = rows.values("course", "last_module").annotate(n=Count("*")).order_by()
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
        with read_connection().cursor() as c:
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
