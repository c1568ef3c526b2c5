"""Health probes: each raises when its component is not usable."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import connection


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def task_queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()


def redis() -> None:
    import redis as redis_lib

    client = redis_lib.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def event_stream() -> None:
    from django_eventstream.views import get_listener_manager

    get_listener_manager()
    if settings.REDIS_URL:
        redis()


def health_checks() -> dict[str, Callable[[], None]]:
    checks: dict[str, Callable[[], None]] = {"database": database, "task_queue": task_queue}
    if settings.REDIS_URL:
        checks["redis"] = redis
    checks["event_stream"] = event_stream
    return checks
