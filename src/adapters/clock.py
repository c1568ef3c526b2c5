from __future__ import annotations

import time
from datetime import UTC, datetime


class SystemClock:
    """Wall-clock time, aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SleepPause:
    """Waiting for real (bulk notifications keep their rate with it)."""

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
