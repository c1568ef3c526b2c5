"""The worker process: the Huey consumer, the audit sealer every AUDIT_SEAL_INTERVAL seconds beside it, and a
heartbeat file that the container's health check reads (`python -m config.healthcheck worker`)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, cast

import structlog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from huey.consumer import Consumer

from entrypoints.tasks.audit import seal_and_checkpoint

log = structlog.get_logger("worker")


def heartbeat_path() -> Path:
    return Path(settings.VAR_DIR) / "worker-heartbeat"


def consumer_alive(consumer: Consumer) -> bool:
    processes = [consumer.scheduler, *(p for _, p in consumer.worker_threads)]
    return all(consumer.environment.is_alive(p) for p in processes)


class Command(BaseCommand):
    help = "Run the Huey consumer with the audit sealer and a heartbeat (the worker process of a deployment)."

    def handle(self, *args: Any, **opts: Any) -> None:
        from huey.contrib.djhuey import HUEY

        options = cast(dict[str, Any], settings.HUEY.get("consumer", {}))
        consumer = HUEY.create_consumer(**options)
        stop = threading.Event()
        sidecar = threading.Thread(target=self._sidecar, args=(consumer, stop), name="audit-sealer", daemon=True)
        sidecar.start()
        try:
            consumer.run()
        finally:
            stop.set()
            sidecar.join(timeout=5)
            heartbeat_path().unlink(missing_ok=True)

    def _sidecar(self, consumer: Consumer, stop: threading.Event) -> None:
        path = heartbeat_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        interval = max(settings.AUDIT_SEAL_INTERVAL, 0.05)
        while not stop.wait(interval):
            started = time.monotonic()
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
