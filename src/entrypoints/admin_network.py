"""The staff network allowlists on the admin site: a signed-in staff member's admin page from outside their allowed
networks is refused (403 `network_not_allowed`), audited and raised like an API call."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from domain.access.gate import NetworkNotAllowed
from entrypoints.api.auth import request_meta, session_principal
from entrypoints.api.errors import error_response
from entrypoints.bootstrap import container
from entrypoints.modules import ACCESS


class AdminNetworkMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.path.startswith("/admin/") and user is not None and user.is_authenticated:
            principal = session_principal(request)
            if principal is not None:
                try:
                    container()[ACCESS].gate.admit(principal.with_meta(request_meta(request)))
                except NetworkNotAllowed as refused:
                    return error_response(403, refused.code, refused.message, refused.details)
        return self.get_response(request)
