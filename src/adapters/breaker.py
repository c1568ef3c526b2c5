"""A circuit breaker: after a failure, calls fail at once for a while instead of each paying for a dead connection
(with Redis down, every publish once retried for about 3 s in turn, and a write took 8-13 s)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class CircuitOpen(ConnectionError):
    """The dependency failed recently: not tried."""


class CircuitBreaker:
    def __init__(self, name: str, cool_off: float = 2.0, clock: Callable[[], float] = time.monotonic):
        self.name = name
        self.cool_off = cool_off
        self.clock = clock
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._trial = False

    @property
    def is_open(self) -> bool:
        return self.clock() < self._open_until

    def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` unless the circuit is open. After the cool-off one caller tries again (the others still fail
        at once) and closes the circuit on success."""
        with self._lock:
            now = self.clock()
            if now < self._open_until or (self._trial and now < self._open_until + self.cool_off):
                raise CircuitOpen(f"{self.name} is unavailable (circuit open)")
            trial = self._open_until > 0
            self._trial = trial
        try:
            result = fn()
        except Exception:
            with self._lock:
                self._open_until = self.clock() + self.cool_off
                self._trial = False
            raise
        with self._lock:
            self._open_until = 0.0
            self._trial = False
        return result
