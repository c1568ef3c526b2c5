"""A setting that may change at run time: the value itself, or a source that says what is in force now (the
run-time policies, domain.policies, lend such sources to the modules whose settings they cover)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def now_of(value: T | Callable[[], T]) -> T:
    """The value, or what its source says now (a setting's value is never itself callable)."""
    return value() if callable(value) else value
