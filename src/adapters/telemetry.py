"""Monitoring adapters around libraries: ua-parser for devices, psutil and friends for the host, Huey for the
delayed pulse."""

from __future__ import annotations

import time
from functools import lru_cache

import psutil
import structlog
from ua_parser import parse

from domain.monitoring.model import Device
from domain.shared.clock import Clock

log = structlog.get_logger(__name__)


@lru_cache(maxsize=4096)
def _parse(user_agent: str) -> Device:
    result = parse(user_agent)
    ua, os_, device = result.user_agent, result.os, result.device

    def version(v: object) -> str:
        parts = [getattr(v, p, None) for p in ("major", "minor", "patch")]
        return ".".join(str(p) for p in parts if p)[:50]

    return Device(
        browser=(ua.family if ua else "Other")[:100],
        browser_version=version(ua) if ua else "",
        os=(os_.family if os_ else "Other")[:100],
        os_version=version(os_) if os_ else "",
        device=(device.family if device else "Other")[:100],
    )


class UaParserUserAgents:
    """UserAgents with ua-parser (`from ua_parser import parse`), cached: a front end sends the same few strings."""

    def parse(self, user_agent: str) -> Device:
        return _parse(user_agent)


class HueyPulseTimer:
    """PulseTimer as a delayed Huey task (with Redis down it fails fast; the per-minute run flushes instead)."""

    def later(self, seconds: float) -> None:
        from adapters.huey.queue import REGISTRY

        try:
            REGISTRY["monitoring.pulse"].schedule(delay=max(0.0, seconds))
        except Exception:
            log.warning("monitoring.pulse_not_scheduled")


def _timed(probe: object) -> float | None:
    started = time.perf_counter()
    try:
        probe()  # type: ignore[operator]
    except Exception:
        return None
    return round((time.perf_counter() - started) * 1000, 2)


class HostProbe:
    """This host (psutil), the database and Redis round trips, the task queue and the outbox backlog."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.process = psutil.Process()
        self.process.cpu_percent(None)

    def sample(self) -> dict[str, float | None]:
        from django.conf import settings

        from adapters.health import database, redis
        from adapters.metrics import open_streams
        from adapters.orm.monitoring.state import outbox_backlog

        mem = psutil.virtual_memory()
        waiting, oldest = outbox_backlog(self.clock.now())
        return {
            "cpu_percent": psutil.cpu_percent(None),
            "memory_percent": mem.percent,
            "process_cpu_percent": self.process.cpu_percent(None),
            "process_rss_mb": round(self.process.memory_info().rss / 2**20, 1),
            "database_ms": _timed(database),
            "redis_ms": _timed(redis) if settings.REDIS_URL else None,
            "queue_depth": queue_depth(),
            "outbox_backlog": float(waiting),
            "outbox_oldest_seconds": oldest,
            "event_streams": open_streams(),
        }


def queue_depth() -> float | None:
    try:
        from huey.contrib.djhuey import HUEY

        return float(HUEY.pending_count())
    except Exception:
        return None
