from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

import structlog
from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.monitoring.alert_rules import RuleConfig
from domain.monitoring.model import Alert
from domain.monitoring.queries import GroupFilter, SessionDetail, SessionFilter
from domain.monitoring.rule_service import rule_named
from domain.monitoring.tracking import GroupChange
from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .rule_schemas import AlertMuteIn, AlertQuery, AlertRuleIn, AlertRuleListOut, AlertRuleOut
from .schemas import (
    AlertOut,
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
    SourceMapOut,
    SourceMapsIn,
    SourceMapsOut,
)
from .telemetry_schemas import TelemetryIn, TelemetryOut

log = structlog.get_logger(__name__)
telemetry_router = Router(tags=["monitoring"])
router = Router(tags=["monitoring"])


@telemetry_router.post(
    "/", summary="Send browser telemetry", response={200: TelemetryOut, **errors(400, 401, 403, 413, 422)}
)
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


@router.get(
    "/sessions/",
    summary="List browsing sessions",
    response={200: MonitoredSessionPageOut, **errors(400, 401, 403, 422)},
)
def list_monitoring_sessions(request: HttpRequest, f: Query[SessionQuery]) -> MonitoredSessionPageOut:
    """Browser sessions, most recent first, one cursor page: page, browser, OS, errors and a health score. Filter by
    `online`, `browser`, `os`, `has_errors`, `user` and `staff` (staff members' own sessions, from the console, are
    marked `staff` and left out of the online count, the KPIs and the rules that open proactive tickets). Needs
    `monitoring.read`; reading a named person's sessions is audited."""
    flt = SessionFilter(f.online, f.browser, f.os, f.has_errors, f.user, f.staff)
    page = container().monitoring.live.sessions(principal(request), flt, f.page())
    return MonitoredSessionPageOut.model_validate(page)


def _detail(d: SessionDetail) -> SessionDetailOut:
    duration = int((d.summary.last_seen_at - d.summary.started_at).total_seconds())
    return SessionDetailOut.model_validate(
        {**d.__dict__, "duration_seconds": duration, "health_reasons": list(d.health_reasons)}
    )


@router.get(
    "/sessions/{int:session_id}",
    summary="Get one browsing session",
    response={200: SessionDetailOut, **errors(401, 403, 404)},
)
def get_monitoring_session(request: HttpRequest, session_id: int) -> SessionDetailOut:
    """One session with its page views, client errors and timings, in order (the replay where the learner agreed to
    session recording). Needs `monitoring.read`; audited."""
    return _detail(container().monitoring.live.session(principal(request), session_id))


@router.get("/overview", summary="Get the live monitoring overview", response={200: OverviewOut, **errors(401, 403)})
def get_monitoring_overview(request: HttpRequest) -> OverviewOut:
    """The figures a monitoring dashboard shows at a glance: users online now, sessions today and in the last hour,
    sessions with errors, client and server errors of the last hour, and p95 page load and API times. Needs
    `monitoring.read`; live updates come on the `monitoring` event channel."""
    return OverviewOut.model_validate(container().monitoring.live.overview(principal(request)))


@router.get("/errors/", summary="List client error groups", response={200: GroupPageOut, **errors(400, 401, 403, 422)})
def list_error_groups(request: HttpRequest, f: Query[GroupQuery]) -> GroupPageOut:
    """Browser and server errors grouped by fingerprint, one cursor page. Filter by `status` (unresolved, resolved,
    ignored, regressed), `release`, `page`, `since`, `source`, `new`; `sort` by last seen, events or users affected.
    Needs `monitoring.read`."""
    flt = GroupFilter(f.status, f.release, f.page_path, f.since, f.source, f.sort, f.new)
    return GroupPageOut.model_validate(container().monitoring.errors.groups(principal(request), flt, f.page()))


@router.get(
    "/errors/{int:group_id}", summary="Get one error group", response={200: GroupDetailOut, **errors(401, 403, 404)}
)
def get_error_group(request: HttpRequest, group_id: int) -> GroupDetailOut:
    """One error group with its stack, counts of events and users affected, first and last seen, releases, assignee,
    linked ticket and recent events. Needs `monitoring.read`."""
    return GroupDetailOut.model_validate(container().monitoring.errors.group(principal(request), group_id))


