"""A Redis outage in the worker's log: one line when it goes, one when it comes back, never a traceback a request."""

from __future__ import annotations

import logging

import pytest
from redis.exceptions import ConnectionError as RedisDown

from entrypoints.cli.outage_log import RedisOutageLog


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def capture() -> Capture:
    handler = Capture()
    return handler


def fail(logger: logging.Logger, times: int) -> None:
    for _ in range(times):
        try:
            raise RedisDown("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
        except RedisDown:
            logger.exception("Error reading from queue")


def test_one_line_when_redis_goes_and_one_when_it_is_back(capture: Capture) -> None:
    up = [False]
    logger = logging.getLogger("huey.consumer.Worker")
    outage = RedisOutageLog(probe=lambda: up[0], logger=logger)
    capture.addFilter(outage)
    logger.addHandler(capture)
    try:
        fail(logger, 70)  # ten seconds of a consumer's retries
        outage.check()  # still down: nothing
        logger.warning("an unrelated line")
        up[0] = True
        outage.check()
        outage.check()
        fail(logger, 3)
    finally:
        logger.removeHandler(capture)
    lines = [(r.levelname, r.getMessage(), r.exc_info) for r in capture.records]
    assert lines == [
        (
            "ERROR",
            "redis.unavailable: tasks wait until Redis is back (Error 111 connecting to 127.0.0.1:6390. "
            "Connection refused.)",
            None,
        ),
        ("WARNING", "an unrelated line", None),
        ("WARNING", "redis.available: Redis answers again", None),
        (
            "ERROR",
            "redis.unavailable: tasks wait until Redis is back (Error 111 connecting to 127.0.0.1:6390. "
            "Connection refused.)",
            None,
        ),
    ]
