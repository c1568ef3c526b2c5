from __future__ import annotations

import structlog
from django.http import HttpRequest
from ninja import Router, Status

from entrypoints.api.schemas import ReadModelOut
from entrypoints.bootstrap import container

router = Router(tags=["system"])
log = structlog.get_logger(__name__)


class HealthOut(ReadModelOut):
    status: str
    components: dict[str, str]


@router.get("/health", auth=None, response={200: HealthOut, 503: HealthOut})
def health(request: HttpRequest) -> Status[HealthOut]:
    """Public liveness/readiness for load balancers: component states only, no error text."""
    components: dict[str, str] = {}
    for name, check in container().health_checks.items():
        try:
            check()
            components[name] = "ok"
        except Exception as exc:
            log.warning("health.component_down", component=name, error_type=type(exc).__name__)
            components[name] = "down"
    ok = all(v == "ok" for v in components.values())
    return Status(200 if ok else 503, HealthOut(status="ok" if ok else "degraded", components=components))
