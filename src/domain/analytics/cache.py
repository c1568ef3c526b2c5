"""The 60-second answer cache of the analytics reads."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
CACHE_SECONDS = 60.0


class AnswerCache:
    """Answers per query for `seconds` (per process; time from a monotonic clock unless one is given)."""

    def __init__(self, seconds: float = CACHE_SECONDS, now: Callable[[], float] = time.monotonic, size: int = 512):
        self.seconds, self.now, self.size = seconds, now, size
        self.entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        hit = self.entries.get(key)
        now = self.now()
        if hit is not None and now - hit[0] < self.seconds:
            value: T = hit[1]
            return value
        value = compute()
        if len(self.entries) >= self.size:
            self.entries = {k: v for k, v in self.entries.items() if now - v[0] < self.seconds}
            if len(self.entries) >= self.size:
                self.entries.clear()
        self.entries[key] = (now, value)
        return value

    def clear(self) -> None:
        self.entries.clear()
