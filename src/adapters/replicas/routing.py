"""Which database a read goes to. Writes always go to the primary. A read goes to a replica only when all hold:
replicas are configured, the caller declared a read intent (reads.py), the request is not pinned to the primary
(a write request, or a person who wrote a moment ago: entrypoints/api/read_your_writes.py), no transaction is open
on the primary (a use case reads its own writes there), and a replica is fit (reachable, lag within the bound)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .status import STATUS

_INTENT: ContextVar[bool] = ContextVar("replica_read_intent", default=False)
_PINNED: ContextVar[bool] = ContextVar("replica_pinned", default=False)
_CHOSEN: ContextVar[set[str] | None] = ContextVar("replica_chosen", default=None)


def in_transaction(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """A transaction is open on the primary: what it wrote is visible there alone (a test case's own wrapping block
    counts too, so a test that has not committed its data reads it back)."""
    return connections[alias].in_atomic_block


def read_alias() -> str:
    replicas: tuple[str, ...] = settings.DATABASE_REPLICAS
    if not replicas or not _INTENT.get() or _PINNED.get() or in_transaction():
        return DEFAULT_DB_ALIAS
    chosen = STATUS.pick(replicas)
    if chosen is None:
        return DEFAULT_DB_ALIAS
    seen = _CHOSEN.get()
    if seen is not None:
        seen.add(chosen)
    return chosen


def read_connection() -> BaseDatabaseWrapper:
    """The connection for a raw read under the current intent (`django.db.connection` is always the primary)."""
    return connections[read_alias()]


@contextmanager
def read_intent(wanted: bool = True) -> Iterator[set[str]]:
    """Reads in this block may go to a replica; yields the replicas chosen so far in it."""
    chosen: set[str] = set()
    intent, seen = _INTENT.set(wanted), _CHOSEN.set(chosen)
    try:
        yield chosen
    finally:
        _CHOSEN.reset(seen)
        _INTENT.reset(intent)


def pin(pinned: bool) -> Token[bool]:
    """Pin this request's reads to the primary (or not); `unpin(token)` when the request ends."""
    return _PINNED.set(pinned)


def unpin(token: Token[bool]) -> None:
    _PINNED.reset(token)


class ReplicaRouter:
    """DATABASE_ROUTERS: the read rule above; writes, relations and migrations on the primary alone."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
