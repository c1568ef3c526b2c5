"""Which stored activity rows analytics reads: the SQL twin of domain.analytics.facts.counted_activity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
from django.db import connection
from django.db.models import QuerySet

from adapters.orm.accounts.models import UserActivityLog


def counted_activity_rows() -> QuerySet[UserActivityLog]:
    """Every activity row counts today. When activity rows gain the impersonation flag (issue 11), exclude
    those rows here, e.g. `.filter(impersonated_by__isnull=True)`, alongside `counted_activity` in the domain."""
    return UserActivityLog.objects.all()


def as_datetime(value: object) -> datetime | None:
    """SQLite hands raw SQL's date-times back as text."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def fetch_binary(sql: str, args: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of a raw query; on PostgreSQL with binary results: analytics reads megabytes of sets in one answer,
    which the text protocol doubles into hex and takes three to five times as long over. (Django's cursors bind
    parameters on the client, which psycopg allows only with text results, hence a plain psycopg cursor on
    Django's connection, in its transaction.)"""
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall())
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cur:
        cur.execute(sql, args, binary=True)
        return cur.fetchall()
