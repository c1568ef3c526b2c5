"""Learner analytics tasks: rescoring after relevant events, summaries every minute, the nightly recompute."""

from __future__ import annotations

import structlog

from adapters.huey.queue import periodic, task
from domain.analytics.service import RESCORE_TASK
from entrypoints.bootstrap import container

log = structlog.get_logger(__name__)


@task(RESCORE_TASK)
def rescore(user_ids: list[int]) -> None:
    container().analytics.rescore(user_ids)


@periodic("analytics.refresh", minute="*")
def refresh() -> None:
    container().analytics.refresh()


@periodic("analytics.nightly_risk", hour="2", minute="30")
def nightly_risk() -> None:
    report = container().analytics.recompute_all()
    log.info("risk_recomputed", learners=report.learners, history_points=report.history_points, seconds=report.seconds)
