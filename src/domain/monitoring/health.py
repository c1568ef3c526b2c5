"""System health for the dashboard (per-route RED figures, host and dependencies) and the monitoring KPIs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput
from domain.shared.permissions import Permission
from domain.shared.principal import Principal

from .detection import RouteFigures, by_route
from .ports import MonitoringQueries, RouteStats, SystemProbe, TicketDesk
from .queries import Kpis

WINDOWS = (timedelta(minutes=5), timedelta(minutes=60))
AVAILABILITY_WINDOWS = (timedelta(hours=24), timedelta(days=7))
MAX_KPI_RANGE = timedelta(days=366)


@dataclass(frozen=True)
class RouteHealth:
    route: str  # "GET /api/users/{user_id}"
    window_minutes: int
    requests: int
    rate_per_minute: float
    server_errors: int
    client_errors: int
    error_rate: float
    mean_ms: float | None
    p50_ms: float | None
    p95_ms: float | None


@dataclass(frozen=True)
class Availability:
    """The share of requests answered without a server error (not 5xx), every route and web process together,
    over the last `window_hours`; None when nothing was served."""

    window_hours: int
    requests: int
    server_errors: int
    availability: float | None


@dataclass(frozen=True)
class HealthReport:
    at: datetime
    routes: list[RouteHealth]  # every route seen in the last hour, per window, busiest first
    totals: list[RouteHealth]  # all routes together, per window (route "*")
    client_errors_last_hour: int
    online: int
    host: dict[str, float | None]  # event_streams: the event-stream (SSE) connections open on this host
    availability: list[Availability]  # over 24 hours, then 7 days


def _figures(route: str, minutes: int, f: RouteFigures) -> RouteHealth:
    return RouteHealth(
        route,
        minutes,
        f.count,
        round(f.count / minutes, 2),
        f.server_errors,
        f.client_errors,
        round(f.error_rate, 4),
        round(f.duration_ms_sum / f.count, 1) if f.count else None,
        f.p(0.5),
        f.p(0.95),
    )


class Health:
    def __init__(
        self, routes: RouteStats, queries: MonitoringQueries, probe: SystemProbe, desk: TicketDesk, clock: Clock
    ):
        self.routes, self.queries, self.probe, self.desk, self.clock = routes, queries, probe, desk, clock

    def report(self, actor: Principal) -> HealthReport:
        actor.require(Permission.SYSTEM_HEALTH)
        now = self.clock.now()
        samples = self.routes.since(now - WINDOWS[-1])
        routes, totals = [], []
        for window in WINDOWS:
            minutes = int(window.total_seconds() // 60)
            figures = by_route(samples, now - window, now + timedelta(minutes=1))
            total = RouteFigures()
            for name, f in sorted(figures.items(), key=lambda kv: -kv[1].count):
                routes.append(_figures(name, minutes, f))
            for f in figures.values():
                total = _sum(total, f)
            totals.append(_figures("*", minutes, total))
        overview = self.queries.overview(now)
        served = [(int(w.total_seconds() // 3600), *self.routes.served(now - w)) for w in AVAILABILITY_WINDOWS]
        availability = [Availability(h, n, e, round(1 - e / n, 5) if n else None) for h, n, e in served]
        host = self.probe.sample()
        return HealthReport(now, routes, totals, overview.client_errors_last_hour, overview.online, host, availability)

    def kpis(self, actor: Principal, start: datetime | None, end: datetime | None) -> Kpis:
        actor.require(Permission.MONITORING_READ)
        end = end or self.clock.now()
        start = start or end - timedelta(days=30)
        if not start < end or end - start > MAX_KPI_RANGE:
            raise InvalidInput("from must be before to, at most 366 days apart.", code="invalid_range")
        kpis = self.queries.kpis(start, end)
        return replace(kpis, reactive_tickets=max(0, self.desk.opened(start, end) - kpis.proactive_tickets))


def _sum(a: RouteFigures, b: RouteFigures) -> RouteFigures:
    buckets = [x + y for x, y in zip(a.buckets or [0] * len(b.buckets or []), b.buckets or [], strict=False)]
    return RouteFigures(
        a.count + b.count,
        a.server_errors + b.server_errors,
        a.client_errors + b.client_errors,
        a.duration_ms_sum + b.duration_ms_sum,
        buckets or a.buckets,
    )
