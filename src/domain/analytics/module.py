"""The learner analytics module assembled from its ports (the composition root calls `Analytics.build`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .days import Calendar
from .ports import AnalyticsQueries, LearnerExclusions, RiskStore, RollupStore
from .service import RESCORE_TASK, AnalyticsService, AnswerCache


@dataclass(frozen=True)
class AnalyticsStores:
    rollups: RollupStore
    queries: AnalyticsQueries
    risk: RiskStore


@dataclass(frozen=True)
class AnalyticsSettings:
    calendar: Calendar = field(default_factory=Calendar)  # whose days the rollups count
    cache: AnswerCache = field(default_factory=AnswerCache)


@dataclass(frozen=True)
class Analytics:
    service: AnalyticsService  # rollups, dashboards, cohorts, the at-risk score

    @staticmethod
    def build(
        *,
        stores: AnalyticsStores,
        exclusions: LearnerExclusions,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: AnalyticsSettings | None = None,
    ) -> Analytics:
        """`exclusions`: privacy's ConsentExclusions (who withdrew `analytics` consent)."""
        s, cfg = stores, settings or AnalyticsSettings()
        return Analytics(
            AnalyticsService(
                rollups=s.rollups,
                queries=s.queries,
                risk=s.risk,
                exclusions=exclusions,
                audit=audit,
                uow=uow,
                clock=clock,
                calendar=cfg.calendar,
                cache=cfg.cache,
            )
        )

    def tasks(self) -> dict[str, Callable[..., object]]:
        """The background tasks this module enqueues, by name (entrypoints.tasks runs them on Huey)."""
        return {RESCORE_TASK: self.service.rescore}
