"""Use cases of learner analytics: rollups kept with ingestion, and the permission-checked, cached reads (engagement,
journeys, cohorts, support trends); the at-risk score's use cases are in risk_service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput, NotFound
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .cache import AnswerCache
from .cohorts import CohortRow, retention, retention_at
from .days import Calendar, add_months, days, month_key, month_start, months
from .facts import Fact, counted_activity, fact
from .journeys import STOPPED_AFTER, DropOff, Funnel
from .learnerset import LearnerSet, union
from .metrics import Engagement, active_in, engagement, history_start
from .ports import AnalyticsQueries, LearnerExclusions, RebuildReport, RiskStore, RollupStore
from .risk_service import RecomputeReport, RiskUseCases, RiskView
from .rollup import ALL, SEGMENT_DIMENSIONS, deltas

MAX_DAYS = 366
CATCH_UP_DAYS = 31
DEFAULT_DAYS = 30
RESCORE_TASK = "analytics.rescore"
RELEVANT_PREFIXES = ("course.", "security.")
SEGMENTS = (*SEGMENT_DIMENSIONS, "course")
ENGAGEMENT_SETS = ("learners", "night", "long", "deep", "data")


@dataclass(frozen=True)
class Journeys:
    start: date
    end: date
    course: str | None
    funnel: Funnel
    drop_offs: list[DropOff]


@dataclass(frozen=True)
class SegmentFigures:
    segment: str
    active: int
    minutes: int
    minutes_per_active: float
    completers: int
    completion_share: float  # of active learners who completed a course in the range
    retention_at_n: float | None


@dataclass(frozen=True)
class Cohorts:
    by: str
    period: str
    segment: str
    rows: list[CohortRow]
    n: int
    comparison: list[SegmentFigures]


@dataclass(frozen=True)
class TrendWeek:
    week: date
    active_learners: int
    tickets: int
    by_category: dict[str, int]
    tickets_per_1000_active: float | None


@dataclass
class AnalyticsService(RiskUseCases):
    rollups: RollupStore
    queries: AnalyticsQueries
    risk: RiskStore
    exclusions: LearnerExclusions
    audit: AuditTrail
    uow: UnitOfWork
    clock: Clock
    calendar: Calendar = field(default_factory=Calendar)
    cache: AnswerCache = field(default_factory=AnswerCache)

    # -- rollups ---------------------------------------------------------------------------------
    def record(self, raw: Sequence[tuple[int, datetime, str, Any]]) -> None:
        """Called by ingestion inside its unit of work with the stored items (user, time, type, data): adds them
        to the rollups and, after commit, rescores the learners whose batch carried relevant events."""
        excluded = self.exclusions.excluded_learners({u for u, _, _, _ in raw})
        facts = [fact(u, at, t, d) for u, at, t, d in raw if counted_activity(t, d) and u not in excluded]
        if not facts:
            return
        self.rollups.apply(deltas(facts, self.calendar), self.clock.now())
        relevant = sorted({f.user_id for f in facts if _relevant(f)})
        if relevant:
            self.uow.enqueue(RESCORE_TASK, user_ids=relevant)

    def rebuild(self, first: date | None, last: date | None) -> RebuildReport:
        report = self.rollups.rebuild(first, last, self.exclusions.excluded_learners())
        self.cache.clear()
        return report

    def refresh(self) -> int:
        """Re-summarize the days ingestion changed, and today and yesterday for the signups (every minute, so
        reads rarely have to); after an outage of the task, every day since the latest summary (at most
        CATCH_UP_DAYS), so that no day's signups are left out."""
        today = self.today()
        since = today - timedelta(days=1)
        latest = self.rollups.latest_summary()
        if latest is not None and latest < since:  # the task has not run for a while: catch up on the signups
            since = max(latest, today - timedelta(days=CATCH_UP_DAYS))
        with self.uow:
            self.rollups.mark(list(days(since, today)), self.clock.now())
            self.uow.commit()
        # each day in its own transaction: ingestion marking a day waits for that day's summary at most
        return self.rollups.refresh()

    def forget_learner(self, user_id: int) -> None:
        """Consent to analytics withdrawn: the learner leaves every rollup (the privacy module calls this)."""
        with self.uow:
            self.rollups.forget(user_id, self.clock.now())
            self.uow.commit()
        self.cache.clear()

    # -- reads -----------------------------------------------------------------------------------
    def span(self, start: date | None, end: date | None) -> tuple[date, date]:
        _within(start, end)
        end = end or self.today()
        start = start or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end or (end - start).days >= MAX_DAYS:
            raise InvalidInput(f"from must not be after to, at most {MAX_DAYS} days apart", code="invalid_range")
        return start, end

    def _segment(self, segment: str | None) -> tuple[str, str]:
        if not segment:
            return ALL
        dim, sep, value = segment.partition(":")
        if not sep or dim not in SEGMENTS or not value:
            allowed = ", ".join(f"{d}:VALUE" for d in SEGMENTS)
            raise InvalidInput(f"segment must be one of {allowed}", code="invalid_segment")
        if dim == "course" and not self.queries.course_exists(value):
            raise NotFound("No such course.", code="course_not_found", details={"course": value})
        return dim, value

    def engagement(
        self, actor: Principal, start: date | None, end: date | None, interval: str, segment: str | None
    ) -> Engagement:
        actor.require(Permission.ANALYTICS_READ)
        first, last = self.span(start, end)
        key = self._segment(segment)
        if interval not in ("day", "week", "month"):
            raise InvalidInput("interval must be day, week or month", code="invalid_interval")

        def compute() -> Engagement:
            since, now = history_start(first, interval), self.clock.now()
            joined = ("joined",) if key == ALL else ()
            # the days before the range feed only the active-learner windows and lifecycle: their sets alone
            sums = self.rollups.summaries(*key, since, first - timedelta(days=1), now, ("learners", *joined))
            sums |= self.rollups.summaries(*key, first, last, now, (*ENGAGEMENT_SETS, *joined))
            everyone = sums if key == ALL else self.rollups.summaries(*ALL, since, last, now, ("joined",))
            signups = {d: s.joined for d, s in everyone.items()}
            return engagement(sums, first, last, interval, segment or "", signups, self.today())

        return self.cache.get(("engagement", first, last, interval, key), compute)

    def journeys(self, actor: Principal, course: str | None, start: date | None, end: date | None) -> Journeys:
        actor.require(Permission.ANALYTICS_READ)
        first, last = self.span(start, end)
        if course and not self.queries.course_exists(course):
            raise NotFound("No such course.", code="course_not_found", details={"course": course})

        def compute() -> Journeys:
            a, b = self.calendar.bounds(first, last)
            now = self.clock.now()
            funnel = self.rollups.funnel(course, first, last, now)
            return Journeys(first, last, course, funnel, self.queries.stops(course, a, b, now - STOPPED_AFTER))

        return self.cache.get(("journeys", course, first, last), compute)

    def cohorts(
        self,
        actor: Principal,
        by: str,
        period: str,
        segment: str | None,
        compare: str | None,
        n: int,
        start: date | None,
        end: date | None,
    ) -> Cohorts:
        actor.require(Permission.ANALYTICS_READ)
        if by not in ("signup_month", "first_enrolment_month"):
            raise InvalidInput("by must be signup_month or first_enrolment_month", code="invalid_cohort")
        if period not in ("week", "month"):
            raise InvalidInput("period must be week or month", code="invalid_interval")
        _within(start, end)
        end = end or self.today()
        start = start or add_months(month_start(end), -5)
        first, last = month_start(start), end
        if first > last or (last - first).days >= MAX_DAYS:
            raise InvalidInput(f"from must not be after to, at most {MAX_DAYS} days apart", code="invalid_range")
        key = self._segment(segment)
        other = self._segment(compare) if compare else None
        if not 0 <= n <= 10:
            raise InvalidInput("n must be from 0 to 10", code="invalid_period")

        def compute() -> Cohorts:
            rows = self._retention(by, period, first, last, key)
            figures = [self._figures(key, segment or "", first, last, n, rows)]
            if other is not None:
                figures.append(
                    self._figures(other, compare or "", first, last, n, self._retention(by, period, first, last, other))
                )
            return Cohorts(by, period, segment or "", rows, n, figures)

        return self.cache.get(("cohorts", by, period, key, other, n, first, last), compute)

    def _retention(self, by: str, period: str, first: date, last: date, key: tuple[str, str]) -> list[CohortRow]:
        dim = "signup_month" if by == "signup_month" else "enrolment_month"
        today = horizon = self.today()
        now = self.clock.now()
        if by == "signup_month" and key == ALL:  # from the funnel's signups per day, not a count over profiles
            signups = self.rollups.signups(first, last, now)
            cohorts = [
                (month_key(m), m, sum(n for d, n in signups.items() if month_start(d) == m))
                for m in months(first, last)
            ]
        else:
            cohorts = self.queries.cohort_sizes(by, first, last, None if key == ALL else key)
        fetched: dict[str, dict[date, Any]] = {}
        segment_days = self.rollups.summaries(*key, first, horizon, now, ("learners",)) if key != ALL else None

        def active(name: str, a: date, b: date) -> LearnerSet:
            if name not in fetched:
                fetched[name] = self.rollups.summaries(dim, name, first, horizon, now, ("learners",))
            found = active_in(fetched[name], a, b)
            return found & active_in(segment_days, a, b) if segment_days is not None else found

        return retention(cohorts, active, period, today)

    def _figures(
        self, key: tuple[str, str], name: str, first: date, last: date, n: int, rows: list[CohortRow]
    ) -> SegmentFigures:
        sums = self.rollups.summaries(*key, first, last, self.clock.now(), ("learners", "completers", "data"))
        inside = [sums[d] for d in days(first, last) if d in sums]
        active = union(s.learners for s in inside)
        completers = union(s.completers for s in inside)
        minutes = sum(s.seconds for s in inside) // 60
        return SegmentFigures(
            name or "all",
            len(active),
            minutes,
            round(minutes / len(active), 2) if active else 0.0,
            len(completers & active),
            round(len(completers & active) / len(active), 4) if active else 0.0,
            retention_at(rows, n),
        )

    def support_trends(self, actor: Principal, start: date | None, end: date | None) -> list[TrendWeek]:
        actor.require(Permission.ANALYTICS_READ)
        first, last = self.span(start, end)

        def compute() -> list[TrendWeek]:
            monday = first - timedelta(days=first.weekday())
            sums = self.rollups.summaries(*ALL, monday, last, self.clock.now(), ("learners",))
            a, b = self.calendar.bounds(monday, last)
            tickets: dict[date, dict[str, int]] = {}
            for week, category, count in self.queries.tickets_by_week(a, b):
                tickets.setdefault(week, {})[category] = count
            out = []
            week = monday
            while week <= last:
                active = len(active_in(sums, week, min(week + timedelta(days=6), last)))
                cats = dict(sorted(tickets.get(week, {}).items()))
                total = sum(cats.values())
                out.append(TrendWeek(week, active, total, cats, round(1000 * total / active, 2) if active else None))
                week += timedelta(days=7)
            return out

        return self.cache.get(("support_trends", first, last), compute)


EARLIEST, LATEST = date(1971, 1, 1), date(2099, 12, 31)


def _within(*given: date | None) -> None:
    if any(d is not None and not EARLIEST <= d <= LATEST for d in given):
        raise InvalidInput("from and to must be days from 1971 to 2099", code="invalid_range")


def _relevant(f: Fact) -> bool:
    return f.activity_type.startswith(RELEVANT_PREFIXES) or f.is_login


__all__ = ["AnalyticsService", "AnswerCache", "Cohorts", "Journeys", "RecomputeReport", "RiskView", "SegmentFigures"]
