"""Health probes: each returns when its component is fine, raises Degraded when it works in a reduced way, and
raises anything else when it is down. Only the database is critical: without Redis the product still answers
(events and tasks are delayed, not lost), so a load balancer should keep the node."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.db import connection

from domain.shared.clock import Clock


class Degraded(Exception):
    """Usable, but not as it should be (the message says why; it is logged, not shown)."""


@dataclass(frozen=True)
class Check:
    probe: Callable[[], None]
    critical: bool = False


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def task_queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()


@cache
def _redis_client(url: str) -> Any:
    """One client (and connection pool) per process: a new connection for every probe cost more than the ping."""
    import redis as redis_lib

    return redis_lib.Redis.from_url(url, socket_connect_timeout=0.3, socket_timeout=0.3)


def redis() -> None:
    _redis_client(settings.REDIS_URL).ping()


def event_stream() -> None:
    """This process's Redis listener (when Redis fans events out): reconnecting means its subscribers wait."""
    from adapters.eventstream.listener import STATE

    if settings.REDIS_URL and STATE.started and not STATE.connected:
        raise Degraded(f"the Redis listener is reconnecting ({STATE.last_error})")


def audit_sealer(clock: Clock) -> None:
    """Entries waiting longer than AUDIT_SEAL_GRACE mean no worker is sealing the audit trail."""
    from adapters.orm.audit.models import AuditEntry

    oldest = AuditEntry.objects.filter(chain_seq__isnull=True, refused=False).order_by("id").values_list("at").first()
    if oldest is not None and clock.now() - oldest[0] > settings.AUDIT_SEAL_GRACE:
        raise Degraded("audit entries are waiting to be sealed: is run_worker running?")


def replicas() -> None:
    """Each replica's last reading (adapters/orm/replicas): one skipped (gone, or lagging past the bound) sends
    its reads to the primary, which still answers everything."""
    from adapters.replicas.status import STATUS

    skipped = [f"{alias}: {r.reason}" for alias in settings.DATABASE_REPLICAS if not (r := STATUS.reading(alias)).fit]
    if skipped:
        raise Degraded("replicas skipped, their reads go to the primary: " + "; ".join(skipped))


def health_checks(clock: Clock) -> dict[str, Check]:
    """The probes; time-dependent ones read the container's clock."""
    checks = {"database": Check(database, critical=True), "task_queue": Check(task_queue)}
    if settings.REDIS_URL:
        checks["redis"] = Check(redis)
    checks["event_stream"] = Check(event_stream)
    if settings.DATABASE_REPLICAS:
        checks["replicas"] = Check(replicas)
    checks["audit_sealer"] = Check(partial(audit_sealer, clock))
    return checks
