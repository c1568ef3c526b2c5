"""Prometheus metrics (prometheus_client; multi-process mode when PROMETHEUS_MULTIPROC_DIR is set) and the
per-minute route rollups the detection rules and GET /api/monitoring/health read from the database.

Labels are route patterns and methods, never raw paths (per-path labels make one series per user id)."""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import psutil
import structlog
from django.db.backends.signals import connection_created
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from domain.monitoring.records import LATENCY_BUCKETS_MS, RouteSample

log = structlog.get_logger(__name__)
UNMATCHED = "unmatched"  # every path no route matched, under one label
BUCKETS_S = tuple(b / 1000 for b in LATENCY_BUCKETS_MS)

REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds",
    "Request latency by route pattern and method",
    ["route", "method"],
    buckets=BUCKETS_S,
)
RESPONSES = Counter(
    "http_responses_total", "Responses by route pattern, method and status", ["route", "method", "status"]
)
EXCEPTIONS = Counter("http_exceptions_total", "Unhandled exceptions by type", ["type"])
TASK_FAILURES = Counter("huey_task_failures_total", "Background tasks that raised", ["task"])
# Gauges each process sets for itself; `livesum` adds up the live processes (config/web.py retires dead ones).
SSE_CONNECTIONS = Gauge(
    "sse_connections", "Open SSE streams (django-eventstream listeners)", multiprocess_mode="livesum"
)
DB_OPEN = Gauge(
    "database_connections_open",
    "Database connections Django holds open (checked out of the pool when there is one)",
    multiprocess_mode="livesum",
)
DB_POOL = Gauge(
    "database_pool_connections",
    "psycopg pool connections by state: in_use (checked out) or idle",
    ["alias", "state"],
    multiprocess_mode="livesum",
)
DB_POOL_MAX = Gauge("database_pool_max_connections", "psycopg pools' max_size", ["alias"], multiprocess_mode="livesum")
DB_POOL_WAITING = Gauge(
    "database_pool_requests_waiting", "Requests waiting for a pooled connection", ["alias"], multiprocess_mode="livesum"
)

_wrappers: weakref.WeakSet[Any] = weakref.WeakSet()  # Django's per-thread connection wrappers that ever connected
_wrappers_lock = threading.Lock()


def _seen(sender: object, connection: Any, **kwargs: object) -> None:
    with _wrappers_lock:
        _wrappers.add(connection)


connection_created.connect(_seen, weak=False, dispatch_uid="adapters.metrics.connections")


def open_connections(current: Iterable[Any] = ()) -> int:
    """Django connections this process holds open, in every thread (a wrapper's `connection` is None once closed)."""
    with _wrappers_lock:
        wrappers = {*_wrappers, *current}
    return sum(1 for w in wrappers if getattr(w, "connection", None) is not None)


def pool_figures(stats: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """psycopg_pool's get_stats() per alias -> in use, idle, max and waiting (missing keys count as 0)."""
    figures = {}
    for alias, s in stats.items():
        size, idle = s.get("pool_size", 0), s.get("pool_available", 0)
        figures[alias] = {
            "in_use": max(0, size - idle),
            "idle": idle,
            "max": s.get("pool_max", 0),
            "waiting": s.get("requests_waiting", 0),
        }
    return figures


def sample_database() -> None:
    """Set this process's database gauges: every request does (cheap: counters, no query), and so does a scrape."""
    from django.db import connections

    stats = {}
    for alias in connections:
        try:
            pool = getattr(connections[alias], "pool", None)  # PostgreSQL with OPTIONS["pool"] only
            if pool is not None:
                stats[alias] = pool.get_stats()
        except Exception:  # a misconfigured pool is reported by the health check, never by breaking metrics
            log.warning("metrics.pool_stats_failed", alias=alias)
    for alias, f in pool_figures(stats).items():
        DB_POOL.labels(alias, "in_use").set(f["in_use"])
        DB_POOL.labels(alias, "idle").set(f["idle"])
        DB_POOL_MAX.labels(alias).set(f["max"])
        DB_POOL_WAITING.labels(alias).set(f["waiting"])
    DB_OPEN.set(open_connections(connections.all(initialized_only=True)))


class SystemCollector(Collector):
    """Figures read at scrape time: queue depth, outbox backlog, database connections, this process's CPU/memory."""

    def __init__(self, probe: Callable[[], dict[str, float | None]]):
        self.probe = probe

    def collect(self):  # type: ignore[no-untyped-def]
        figures = self.probe()
        names = {
            "queue_depth": "huey_queue_depth",
            "outbox_backlog": "outbox_backlog_messages",
            "outbox_oldest_seconds": "outbox_oldest_age_seconds",
            "database_ms": "database_ping_milliseconds",
            "redis_ms": "redis_ping_milliseconds",
            "cpu_percent": "host_cpu_percent",
            "memory_percent": "host_memory_percent",
        }
        for key, name in names.items():
            value = figures.get(key)
            if value is not None:
                yield GaugeMetricFamily(name, key.replace("_", " "), value=value)
        proc = psutil.Process()
        yield GaugeMetricFamily(
            "process_resident_memory_bytes", "Resident memory of the scraped process", value=proc.memory_info().rss
        )
        yield GaugeMetricFamily(
            "process_cpu_seconds_total", "CPU time of the scraped process", value=sum(proc.cpu_times()[:2])
        )


def open_streams() -> float:
    """Open event streams (SSE) on this host: every live process's gauge in multi-process mode, this one's otherwise."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return float(SSE_CONNECTIONS._value.get())
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return float(
        sum(s.value for m in registry.collect() if m.name == "sse_connections" for s in m.samples if s.name == m.name)
    )


def render(probe: Callable[[], dict[str, float | None]]) -> bytes:
    """The text exposition: every process's metrics in multi-process mode, this one's otherwise."""
    sample_database()
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    output = generate_latest(registry)
    extra = CollectorRegistry()
    extra.register(SystemCollector(probe))
    return output + generate_latest(extra)


class RouteBuffer:
    """This process's requests per (minute, route, method), written to the database every FLUSH seconds by the
    request that finds the buffer due (no thread of its own). A process killed in between loses its last seconds."""

    FLUSH = 10.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: dict[tuple[datetime, str, str], list[float]] = {}
        self.flushed = time.monotonic()

    def add(self, minute: datetime, route: str, method: str, status: int, ms: float) -> None:
        slot = next((i for i, b in enumerate(LATENCY_BUCKETS_MS) if ms <= b), len(LATENCY_BUCKETS_MS))
        with self.lock:
            row = self.rows.setdefault((minute, route, method), [0.0] * (4 + len(LATENCY_BUCKETS_MS) + 1))
            row[0] += 1
            row[1] += status >= 500
            row[2] += 400 <= status < 500
            row[3] += ms
            row[4 + slot] += 1

    def take_if_due(self, force: bool = False) -> list[RouteSample]:
        with self.lock:
            if not force and time.monotonic() - self.flushed < self.FLUSH:
                return []
            rows, self.rows, self.flushed = self.rows, {}, time.monotonic()
        return [
            RouteSample(m, r, meth, int(v[0]), int(v[1]), int(v[2]), v[3], tuple(int(b) for b in v[4:]))
            for (m, r, meth), v in rows.items()
        ]


BUFFER = RouteBuffer()
