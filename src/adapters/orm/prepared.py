"""Statements every request runs, prepared once per pooled connection on PostgreSQL.

Django binds parameters on the client and prepares nothing, so PostgreSQL plans every statement anew: for the
bearer-token lookup (token, user and groups) planning took 0.2-0.3 ms, five times its execution, on every
authenticated request. Only fixed statements whose plan cannot depend on their parameters belong here (an
expression index or a LIKE pattern needs the value at planning time: those stay client-bound)."""

from __future__ import annotations

from typing import Any

import psycopg
from django.db import connection


def fetch_all(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return list(cursor.fetchall())
