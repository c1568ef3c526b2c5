"""Huey behind the TaskQueue port. Tasks register by name; the request id travels with them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import structlog
from huey.api import TaskWrapper
from huey.contrib import djhuey

from adapters.breaker import CircuitBreaker

REGISTRY: dict[str, TaskWrapper] = {}


def task(name: str, *, retries: int = 3, retry_delay: int = 10) -> Callable[[Callable[..., Any]], TaskWrapper]:
    """Declare a Huey task under a stable name; it receives `request_id` and binds it to logs."""

    def decorator(fn: Callable[..., Any]) -> TaskWrapper:
        @wraps(fn)
        def run(*args: Any, request_id: str = "", **kwargs: Any) -> Any:
            with structlog.contextvars.bound_contextvars(request_id=request_id or None, task=name):
                try:
                    return fn(*args, **kwargs)
                except Exception:
                    from adapters.metrics import TASK_FAILURES

                    TASK_FAILURES.labels(name).inc()
                    raise

        wrapper: TaskWrapper = djhuey.db_task(name=name, retries=retries, retry_delay=retry_delay)(run)
        REGISTRY[name] = wrapper
        return wrapper

    return decorator


def periodic(name: str, **crontab_kwargs: str) -> Callable[[Callable[..., Any]], TaskWrapper]:
    from huey import crontab

    def decorator(fn: Callable[..., Any]) -> TaskWrapper:
        @wraps(fn)
        def run() -> Any:
            with structlog.contextvars.bound_contextvars(task=name):
                return fn()

        wrapper: TaskWrapper = djhuey.db_periodic_task(crontab(**crontab_kwargs), name=name)(run)
        REGISTRY[name] = wrapper
        return wrapper

    return decorator


class HueyTaskQueue:
    """Enqueues by name. With the queue's Redis down, one enqueue fails and the next ones fail at once for a
    couple of seconds (a circuit breaker): the caller logs it and the periodic jobs catch up."""

    def __init__(self) -> None:
        self.breaker = CircuitBreaker("task queue", cool_off=2.0)

    def enqueue(self, task: str, **kwargs: Any) -> None:
        wrapper = REGISTRY.get(task)
        if wrapper is None:
            raise LookupError(f"no Huey task named {task!r}")
        request_id = str(structlog.contextvars.get_contextvars().get("request_id") or "")
        self.breaker.call(lambda: wrapper(request_id=request_id, **kwargs))
