"""CSV exports rendered by PostgreSQL: `COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)` read through psycopg's
`cursor.copy()`, so no row becomes a Python object (reading 1M timestamps through the ORM alone cost ~5 s).

Each cell is rendered in SQL as `domain.bulk.exporting.csv_cell` renders it in Python: text starting with a
character a spreadsheet reads as a formula gets a leading apostrophe (the characters come from the domain's
FORMULA_START), an empty text is an empty cell, times are UTC ISO 8601 with microseconds, booleans true/false and
floats in PostgreSQL's shortest form. tests/contracts/test_bulk_ports.py holds the two renderings to the same bytes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from adapters.orm.accounts import models as am
from adapters.orm.accounts.search import profiles_matching
from domain.accounts.search import SearchCriteria
from domain.bulk.exporting import FORMULA_START

User = get_user_model()
FORMULA = ", ".join(f"chr({ord(c)})" for c in FORMULA_START)
TEXT = f"CASE WHEN left({{c}}, 1) IN ({FORMULA}) THEN '''' || {{c}} ELSE NULLIF({{c}}, '') END"
TIME = """to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
BOOL = "CASE WHEN {c} THEN 'true' WHEN NOT {c} THEN 'false' END"
NUMBER = "{c}"
COLUMNS = {
    "id": ("p", "user_id", NUMBER),
    "username": ("u", "username", TEXT),
    "email": ("u", "email", TEXT),
    "first_name": ("u", "first_name", TEXT),
    "last_name": ("u", "last_name", TEXT),
    "account_status": ("p", "account_status", TEXT),
    "platform_role": ("p", "platform_role", TEXT),
    "support_priority": ("p", "support_priority", TEXT),
    "risk_score": ("p", "risk_score", NUMBER),
    "last_activity": ("p", "last_activity", TIME),
    "date_joined": ("p", "date_joined", TIME),
    "enrollment_count": ("p", "enrollment_count", NUMBER),
    "completion_rate": ("p", "completion_rate", NUMBER),
    "marketing_consent": ("p", "marketing_consent", BOOL),
}


def copy_query(criteria: SearchCriteria, fields: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    """The COPY statement for the search's people, by id, and its parameters (merged by psycopg on the client)."""
    q = connection.ops.quote_name
    cells = ", ".join(COLUMNS[f][2].format(c=f"{COLUMNS[f][0]}.{q(COLUMNS[f][1])}") for f in fields)
    source = f"{q(am.UserProfile._meta.db_table)} p JOIN {q(User._meta.db_table)} u ON u.{q('id')} = p.{q('user_id')}"
    matching = profiles_matching(criteria).order_by()
    where, params = "", ()
    if matching.query.where:  # a search or a filter: the ids it keeps (no filter: everyone, no semi-join)
        sub, params = matching.values("user_id").query.sql_with_params()
        where = f" WHERE p.{q('user_id')} IN ({sub})"
    select = f"SELECT {cells} FROM {source}{where} ORDER BY p.{q('user_id')}"
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", tuple(params)


def copy_csv(criteria: SearchCriteria, fields: Sequence[str], chunk: int) -> Iterator[tuple[int, bytes]]:
    """The rows as CSV, about `chunk` rows at a time (the server sends one COPY message per row). On a connection
    of its own: the caller writes progress between chunks, and a connection in COPY OUT can run nothing else (on
    Django's own connection that was a deadlock on psycopg's connection lock). Abandoned, the COPY is cancelled."""
    statement, params = copy_query(criteria, fields)
    own = connection.get_new_connection(connection.get_connection_params())
    try:
        own.autocommit = True
        with own.cursor() as cursor, cursor.copy(statement, params or None) as copy:
            buffer, rows = bytearray(), 0
            for data in copy:
                buffer += data
                rows += 1
                if rows >= chunk:
                    yield rows, bytes(buffer)
                    buffer, rows = bytearray(), 0
            if rows:
                yield rows, bytes(buffer)
    finally:
        own.close()
