"""The web process's ASGI handler: Django's, with the sync middleware chain (and the view at its end) run in a small
pool of long-lived threads, WEB_THREADS per process.

Django's own handler gives every request a thread of its own (ThreadSensitiveContext): under 200 concurrent
agents that is about 50 threads per process, each created for one request, all fighting for the GIL and the
connection pool (the machine spent two thirds of its CPU in the kernel). Here requests queue for a thread instead,
each thread keeps its database connection between requests (handed back to the pool when the request ends, as
WSGI's request_finished would), and the few thread-sensitive calls left (signal receivers, SSE storage reads) run
on asgiref's one shared thread."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_started
from django.db import close_old_connections, reset_queries
from django.http import HttpRequest, HttpResponseBase


class PooledASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=settings.WEB_THREADS, thread_name_prefix="request")
        # the request thread keeps its own connection hygiene (below): with no sync receivers left on
        # request_started, Django no longer hops to asgiref's shared thread to run them on every request
        request_started.disconnect(reset_queries)
        request_started.disconnect(close_old_connections)
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)  # the plain sync chain, as a WSGI server would run it
        sync_chain: Callable[[HttpRequest], HttpResponseBase] = self._middleware_chain  # type: ignore[has-type]
        self.sync_chain = sync_chain  # what runs in the request thread (tests walk it)

        def in_thread(request: HttpRequest) -> HttpResponseBase:
            reset_queries()
            try:
                return sync_chain(request)
            finally:
                close_old_connections()  # hand a dead or finished connection back to the pool

        async def chain(request: HttpRequest) -> HttpResponseBase:
            context = contextvars.copy_context()
            return await asyncio.get_running_loop().run_in_executor(self.executor, context.run, in_thread, request)

        self._middleware_chain = chain

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)
