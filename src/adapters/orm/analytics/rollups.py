"""RollupStore on Django: the rollup rows, added incrementally by ingestion and rebuilt from the raw activity (the day
summaries, refreshed where a day changed, are in summaries.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import JSONField, Q

from domain.analytics.days import Calendar, days
from domain.analytics.facts import fact
from domain.analytics.ports import RebuildReport
from domain.analytics.rollup import CourseDay, Deltas, Journey, LearnerDay

from . import models as m
from .funnels import FunnelDays
from .marks import mark
from .rows import counted_activity_rows
from .summaries import DaySummaries

JOURNEY_FIELDS = ["first_login", "enrolled", "p25", "p50", "p75", "completed", "last_seen", "last_module", "module_at"]
REBUILD_CHUNK_DAYS = 7
LOOKUP = 5000  # ids per IN list


def _pairs_filter(keys: Iterable[tuple[Any, ...]], names: tuple[str, ...]) -> Q:
    cond = Q()
    for key in keys:
        cond |= Q(**dict(zip(names, key, strict=True)))
    return cond


def to_learner_day(r: m.LearnerDay) -> LearnerDay:
    return LearnerDay(r.user_id, r.day, r.events, r.seconds, r.hours, dict(r.types))


def to_course_day(r: m.CourseDay) -> CourseDay:
    return CourseDay(
        r.user_id, r.course, r.day, r.events, r.seconds, r.progress_steps, r.completions, r.max_progress, r.drops
    )


class DjangoRollupStore(FunnelDays, DaySummaries):
    """`stale_seconds`: a read re-summarizes a changed day itself only when the day has waited that long for the
    analytics.refresh task (every minute); 0 re-summarizes on every read (tests)."""

    def __init__(self, calendar: Calendar, stale_seconds: float = 0.0):
        self.calendar = calendar
        self.stale = timedelta(seconds=stale_seconds)

    # -- incremental ---------------------------------------------------------------------------
    def apply(self, deltas: Deltas, now: datetime) -> None:
        self._learner_days(deltas.learner_days)
        self._course_days(deltas.course_days)
        self.funnels_changed(self._journeys(deltas.journeys, now), now)
        self._dirty(deltas.days, now)

    def _learner_days(self, new: dict[tuple[int, date], LearnerDay], fresh: bool = False) -> None:
        """`fresh`: the days hold no rows yet (a rebuild deleted them)."""
        if not new:
            return
        wanted = {d for _, d in new}
        found = {
            (r.user_id, r.day): r
            for chunk in ([] if fresh else iter_chunks(sorted({u for u, _ in new}), LOOKUP))
            for r in m.LearnerDay.objects.select_for_update().filter(user_id__in=chunk, day__in=wanted)
            if (r.user_id, r.day) in new
        }
        create, update = [], []
        for key, delta in new.items():
            row = found.get(key)
            if row is None:
                create.append(
                    m.LearnerDay(
                        user_id=delta.user_id,
                        day=delta.day,
                        events=delta.events,
                        seconds=delta.seconds,
                        hours=delta.hours,
                        types=delta.types,
                    )
                )
            else:
                merged = to_learner_day(row)
                merged.add(delta)
                row.events, row.seconds, row.hours, row.types = (
                    merged.events,
                    merged.seconds,
                    merged.hours,
                    merged.types,
                )
                update.append(row)
        m.LearnerDay.objects.bulk_create(create, batch_size=1000)
        _upsert(m.LearnerDay, update, ["user_id", "day"], ["events", "seconds", "hours", "types"])

    def _course_days(self, new: dict[tuple[int, str, date], CourseDay], fresh: bool = False) -> None:
        if not new:
            return
        wanted = {k[2] for k in new}
        found = {
            (r.user_id, r.course, r.day): r
            for chunk in ([] if fresh else iter_chunks(sorted({k[0] for k in new}), LOOKUP))
            for r in m.CourseDay.objects.select_for_update().filter(user_id__in=chunk, day__in=wanted)
            if (r.user_id, r.course, r.day) in new
        }
        create, update = [], []
        fields = ["events", "seconds", "progress_steps", "completions", "drops", "max_progress"]
        for key, delta in new.items():
            row = found.get(key)
            if row is None:
                create.append(
                    m.CourseDay(
                        user_id=delta.user_id,
                        course=delta.course,
                        day=delta.day,
                        **{f: getattr(delta, f) for f in fields},
                    )
                )
            else:
                merged = to_course_day(row)
                merged.add(delta)
                for f in fields:
                    setattr(row, f, getattr(merged, f))
                update.append(row)
        m.CourseDay.objects.bulk_create(create, batch_size=1000)
        _upsert(m.CourseDay, update, ["user_id", "course", "day"], fields)

    def _journeys(self, new: dict[tuple[int, str], Journey], now: datetime | None) -> set[int]:
        """With `now`: when a learner's first enrolment moves (their enrolment_month segment), mark the days they
        were active for a summary refresh (None: a rebuild summarizes every day afterwards anyway). Answers the
        learners who reached a funnel step."""
        if not new:
            return set()
        found = {
            (r.user_id, r.course): r
            for chunk in iter_chunks(sorted({u for u, _ in new}), LOOKUP)
            for r in m.Journey.objects.select_for_update().filter(user_id__in=chunk)
            if (r.user_id, r.course) in new
        }
        create, update = [], []
        moved: set[int] = set()
        stepped: set[int] = set()
        for key, delta in new.items():
            row = found.get(key)
            if row is None:
                create.append(
                    m.Journey(user_id=key[0], course=key[1], **{f: getattr(delta, f) for f in JOURNEY_FIELDS})
                )
                if any(getattr(delta, f) is not None for f in Journey.STEPS):
                    stepped.add(key[0])
            else:
                merged = Journey(row.user_id, row.course, **{f: getattr(row, f) for f in JOURNEY_FIELDS})
                merged.add(delta)
                if any(getattr(merged, f) != getattr(row, f) for f in Journey.STEPS):
                    stepped.add(row.user_id)
                if now is not None and not row.course and merged.enrolled != row.enrolled:
                    moved.add(row.user_id)
                for f in JOURNEY_FIELDS:
                    setattr(row, f, getattr(merged, f))
                update.append(row)
        m.Journey.objects.bulk_create(create, batch_size=1000)
        _upsert(m.Journey, update, ["user_id", "course"], JOURNEY_FIELDS)
        if moved and now is not None:
            self._dirty(set(m.LearnerDay.objects.filter(user_id__in=sorted(moved)).values_list("day", flat=True)), now)
        return stepped

    def _dirty(self, changed: Iterable[date], now: datetime) -> None:
        mark(m.DirtyDay, changed, now)

    def mark(self, changed: Iterable[date], now: datetime) -> None:
        changed = list(changed)
        self._dirty(changed, now)
        self.stale_funnels(changed, now)

    def refresh(self) -> int:
        return self.refresh_summaries() + self.refresh_funnels()

    # -- rebuild and forget -----------------------------------------------------------------------
    def rebuild(self, first: date | None, last: date | None, excluded: frozenset[int]) -> RebuildReport:
        started = time.monotonic()
        rows = counted_activity_rows()
        whole = first is None and last is None
        if first is None or last is None:
            bounds = _activity_days(rows, self.calendar)
            if bounds is None:
                m.LearnerDay.objects.all().delete()
                m.CourseDay.objects.all().delete()
                m.Journey.objects.all().delete()
                m.DaySummary.objects.all().delete()
                m.DirtyDay.objects.all().delete()
                self.rebuild_funnels()  # signups count without activity
                return RebuildReport(first, last, 0, 0, 0, round(time.monotonic() - started, 1))
            first, last = first or bounds[0], last or bounds[1]
        activities = learner_days = summaries = 0
        with transaction.atomic():
            m.LearnerDay.objects.filter(day__gte=first, day__lte=last).delete()
            m.CourseDay.objects.filter(day__gte=first, day__lte=last).delete()
            m.DaySummary.objects.filter(day__gte=first, day__lte=last).delete()
            if whole:
                m.Journey.objects.all().delete()
        a, b = self.calendar.bounds(first, last)
        ordered = (
            rows.filter(timestamp__gte=a, timestamp__lt=b)
            .order_by("timestamp")
            .values_list("user_id", "timestamp", "activity_type", "activity_data")
            .iterator(chunk_size=20_000)
        )
        out, chunk_start = Deltas(), first
        chunk_end = min(last, chunk_start + timedelta(days=REBUILD_CHUNK_DAYS - 1))

        journeys: dict[tuple[int, str], Journey] = {}  # a whole rebuild writes them once, at the end

        def flush() -> None:
            nonlocal learner_days
            with transaction.atomic():
                _copy(m.LearnerDay, LEARNER_DAY_COLUMNS, (_learner_day_row(r) for r in out.learner_days.values()))
                _copy(m.CourseDay, COURSE_DAY_COLUMNS, (_course_day_row(r) for r in out.course_days.values()))
                if whole:
                    for key, j in out.journeys.items():
                        journeys.setdefault(key, Journey(*key)).add(j)
                else:
                    self._journeys(out.journeys, None)
                learner_days += len(out.learner_days)

        for uid, at, kind, data in ordered:
            while self.calendar.day(at) > chunk_end:
                flush()
                out, chunk_start = Deltas(), chunk_end + timedelta(days=1)
                chunk_end = min(last, chunk_start + timedelta(days=REBUILD_CHUNK_DAYS - 1))
            if uid not in excluded:
                out.add(fact(uid, at, kind, data), self.calendar)
                activities += 1
        while True:
            flush()
            if chunk_end >= last:
                break
            out, chunk_start = Deltas(), chunk_end + timedelta(days=1)
            chunk_end = min(last, chunk_start + timedelta(days=REBUILD_CHUNK_DAYS - 1))
        if whole:
            with transaction.atomic():
                _copy(
                    m.Journey,
                    ["user_id", "course", *JOURNEY_FIELDS],
                    ((j.user_id, j.course, *(getattr(j, f) for f in JOURNEY_FIELDS)) for j in journeys.values()),
                )
            journeys.clear()
        # summaries last: a learner's segments (their first enrolment) may depend on later days' rows
        for d in days(first, last):
            with transaction.atomic():
                summaries += self._summarize(d)
                m.DirtyDay.objects.filter(day=d).delete()
        if whole:
            self.rebuild_funnels()
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                for model in (m.LearnerDay, m.CourseDay, m.Journey, m.DaySummary, m.FunnelDay):
                    c.execute(f"ANALYZE {model._meta.db_table}")
        return RebuildReport(first, last, activities, learner_days, summaries, round(time.monotonic() - started, 1))

    def forget(self, user_id: int, now: datetime) -> None:
        self.funnels_changed([user_id], now)
        touched = set(m.LearnerDay.objects.filter(user_id=user_id).values_list("day", flat=True))
        m.LearnerDay.objects.filter(user_id=user_id).delete()
        m.CourseDay.objects.filter(user_id=user_id).delete()
        m.Journey.objects.filter(user_id=user_id).delete()
        m.RiskScore.objects.filter(user_id=user_id).delete()
        m.RiskHistory.objects.filter(user_id=user_id).delete()
        self._dirty(touched, now)


LEARNER_DAY_COLUMNS = ["user_id", "day", "events", "seconds", "hours", "types"]
COURSE_DAY_COLUMNS = [
    "user_id",
    "course",
    "day",
    "events",
    "seconds",
    "progress_steps",
    "completions",
    "drops",
    "max_progress",
]


def _learner_day_row(r: LearnerDay) -> tuple[Any, ...]:
    return (r.user_id, r.day, r.events, r.seconds, r.hours, r.types)


def _course_day_row(r: CourseDay) -> tuple[Any, ...]:
    return (r.user_id, r.course, r.day, r.events, r.seconds, r.progress_steps, r.completions, r.drops, r.max_progress)


def _copy(model: Any, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """New rows in bulk: COPY on PostgreSQL (JSON as text), batched inserts elsewhere."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**dict(zip(columns, r, strict=True))) for r in rows), batch_size=1000)
        return
    json_at = [i for i, c in enumerate(columns) if isinstance(model._meta.get_field(c), JSONField)]
    with (
        connection.cursor() as c,
        c.cursor.copy(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for r in rows:
            if json_at:
                r = tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(r))
            copy.write_row(r)


def _upsert(model: Any, rows: list[Any], keys: list[str], fields: list[str]) -> None:
    """Write merged rows over their stored ones in one statement per batch (INSERT ... ON CONFLICT DO UPDATE):
    Django's bulk_update builds a CASE per field and row, which cost seconds per thousand rows."""
    if rows:
        for row in rows:
            row.pk = None
        model.objects.bulk_create(
            rows, batch_size=1000, update_conflicts=True, unique_fields=keys, update_fields=fields
        )


def _activity_days(rows: Any, cal: Calendar) -> tuple[date, date] | None:
    first = rows.order_by("timestamp").values_list("timestamp", flat=True).first()
    last = rows.order_by("-timestamp").values_list("timestamp", flat=True).first()
    if first is None or last is None:
        return None
    return cal.day(first), cal.day(last)


def iter_chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
