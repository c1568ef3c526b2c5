"""The web edge's own middleware: sync-only, like the chain the product's ASGI handler builds (entrypoints/asgi.py).

An async-capable chain is slower here, not faster: Django's own middleware (security, sessions, CSRF, auth,
messages) then wraps each of its hooks in a thread hop of its own, about a dozen per request (a trivial request
took 4.5 ms that way and 2.4 ms with the chain sync); tests/api/test_asgi_chain.py keeps the chain hop-free."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from django.http import HttpRequest, HttpResponse

from adapters.acting import ACTING
from domain.shared.principal import Principal

log = structlog.get_logger("request")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class Around:
    """A sync-only middleware that runs `before(request)`, the rest of the chain, then `after(request, response)`."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = self.before(request)
        try:
            return self.after(request, self.get_response(request), state)
        finally:
            self.finally_(request)

    def before(self, request: HttpRequest) -> Any:
        return None

    def finally_(self, request: HttpRequest) -> None:
        pass

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        return response


def signed_in(request: HttpRequest) -> Principal | None:
    """The person signed in with a browser session (Django's admin site), read only when asked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    from .auth import request_meta

    return Principal(user.pk, user.get_username(), meta=request_meta(request))


class RequestContextMiddleware(Around):
    """Per-request context: a request id (taken from X-Request-ID or made), bound into every log line with the
    user id once authenticated; one line per request. API answers are never cached: they are about people."""

    def before(self, request: HttpRequest) -> float:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        request.acting_token = ACTING.set(lambda: signed_in(request))  # type: ignore[attr-defined]
        return time.perf_counter()

    def finally_(self, request: HttpRequest) -> None:
        structlog.contextvars.unbind_contextvars("user_id")
        ACTING.reset(request.acting_token)  # type: ignore[attr-defined]

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        ms = round((time.perf_counter() - state) * 1000, 1)
        log.info("request", method=request.method, path=request.path, status=response.status_code, ms=ms)
        return response
