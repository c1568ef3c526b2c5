from __future__ import annotations

import structlog
from django.http import HttpRequest
from ninja import Query, Router

from domain.monitoring.queries import GroupFilter, SessionDetail, SessionFilter
from domain.monitoring.tracking import GroupChange
from entrypoints.api.auth import principal
from entrypoints.api.schemas import PageQuery, errors
from entrypoints.bootstrap import container

from .schemas import (
    AlertPageOut,
    GroupDetailOut,
    GroupPageOut,
    GroupPatchIn,
    GroupQuery,
    GroupTicketIn,
    HealthReportOut,
    KpiQuery,
    KpisOut,
    MergeIn,
    MonitoredSessionPageOut,
    OverviewOut,
    SessionDetailOut,
    SessionQuery,
)
from .telemetry_schemas import TelemetryIn, TelemetryOut

log = structlog.get_logger(__name__)
telemetry_router = Router(tags=["monitoring"])
router = Router(tags=["monitoring"])


@telemetry_router.post("/", response={200: TelemetryOut, **errors(400, 401, 403, 413, 422)})
def ingest_telemetry(request: HttpRequest, body: TelemetryIn) -> TelemetryOut:
    """Browser telemetry in batches of up to 500 items: heartbeats every 15 s, page views, client errors,
    performance, the device once per session, and replay chunks (with session_recording consent only)."""
    c = container()
    result = c.monitoring.telemetry.ingest(principal(request), body.items)
    if result.accepted:
        try:
            c.monitoring.pulse.beat()
        except Exception:  # the pulse is a nicety: the telemetry is stored, and the per-minute run catches up
            log.exception("monitoring.pulse_failed")
    return TelemetryOut.model_validate(result)


@router.get("/sessions/", response={200: MonitoredSessionPageOut, **errors(400, 401, 403, 422)})
def list_monitoring_sessions(request: HttpRequest, f: Query[SessionQuery]) -> MonitoredSessionPageOut:
    flt = SessionFilter(f.online, f.browser, f.os, f.has_errors, f.user)
    page = container().monitoring.live.sessions(principal(request), flt, f.page())
    return MonitoredSessionPageOut.model_validate(page)


def _detail(d: SessionDetail) -> SessionDetailOut:
    duration = int((d.summary.last_seen_at - d.summary.started_at).total_seconds())
    return SessionDetailOut.model_validate(
        {**d.__dict__, "duration_seconds": duration, "health_reasons": list(d.health_reasons)}
    )


@router.get("/sessions/{int:session_id}", response={200: SessionDetailOut, **errors(401, 403, 404)})
def get_monitoring_session(request: HttpRequest, session_id: int) -> SessionDetailOut:
    return _detail(container().monitoring.live.session(principal(request), session_id))


@router.get("/overview", response={200: OverviewOut, **errors(401, 403)})
def get_monitoring_overview(request: HttpRequest) -> OverviewOut:
    return OverviewOut.model_validate(container().monitoring.live.overview(principal(request)))


@router.get("/errors/", response={200: GroupPageOut, **errors(400, 401, 403, 422)})
def list_error_groups(request: HttpRequest, f: Query[GroupQuery]) -> GroupPageOut:
    flt = GroupFilter(f.status, f.release, f.page_path, f.since, f.source, f.sort, f.new)
    return GroupPageOut.model_validate(container().monitoring.errors.groups(principal(request), flt, f.page()))


@router.get("/errors/{int:group_id}", response={200: GroupDetailOut, **errors(401, 403, 404)})
def get_error_group(request: HttpRequest, group_id: int) -> GroupDetailOut:
    return GroupDetailOut.model_validate(container().monitoring.errors.group(principal(request), group_id))


@router.patch("/errors/{int:group_id}", response={200: GroupDetailOut, **errors(400, 401, 403, 404, 409, 422)})
def update_error_group(request: HttpRequest, group_id: int, body: GroupPatchIn) -> GroupDetailOut:
    change = GroupChange(body.status, body.assign, body.assignee_id)
    return GroupDetailOut.model_validate(container().monitoring.errors.change(principal(request), group_id, change))


@router.post("/errors/{int:group_id}/merge", response={200: GroupDetailOut, **errors(400, 401, 403, 404, 422)})
def merge_error_groups(request: HttpRequest, group_id: int, body: MergeIn) -> GroupDetailOut:
    detail = container().monitoring.errors.merge(principal(request), group_id, body.group_id)
    return GroupDetailOut.model_validate(detail)


@router.post("/errors/{int:group_id}/ticket", response={200: GroupDetailOut, **errors(400, 401, 403, 404, 409, 422)})
def open_error_group_ticket(request: HttpRequest, group_id: int, body: GroupTicketIn) -> GroupDetailOut:
    detail = container().monitoring.errors.open_ticket(principal(request), group_id, body.user_id)
    return GroupDetailOut.model_validate(detail)


@router.get("/health", response={200: HealthReportOut, **errors(401, 403)})
def get_monitoring_health(request: HttpRequest) -> HealthReportOut:
    return HealthReportOut.model_validate(container().monitoring.health.report(principal(request)))


@router.get("/kpis", response={200: KpisOut, **errors(400, 401, 403, 422)})
def get_monitoring_kpis(request: HttpRequest, f: Query[KpiQuery]) -> KpisOut:
    return KpisOut.model_validate(container().monitoring.health.kpis(principal(request), f.from_, f.to))


@router.get("/alerts/", response={200: AlertPageOut, **errors(400, 401, 403, 422)})
def list_monitoring_alerts(request: HttpRequest, f: Query[PageQuery]) -> AlertPageOut:
    return AlertPageOut.model_validate(container().monitoring.detection.alerts(principal(request), f.page()))
