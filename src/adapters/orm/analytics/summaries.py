"""The day summaries of DjangoRollupStore: read (re-summarized first where ingestion changed a day), refreshed by the
every-minute task, and made from a day's rollup rows."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max

from adapters.orm.accounts.models import UserProfile
from domain.analytics.days import Calendar, month_key
from domain.analytics.learnerset import LearnerSet
from domain.analytics.rollup import Attributes, CourseDay, LearnerDay, summarize
from domain.analytics.rollup import DaySummary as Summary

from . import models as m
from .marks import redo_marked
from .rows import fetch_binary


class DaySummaries:
    """The summaries half of DjangoRollupStore (its base class)."""

    calendar: Calendar
    stale: timedelta

    def summaries(
        self, dimension: str, value: str, first: date, last: date, now: datetime, only: tuple[str, ...] = ()
    ) -> dict[date, Summary]:
        self.refresh_summaries(first, last, now - self.stale if self.stale else None)
        columns = only or (*SETS, "data")
        out = {}
        for day, *values in _fetch(dimension, value, first, last, columns):
            s = out[day] = Summary(day, dimension, value)
            for name, found in zip(columns, values, strict=True):
                if name == "data":
                    s.load_payload(found if isinstance(found, dict) else json.loads(found))
                else:
                    setattr(s, name, _set(found))
        return out

    def latest_summary(self) -> date | None:
        found: date | None = m.DaySummary.objects.filter(dimension="all", value="").aggregate(v=Max("day"))["v"]
        return found

    def refresh_summaries(
        self, first: date | None = None, last: date | None = None, before: datetime | None = None
    ) -> int:
        """Re-summarize the days ingestion changed (within [first, last], and changed before `before`, when
        given)."""
        return redo_marked(m.DirtyDay, self._summarize, first, last, before)

    def _summarize(self, day: date) -> int:
        learner_days = [
            LearnerDay(u, day, e, s, h, t)
            for u, e, s, h, t in m.LearnerDay.objects.filter(day=day).values_list(
                "user_id", "events", "seconds", "hours", "types"
            )
        ]
        course_days = [
            CourseDay(*r[:2], day, *r[2:])
            for r in m.CourseDay.objects.filter(day=day).values_list(
                "user_id", "course", "events", "seconds", "progress_steps", "completions", "max_progress", "drops"
            )
        ]
        attrs = self._attributes({r.user_id for r in learner_days})
        made = summarize(day, learner_days, course_days, attrs, self._joined(day))
        m.DaySummary.objects.filter(day=day).delete()
        m.DaySummary.objects.bulk_create(
            [
                m.DaySummary(
                    day=s.day,
                    dimension=s.dimension,
                    value=s.value,
                    learners=s.learners.dump(),
                    night=s.night.dump(),
                    long=s.long.dump(),
                    deep=s.deep.dump(),
                    completers=s.completers.dump(),
                    joined=s.joined.dump(),
                    data=s.payload(),
                )
                for s in made
            ],
            batch_size=200,
        )
        return len(made)

    def _attributes(self, users: set[int]) -> dict[int, Attributes]:
        out: dict[int, Attributes] = {}
        ids = sorted(users)
        cal = self.calendar
        for i in range(0, len(ids), 5000):
            chunk = ids[i : i + 5000]
            enrolled = dict(
                m.Journey.objects.filter(user_id__in=chunk, course="", enrolled__isnull=False).values_list(
                    "user_id", "enrolled"
                )
            )
            for uid, role, priority, status, joined in UserProfile.objects.filter(user_id__in=chunk).values_list(
                "user_id", "platform_role", "support_priority", "account_status", "date_joined"
            ):
                first = enrolled.get(uid)
                out[uid] = Attributes(
                    role, priority, status, month_key(cal.day(joined)), month_key(cal.day(first)) if first else ""
                )
        return out

    def _joined(self, day: date) -> list[int]:
        a, b = self.calendar.bounds(day, day)
        return list(UserProfile.objects.filter(date_joined__gte=a, date_joined__lt=b).values_list("user_id", flat=True))


SETS = ("learners", "night", "long", "deep", "completers", "joined")
TABLE = m.DaySummary._meta.db_table


def _fetch(dimension: str, value: str, first: date, last: date, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The summaries' rows with just these columns."""
    if any(c not in (*SETS, "data") for c in columns):
        raise ValueError(f"unknown summary columns {columns}")
    sql = (
        f"SELECT day, {', '.join(columns)} FROM {TABLE} "
        "WHERE dimension = %s AND value = %s AND day >= %s AND day <= %s ORDER BY day"
    )
    return [(_day(r[0]), *r[1:]) for r in fetch_binary(sql, [dimension, value, first, last])]


def _day(value: object) -> date:
    """SQLite hands raw SQL's dates back as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _set(blob: bytes | memoryview | None) -> LearnerSet:
    return LearnerSet.load(bytes(blob) if blob is not None else None)
