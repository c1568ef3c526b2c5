from __future__ import annotations

from typing import Literal

import structlog
from django.http import HttpRequest
from ninja import Router, Status

from adapters.health import Degraded
from entrypoints.api.schemas import ReadModelOut
from entrypoints.bootstrap import container

router = Router(tags=["system"])
log = structlog.get_logger(__name__)
State = Literal["ok", "degraded", "down"]


class HealthOut(ReadModelOut):
    status: State
    components: dict[str, State]


@router.get("/health", summary="Check service health", auth=None, response={200: HealthOut, 503: HealthOut})
def get_health(request: HttpRequest) -> Status[HealthOut]:
    """Public liveness/readiness for load balancers: component states only, no error text. 503 only when a
    critical component (the database) is down; a degraded Redis or event stream answers 200 "degraded"."""
    components: dict[str, State] = {}
    critical_down = False
    for name, check in container().health_checks.items():
        try:
            check.probe()
            components[name] = "ok"
        except Exception as exc:
            degraded = isinstance(exc, Degraded)
            components[name] = "degraded" if degraded else "down"
            critical_down = critical_down or (check.critical and not degraded)
            log.warning("health.component_" + components[name], component=name, error_type=type(exc).__name__)
    status: State = "down" if critical_down else "ok" if all(v == "ok" for v in components.values()) else "degraded"
    return Status(503 if critical_down else 200, HealthOut(status=status, components=components))
