"""Every request made with an impersonation token is audited once it has its answer, reads and refusals included:
the staff member as actor, the learner as `on_behalf_of`, with the method, path, status and outcome."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse

from domain.impersonation.access import Access
from entrypoints.api.middleware import Around
from entrypoints.bootstrap import container


def outcome(response: HttpResponse) -> str:
    """`allowed`, or the error code the request was answered with."""
    if response.status_code < 400:
        return "allowed"
    try:
        return str(json.loads(response.content)["error"]["code"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"http_{response.status_code}"


class ImpersonationAuditMiddleware(Around):
    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        access = getattr(request, "impersonation", None)
        if isinstance(access, Access):
            status = response.status_code
            container().impersonation.access.record_request(
                access, request.method or "", request.path, status, outcome(response)
            )
        return response
