from __future__ import annotations

import structlog

from adapters.huey.queue import periodic
from entrypoints.bootstrap import container

log = structlog.get_logger(__name__)


@periodic("support.sla_sweep", minute="*")
def sla_sweep() -> None:
    report = container().sweep.run()
    if report.warned or report.escalated or report.closed:
        log.info("sla_sweep", warned=report.warned, escalated=report.escalated, closed=report.closed)
