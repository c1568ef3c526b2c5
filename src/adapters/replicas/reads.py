"""The read-intent seam: the wiring wraps a read-only adapter (`on_replicas(DjangoProfileQueries())`) so that each of
its calls may read from a replica (routing.py decides). A call whose replica fails mid-read (it went away between
two checks) is marked down and the call runs again on the primary: the caller sees no error. Only adapters whose
methods never write may be wrapped (a rerun must be harmless)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.connection import ConnectionDoesNotExist

from .routing import read_intent
from .status import STATUS

T = TypeVar("T")
R = TypeVar("R")


def on_replica(fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    if not settings.DATABASE_REPLICAS:
        return fn(*args, **kwargs)
    with read_intent() as chosen:
        try:
            return fn(*args, **kwargs)
        except DatabaseError as exc:
            if not chosen:
                raise
            failed = f"read failed ({type(exc).__name__})"
    for alias in chosen:
        STATUS.mark_down(alias, failed)
        with contextlib.suppress(DatabaseError, ConnectionDoesNotExist):
            connections[alias].close()
    with read_intent(False):
        return fn(*args, **kwargs)


class _OnReplicas:
    def __init__(self, inner: object):
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if not callable(found):
            return found

        @functools.wraps(found)
        def call(*args: Any, **kwargs: Any) -> Any:
            return on_replica(found, *args, **kwargs)

        return call


def on_replicas(adapter: T) -> T:
    """`adapter` with every call under a read intent (a plain call while no replica is configured)."""
    return cast(T, _OnReplicas(adapter))
