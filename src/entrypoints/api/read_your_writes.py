"""Read-your-writes with replicas: a request that writes (an unsafe method) reads from the primary throughout, and
its answer carries a signed cookie that keeps this person's reads on the primary for the next
DATABASE_REPLICA_MAX_LAG_SECONDS + DATABASE_REPLICA_CHECK_SECONDS: no replica in use is further behind than that,
so what a person just wrote is on any replica they read from afterwards. Without replicas this does nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from adapters.replicas.routing import pin, unpin

from .middleware import Around

COOKIE, SALT = "primary_reads", "replica-read-your-writes"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def sticky_seconds() -> float:
    return float(settings.DATABASE_REPLICA_MAX_LAG_SECONDS + settings.DATABASE_REPLICA_CHECK_SECONDS)


def wrote_lately(request: HttpRequest) -> bool:
    if COOKIE not in request.COOKIES:
        return False
    return (
        request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=timedelta(seconds=sticky_seconds()))
        is not None
    )


class ReadYourWritesMiddleware(Around):
    def before(self, request: HttpRequest) -> bool:
        if not settings.DATABASE_REPLICAS:
            return False
        request.replica_pin = pin(request.method in UNSAFE or wrote_lately(request))  # type: ignore[attr-defined]
        return True

    def finally_(self, request: HttpRequest) -> None:
        token = getattr(request, "replica_pin", None)
        if token is not None:
            unpin(token)

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        if state and request.method in UNSAFE and response.status_code < 400:
            response.set_signed_cookie(
                COOKIE,
                "1",
                salt=SALT,
                max_age=int(sticky_seconds()) + 1,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
