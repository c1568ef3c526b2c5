"""Who is acting in the current request, for code that Django calls without a request (model signals: a role
changed in /admin/). The web edge sets it per request; it is read lazily, only when a signal needs it."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from domain.shared.principal import Principal

ACTING: ContextVar[Callable[[], Principal | None] | None] = ContextVar("acting", default=None)


def acting() -> Principal | None:
    """The signed-in person of the current request (None outside a request or when nobody is signed in)."""
    find = ACTING.get()
    return find() if find is not None else None
