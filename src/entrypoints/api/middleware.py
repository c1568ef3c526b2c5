"""The web edge's middleware chain, sync from end to end.

Under ASGI Django runs a chain of sync-only middleware, and the sync view at its end, in one worker thread: one
thread hop per request. An async-capable chain is slower here, not faster: Django's own middleware (security,
sessions, CSRF, auth, messages) then wraps each of its hooks in a thread hop of its own, about a dozen per request
(a trivial request took 4.5 ms that way and 2.4 ms with the chain sync). So every entry of MIDDLEWARE is sync-only,
Django's included (the thin subclasses below), and tests/api/test_asgi_chain.py keeps it so."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.http import HttpRequest, HttpResponse
from django.middleware import clickjacking, common, csrf, security
from whitenoise.middleware import WhiteNoiseMiddleware

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


class RequestContextMiddleware(Around):
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
    sync_capable, async_capable = True, False


class SecurityMiddleware(security.SecurityMiddleware):
    sync_capable, async_capable = True, False


class SessionMiddleware(sessions.SessionMiddleware):
    sync_capable, async_capable = True, False


class CommonMiddleware(common.CommonMiddleware):
    sync_capable, async_capable = True, False


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    sync_capable, async_capable = True, False


class AuthenticationMiddleware(auth.AuthenticationMiddleware):
    sync_capable, async_capable = True, False


class MessageMiddleware(messages.MessageMiddleware):
    sync_capable, async_capable = True, False


class XFrameOptionsMiddleware(clickjacking.XFrameOptionsMiddleware):
    sync_capable, async_capable = True, False
