"""Request metrics at the edge (route pattern + method), server exceptions into error groups, and GET /metrics."""

from __future__ import annotations

import hmac
import time
import traceback
from typing import Any

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from adapters.metrics import BUFFER, EXCEPTIONS, REQUEST_SECONDS, RESPONSES, UNMATCHED, render, sample_database
from domain.monitoring.errors_ingest import ServerError
from domain.monitoring.grouping import Frame
from entrypoints.api.errors import error_response
from entrypoints.api.middleware import Around
from entrypoints.bootstrap import container

log = structlog.get_logger(__name__)
SRC_MARK = "/src/"  # frames from our own code are in-app; the rest (site-packages, stdlib) are not


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    route = str(getattr(match, "route", "") or "") if match else ""
    if not route or route.startswith("^api/.*"):
        return UNMATCHED
    return "/" + route.lstrip("^").rstrip("$")


class MetricsMiddleware(Around):
    """Latency and responses by route pattern and method; this process's minute rollups, flushed every 10 s."""

    def before(self, request: HttpRequest) -> float:
        return time.perf_counter()

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        if request.path == "/metrics" or getattr(response, "streaming", False):
            return response
        seconds = time.perf_counter() - state
        route, method = route_of(request), request.method or "GET"
        REQUEST_SECONDS.labels(route, method).observe(seconds)
        RESPONSES.labels(route, method, str(response.status_code)).inc()
        try:
            sample_database()
            c = container()
            BUFFER.add(
                c.clock.now().replace(second=0, microsecond=0), route, method, response.status_code, seconds * 1000
            )
            due = BUFFER.take_if_due()
            if due:
                c.monitoring.stores.routes.add(due)
        except Exception:  # metrics never break a request
            log.exception("metrics.route_rollup_failed")
        return response


def record_exception(request: HttpRequest, exc: Exception) -> None:
    """From the API's error handler: count the exception and file it into its error group."""
    EXCEPTIONS.labels(type(exc).__name__).inc()
    try:
        frames = tuple(
            Frame(
                f.filename.rsplit(SRC_MARK, 1)[-1],
                f.name,
                f.lineno,
                SRC_MARK in f.filename and "site-packages" not in f.filename,
                "",
                (f.line or "")[:300],
            )
            for f in traceback.extract_tb(exc.__traceback__)[-50:]
        )
        auth = getattr(request, "auth", None)
        c = container()
        c.monitoring.errors.record_server(
            ServerError(
                c.clock.now(),
                type(exc).__name__[:200],
                str(exc)[:2000],
                frames,
                route_of(request),
                getattr(auth, "user_id", None),
            )
        )
    except Exception:
        log.exception("monitoring.server_error_not_recorded")


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text format. With METRICS_TOKEN set: `Authorization: Bearer <token>` or 401."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return error_response(401, "not_authenticated", "A metrics token is required.")
    elif not settings.METRICS_PUBLIC:
        return error_response(404, "not_found", "Not found.")
    probe = container().monitoring.health.probe.sample
    return HttpResponse(render(probe), content_type="text/plain; version=0.0.4; charset=utf-8")
