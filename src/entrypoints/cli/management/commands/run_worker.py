"""The worker process: the Huey consumer, the audit sealer every AUDIT_SEAL_INTERVAL seconds beside it, and a
heartbeat file that the container's health check reads (`python -m config.healthcheck worker`)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, cast

import structlog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from huey.consumer import Consumer

from entrypoints.cli.outage_log import RedisOutageLog
from entrypoints.tasks.audit import seal_and_checkpoint

log = structlog.get_logger("worker")
log_std = logging.getLogger("worker")


def heartbeat_path() -> Path:
    return Path(settings.VAR_DIR) / "worker-heartbeat"


def quiet_outages(huey: Any) -> RedisOutageLog:
    """One line when Redis goes and one when it is back, on every handler of the log, instead of Huey's traceback
    on each failed read (about seven a second)."""
    conn = getattr(huey.storage, "conn", None)
    outage = RedisOutageLog(probe=lambda: bool(conn.ping()) if conn is not None else True, logger=log_std)
    for handler in {*logging.getLogger().handlers, *logging.getLogger("huey").handlers}:
        handler.addFilter(outage)
    return outage


def consumer_alive(consumer: Consumer) -> bool:
    processes = [consumer.scheduler, *(p for _, p in consumer.worker_threads)]
    return all(consumer.environment.is_alive(p) for p in processes)


class Command(BaseCommand):
    help = "Run the Huey consumer with the audit sealer and a heartbeat (the worker process of a deployment)."

    def handle(self, *args: Any, **opts: Any) -> None:
        from huey.contrib.djhuey import HUEY

        options = cast(dict[str, Any], settings.HUEY.get("consumer", {}))
        consumer = HUEY.create_consumer(**options)
        outage = quiet_outages(HUEY)
        stop = threading.Event()
        sidecar = threading.Thread(
            target=self._sidecar, args=(consumer, stop, outage), name="audit-sealer", daemon=True
        )
        sidecar.start()
        try:
            consumer.run()
        finally:
            stop.set()
            sidecar.join(timeout=5)
            heartbeat_path().unlink(missing_ok=True)

    def _sidecar(self, consumer: Consumer, stop: threading.Event, outage: RedisOutageLog) -> None:
        path = heartbeat_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        interval = max(settings.AUDIT_SEAL_INTERVAL, 0.05)
        while not stop.wait(interval):
            started = time.monotonic()
            outage.check()
            try:
                close_old_connections()
                seal_and_checkpoint()
            except Exception:  # the database is away: try again next time, never die
                log.exception("audit.seal_failed")
                connection.close()
            if consumer_alive(consumer):
                path.touch()
            elapsed = time.monotonic() - started
            if elapsed > 5 * interval:
                log.warning("audit.seal_slow", seconds=round(elapsed, 2))
