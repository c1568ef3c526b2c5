"""A Redis outage in the worker's log. Huey's consumer logs every failed read with its traceback (about seven a
second with Redis away); this filter, on the log's handlers, lets the first one through as one line without the
traceback and drops the rest, and `check` (called by the worker's sidecar) writes one line when Redis answers
again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeout


def redis_failure(exc: BaseException | None) -> BaseException | None:
    """The Redis connection error behind a logged exception, if that is what it was."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, RedisConnectionError | RedisTimeout):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


class RedisOutageLog(logging.Filter):
    def __init__(self, probe: Callable[[], bool], logger: logging.Logger):
        super().__init__()
        self.probe, self.logger = probe, logger
        self.down, self.lock = False, threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        failure = redis_failure(record.exc_info[1] if record.exc_info else None)
        if failure is None:
            return True
        with self.lock:
            if self.down:
                return False
            self.down = True
        record.msg, record.args = f"redis.unavailable: tasks wait until Redis is back ({failure})", ()
        record.exc_info, record.exc_text = None, None
        return True

    def check(self) -> None:
        """While Redis is away, ask it; the first answer writes one line."""
        if not self.down:
            return
        try:
            back = self.probe()
        except Exception:  # still away
            return
        if back:
            with self.lock:
                self.down = False
            self.logger.warning("redis.available: Redis answers again")
