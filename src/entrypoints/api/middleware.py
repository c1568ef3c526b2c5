"""The web edge's own middleware. Every one runs in both modes: under ASGI a sync-only middleware anywhere
in the chain costs each request two extra thread hops (about 8 ms of an 11 ms health check here)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware

log = structlog.get_logger("request")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class BothModes:
    """Calls `before(request)`, the rest of the chain (awaited under ASGI), then `after(request, response)`."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        if self.is_async:
            return self._acall(request)
        state = self.before(request)
        try:
            return self.after(request, self.get_response(request), state)
        finally:
            self.finally_(request)

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        state = self.before(request)
        try:
            return self.after(request, await self.get_response(request), state)
        finally:
            self.finally_(request)

    def before(self, request: HttpRequest) -> Any:
        return None

    def finally_(self, request: HttpRequest) -> None:
        pass

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        return response


class RequestContextMiddleware(BothModes):
    """Per-request context: a request id (taken from X-Request-ID or made), bound into every log line with the
    user id once authenticated; one line per request. API answers are never cached: they are about people."""

    def before(self, request: HttpRequest) -> float:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        return time.perf_counter()

    def finally_(self, request: HttpRequest) -> None:
        structlog.contextvars.unbind_contextvars("user_id")

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        ms = round((time.perf_counter() - state) * 1000, 1)
        log.info("request", method=request.method, path=request.path, status=response.status_code, ms=ms)
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # whitenoise ships no types
    """WhiteNoise (admin and API-docs assets), able to run in an async chain: a static file is answered at
    once, anything else goes down the chain in the chain's mode."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any], *args: Any, **kwargs: Any):
        super().__init__(get_response, *args, **kwargs)
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        return self._acall(request) if self.is_async else super().__call__(request)

    async def _acall(self, request: HttpRequest) -> Any:
        found = self.find_file(request.path_info) if self.autorefresh else self.files.get(request.path_info)
        if found is not None:
            return self.serve(found, request)
        return await self.get_response(request)
