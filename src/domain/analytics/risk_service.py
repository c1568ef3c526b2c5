"""Use cases of the at-risk score: scoring, the nightly recompute, audited reads of named learners, evaluation."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .cache import AnswerCache
from .days import Calendar
from .evaluation import Evaluation, evaluate
from .ports import AnalyticsQueries, AtRiskLearner, HistoryPoint, LearnerExclusions, RiskStore
from .risk import Band, RiskScore, calculate_user_risk_score

HISTORY_POINTS = 90


@dataclass(frozen=True)
class RiskView:
    score: RiskScore
    history: list[HistoryPoint]


@dataclass(frozen=True)
class RecomputeReport:
    learners: int
    history_points: int
    seconds: float


class RiskUseCases:
    """The at-risk half of AnalyticsService (its base class: one service, its ports declared here for the type
    checker)."""

    risk: RiskStore
    queries: AnalyticsQueries
    exclusions: LearnerExclusions
    audit: AuditTrail
    uow: UnitOfWork
    clock: Clock
    calendar: Calendar
    cache: AnswerCache

    def today(self) -> date:
        return self.calendar.day(self.clock.now())

    def score(self, user_ids: Sequence[int], as_of: date | None = None) -> list[RiskScore]:
        """Scores as of the start of `as_of` (default: tomorrow, i.e. everything up to now)."""
        as_of = as_of or self.today() + timedelta(days=1)
        norms = self.risk.norms(as_of)
        found = self.risk.indicators(user_ids, as_of, norms)
        now = self.clock.now()
        return [calculate_user_risk_score(uid, found[uid], now) for uid in user_ids if uid in found]

    def rescore(self, user_ids: Sequence[int]) -> int:
        """On relevant events for a few learners."""
        excluded = self.exclusions.excluded_learners(user_ids)
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

    def at_risk(
        self,
        actor: Principal,
        course: str | None,
        band: Band | None,
        page: PageRequest,
        statuses: Collection[str] = ("active",),
    ) -> Page[AtRiskLearner]:
        """Active accounts only unless `statuses` says otherwise: a suspended or archived learner is not one to
        contact."""
        actor.require(Permission.ANALYTICS_RISK)
        if course and not self.queries.course_exists(course):
            raise NotFound("No such course.", code="course_not_found", details={"course": course})
        wanted = sorted(set(statuses))
        result = self.risk.at_risk(course, band, wanted, page)
        with self.uow:
            self.audit.record(
                actor,
                "risk.list",
                "user",
                "",
                {
                    "course": course,
                    "band": band.value if band else None,
                    "status": wanted,
                    "returned": [s.user_id for s in result.items],
                },
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
