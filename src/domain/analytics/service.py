"""Use cases of learner analytics: permission checks, audit of named reads, the 60-second answer cache."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .cohorts import CohortRow, retention, retention_at
from .days import Calendar, add_months, days, month_start
from .evaluation import Evaluation, evaluate
from .facts import Fact, LearnerExclusions, counted_activity, fact
from .journeys import STOPPED_AFTER, DropOff, Funnel
from .learnerset import LearnerSet, union
from .metrics import Engagement, active_in, engagement, history_start
from .ports import AnalyticsQueries, HistoryPoint, RebuildReport, RiskStore, RollupStore
from .risk import Band, RiskScore, calculate_user_risk_score
from .rollup import ALL, SEGMENT_DIMENSIONS, deltas

T = TypeVar("T")
CACHE_SECONDS = 60.0
MAX_DAYS = 366
DEFAULT_DAYS = 30
RESCORE_TASK = "analytics.rescore"
RELEVANT_PREFIXES = ("course.", "security.")
SEGMENTS = (*SEGMENT_DIMENSIONS, "course")
HISTORY_POINTS = 90


class AnswerCache:
    """Answers per query for `seconds` (per process; time from a monotonic clock unless one is given)."""

    def __init__(self, seconds: float = CACHE_SECONDS, now: Callable[[], float] = time.monotonic, size: int = 512):
        self.seconds, self.now, self.size = seconds, now, size
        self.entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        hit = self.entries.get(key)
        now = self.now()
        if hit is not None and now - hit[0] < self.seconds:
            value: T = hit[1]
            return value
        value = compute()
        if len(self.entries) >= self.size:
            self.entries = {k: v for k, v in self.entries.items() if now - v[0] < self.seconds}
            if len(self.entries) >= self.size:
                self.entries.clear()
        self.entries[key] = (now, value)
        return value

    def clear(self) -> None:
        self.entries.clear()


@dataclass(frozen=True)
class RiskView:
    score: RiskScore
    history: list[HistoryPoint]


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


@dataclass(frozen=True)
class RecomputeReport:
    learners: int
    history_points: int
    seconds: float


@dataclass
class AnalyticsService:
    rollups: RollupStore
    queries: AnalyticsQueries
    risk: RiskStore
    exclusions: LearnerExclusions
    audit: AuditService
    uow: UnitOfWork
    clock: Clock
    calendar: Calendar = field(default_factory=Calendar)
    cache: AnswerCache = field(default_factory=AnswerCache)

    # -- rollups ---------------------------------------------------------------------------------
    def record(self, raw: Sequence[tuple[int, datetime, str, Any]]) -> None:
        """Called by ingestion inside its unit of work with the stored items (user, time, type, data): adds them
        to the rollups and, after commit, rescores the learners whose batch carried relevant events."""
        excluded = self.exclusions.excluded_learners()
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
        reads rarely have to)."""
        today = self.today()
        with self.uow:
            self.rollups.mark([today - timedelta(days=1), today], self.clock.now())
            done = self.rollups.refresh()
            self.uow.commit()
        return done

    def forget_learner(self, user_id: int) -> None:
        """Consent to analytics withdrawn: the learner leaves every rollup (the privacy module calls this)."""
        with self.uow:
            self.rollups.forget(user_id, self.clock.now())
            self.uow.commit()
        self.cache.clear()

    # -- reads -----------------------------------------------------------------------------------
    def today(self) -> date:
        return self.calendar.day(self.clock.now())

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
            sums = self.rollups.summaries(*key, history_start(first, interval), last, self.clock.now())
            everyone = (
                sums
                if key == ALL
                else self.rollups.summaries(*ALL, history_start(first, interval), last, self.clock.now(), ("joined",))
            )
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
            stopped_before = self.clock.now() - STOPPED_AFTER
            return Journeys(
                first, last, course, self.queries.funnel(course, a, b), self.queries.stops(course, a, b, stopped_before)
            )

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
        cohorts = self.queries.cohort_sizes(by, first, last, None if key == ALL else key)
        today = horizon = self.today()
        now = self.clock.now()
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

    # -- the at-risk score -----------------------------------------------------------------------
    def score(self, user_ids: Sequence[int], as_of: date | None = None) -> list[RiskScore]:
        """Scores as of the start of `as_of` (default: tomorrow, i.e. everything up to now)."""
        as_of = as_of or self.today() + timedelta(days=1)
        norms = self.risk.norms(as_of)
        found = self.risk.indicators(user_ids, as_of, norms)
        now = self.clock.now()
        return [calculate_user_risk_score(uid, found[uid], now) for uid in user_ids if uid in found]

    def rescore(self, user_ids: Sequence[int]) -> int:
        """On relevant events for a few learners."""
        excluded = self.exclusions.excluded_learners()
        scores = self.score([u for u in user_ids if u not in excluded])
        with self.uow:
            self.risk.save(scores)
            self.uow.commit()
        return len(scores)

    def recompute_all(self, batch: int = 20_000, progress: Callable[[int], None] | None = None) -> RecomputeReport:
        """The nightly recompute for everyone, in batches (each batch its own transaction)."""
        started = time.monotonic()
        as_of = self.today() + timedelta(days=1)
        norms = self.risk.norms(as_of)
        excluded = self.exclusions.excluded_learners()
        learners = points = 0
        now = self.clock.now()
        for ids in self.risk.batches(batch):
            ids = [u for u in ids if u not in excluded]
            found = self.risk.indicators(ids, as_of, norms)
            scores = [calculate_user_risk_score(uid, found[uid], now) for uid in ids if uid in found]
            with self.uow:
                points += self.risk.save(scores)
                self.uow.commit()
            learners += len(scores)
            if progress:
                progress(learners)
        self.cache.clear()
        return RecomputeReport(learners, points, round(time.monotonic() - started, 1))

    def risk_of(self, actor: Principal, user_id: int) -> RiskView:
        """A named person's risk: audited like a profile read (refusals too)."""
        self.audit.require(actor, Permission.ANALYTICS_RISK, "user", user_id)
        if not self.risk.learner_exists(user_id):
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        current = self.risk.current(user_id) or next(iter(self.score([user_id])), None)
        assert current is not None, "an existing learner always has indicators"
        history = self.risk.history(user_id, HISTORY_POINTS)
        with self.uow:
            self.audit.record(actor, "risk.read", "user", user_id, {"score": current.score, "band": current.band.value})
            self.uow.commit()
        return RiskView(current, history)

    def at_risk(self, actor: Principal, course: str | None, band: Band | None, page: PageRequest) -> Page[RiskScore]:
        actor.require(Permission.ANALYTICS_RISK)
        if course and not self.queries.course_exists(course):
            raise NotFound("No such course.", code="course_not_found", details={"course": course})
        result = self.risk.at_risk(course, band, page)
        with self.uow:
            self.audit.record(
                actor,
                "risk.list",
                "user",
                "",
                {"course": course, "band": band.value if band else None, "returned": [s.user_id for s in result.items]},
            )
            self.uow.commit()
        return result

    def evaluate(self) -> Evaluation:
        """Score each seeded validation learner at week 4 from what was known then, and compare with whether they
        dropped out by week 12 (no activity in weeks 9-12, and no course completed)."""
        cohort = self.risk.validation_cohort()
        by_day: dict[date, list[int]] = {}
        for uid, joined in cohort:
            by_day.setdefault(self.calendar.day(joined), []).append(uid)
        scores: dict[int, float] = {}
        outcomes: dict[int, bool] = {}
        for joined_day, ids in sorted(by_day.items()):
            as_of = joined_day + timedelta(days=28)
            for s in self.score(ids, as_of):
                scores[s.user_id] = s.score
            active = self.risk.active_between(ids, joined_day + timedelta(days=56), joined_day + timedelta(days=83))
            completed = self.risk.completed_by(ids, joined_day + timedelta(days=83))
            for uid in ids:
                outcomes[uid] = uid not in active and uid not in completed
        ids = sorted(scores)
        return evaluate([scores[u] for u in ids], [outcomes[u] for u in ids])


EARLIEST, LATEST = date(1971, 1, 1), date(2099, 12, 31)


def _within(*given: date | None) -> None:
    if any(d is not None and not EARLIEST <= d <= LATEST for d in given):
        raise InvalidInput("from and to must be days from 1971 to 2099", code="invalid_range")


def _relevant(f: Fact) -> bool:
    return f.activity_type.startswith(RELEVANT_PREFIXES) or f.is_login