@router.patch(
    "/errors/{int:group_id}",
    summary="Update an error group",
    response={200: GroupDetailOut, **errors(400, 401, 403, 404, 409, 422)},
)
def update_error_group(request: HttpRequest, group_id: int, body: GroupPatchIn) -> GroupDetailOut:
    """Change an error group's status (resolve, ignore, reopen) or assignee. A resolved group that occurs again in a
    later release turns `regressed`. Needs `monitoring.manage`; audited and published on the `monitoring` channel. 409
    when the change does not apply to the group's state."""
    change = GroupChange(body.status, body.assign, body.assignee_id)
    return GroupDetailOut.model_validate(container().monitoring.errors.change(principal(request), group_id, change))


@router.post(
    "/errors/{int:group_id}/merge",
    summary="Merge error groups",
    response={200: GroupDetailOut, **errors(400, 401, 403, 404, 422)},
)
def merge_error_groups(request: HttpRequest, group_id: int, body: MergeIn) -> GroupDetailOut:
    """Fold the group `group_id` of the body into this one: its events and counts move here, its future events come
    here, and it points to this one (`merged_into`). Needs `monitoring.manage`; audited."""
    detail = container().monitoring.errors.merge(principal(request), group_id, body.group_id)
    return GroupDetailOut.model_validate(detail)


@router.post(
    "/errors/{int:group_id}/ticket",
    summary="Open a ticket for an error group",
    response={200: GroupDetailOut, **errors(400, 401, 403, 404, 409, 422)},
)
def open_error_group_ticket(request: HttpRequest, group_id: int, body: GroupTicketIn) -> GroupDetailOut:
    """Open a support ticket for one affected learner (`user_id`, default the latest affected), listing every affected
    learner, and link it to the group. 409 `group_has_ticket` when the group has one already, `group_has_no_learner`
    when no learner hit the error and none is named. Needs `monitoring.manage`; audited."""
    detail = container().monitoring.errors.open_ticket(principal(request), group_id, body.user_id)
    return GroupDetailOut.model_validate(detail)


@router.get("/health", summary="Get live system health", response={200: HealthReportOut, **errors(401, 403)})
def get_monitoring_health(request: HttpRequest) -> HealthReportOut:
    """Per-route request figures (rate, error rates, mean, p50, p95) over the last 5 and 60 minutes, client errors of
    the last hour, online learners, and this host: CPU and memory, database and Redis round trips, task queue depth,
    outbox backlog and open event-stream connections (`event_streams`); and availability over 24 hours and 7 days,
    the share of requests not answered 5xx. Needs `system.health`."""
    return HealthReportOut.model_validate(container().monitoring.health.report(principal(request)))


@router.get("/kpis", summary="Get monitoring KPIs", response={200: KpisOut, **errors(400, 401, 403, 422)})
def get_monitoring_kpis(request: HttpRequest, f: Query[KpiQuery]) -> KpisOut:
    """Key figures from `from` to `to` (the last 30 days by default, 366 days at most): sessions, sessions per health
    band, client errors by component, alerts by rule, and tickets opened proactively (by monitoring) versus reactively
    (by learners). Needs `monitoring.read`."""
    return KpisOut.model_validate(container().monitoring.health.kpis(principal(request), f.from_, f.to))


@router.get("/alerts/", summary="List monitoring alerts", response={200: AlertPageOut, **errors(400, 401, 403, 422)})
def list_monitoring_alerts(request: HttpRequest, f: Query[AlertQuery]) -> AlertPageOut:
    """Alerts raised by the monitoring rules (error spikes, regressions, slow pages), newest first, one cursor page;
    each with its rule, subject, severity, occurrences, state (`state=` filters: open, acknowledged, resolved), who
    acknowledged it, its mute and the ticket opened for it. Needs `monitoring.read`."""
    c = container()
    page, now = c.monitoring.alerts.alerts(principal(request), f.page(), f.state), c.clock.now()
    return AlertPageOut(items=[_alert(a, now) for a in page.items], next_cursor=page.next_cursor)


@router.post(
    "/alerts/{int:alert_id}/acknowledge",
    summary="Acknowledge an alert",
    response={200: AlertOut, **errors(400, 401, 403, 404, 409, 422)},
)
def acknowledge_alert(request: HttpRequest, alert_id: int) -> AlertOut:
    """Say you have taken the alert (who and when are kept; again is a no-op). A resolved alert is 409
    `alert_resolved`. Needs `monitoring.manage`; audited."""
    c = container()
    return _alert(c.monitoring.alerts.acknowledge(principal(request), alert_id), c.clock.now())


@router.post(
    "/alerts/{int:alert_id}/mute",
    summary="Mute an alert",
    response={200: AlertOut, **errors(400, 401, 403, 404, 409, 422)},
)
def mute_alert(request: HttpRequest, alert_id: int, body: AlertMuteIn) -> AlertOut:
    """Hold the alert's e-mails and webhook posts for `minutes` (up to 7 days; 0 unmutes) or, with no `minutes`,
    until it is resolved. It is still stored, counted and published. Needs `monitoring.manage`; audited."""
    c = container()
    return _alert(c.monitoring.alerts.mute(principal(request), alert_id, body.minutes), c.clock.now())


def _alert(a: Alert, now: datetime) -> AlertOut:
    return AlertOut.model_validate(
        {**{f.name: getattr(a, f.name) for f in fields(a)}, "emailed": a.emailed, "state": a.state_at(now)}
    )


@router.get("/alert-rules/", summary="List alert rules", response={200: AlertRuleListOut, **errors(400, 401, 403, 422)})
def list_alert_rules(request: HttpRequest) -> AlertRuleListOut:
    """Every detection rule as it applies now: thresholds, recipients, channels, quiet hours, on or off. A rule
    never edited shows the environment's defaults (`edited: false`). Needs `monitoring.manage`."""
    rules = container().monitoring.rules.rules(principal(request))
    return AlertRuleListOut(items=[AlertRuleOut.model_validate(r) for r in rules])


@router.put(
    "/alert-rules/{rule}", summary="Edit an alert rule", response={200: AlertRuleOut, **errors(400, 401, 403, 404, 422)}
)
def update_alert_rule(request: HttpRequest, rule: str, body: AlertRuleIn) -> AlertRuleOut:
    """Replace one rule whole; detection applies it from its next run. A rule that does not hold together (an
    unknown or missing threshold, a bad address, the webhook channel without a URL, half quiet hours) is refused
    with 422 and each field in `details.fields`. Needs `monitoring.manage`; audited with before and after."""
    config = RuleConfig(
        rule_named(rule),
        body.enabled,
        dict(body.thresholds),
        tuple(r.strip() for r in body.recipients),
        tuple(body.channels),
        (body.webhook_url or "").strip() or None,
        body.quiet_from,
        body.quiet_until,
    )
    return AlertRuleOut.model_validate(container().monitoring.rules.update(principal(request), config))


@router.post(
    "/releases/{release}/sourcemaps",
    summary="Upload a release's source maps",
    response={201: SourceMapsOut, **errors(400, 401, 403, 413, 422)},
)
def upload_sourcemaps(request: HttpRequest, release: str, body: SourceMapsIn) -> Any:
    """A release's source maps, uploaded once by its build (`manage.py upload_sourcemaps` does the same from a
    folder): each names its minified file (`app.3f9a.js`, or the map's own name). Error groups then show each frame's
    original file, line and function, keeping the minified position in `minified_*`. Up to 50 maps of 10 MiB each a
    request; a map uploaded again replaces the release's copy. Needs `monitoring.manage`; audited."""
    stored = container().monitoring.sourcemaps.upload(
        principal(request), release, [(f.name, f.map) for f in body.files]
    )
    return Status(201, SourceMapsOut(release=release, files=[SourceMapOut.model_validate(u) for u in stored]))
