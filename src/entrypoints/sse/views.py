"""GET /events/?channel=NAME: SSE for staff, authenticated like the API (session or bearer)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django_eventstream.views import events

from domain.access.gate import NetworkNotAllowed
from domain.shared.channels import permission_for_channel
from domain.shared.pagination import MAX_ID
from entrypoints.api.auth import bearer_token, enrolment_required, request_meta, session_principal
from entrypoints.api.errors import error_response
from entrypoints.bootstrap import container
from entrypoints.modules import ACCESS

from .channels import can_read

MAX_CHANNELS = 10
_RESUME = re.compile(r"^[^:,]{1,120}:[0-9]{1,19}$")  # channel:id, as django-eventstream writes them


def valid_last_event_id(request: HttpRequest) -> bool:
    """The resume point a reconnecting client sends (header, or ?lastEventId= for clients that cannot set it):
    comma-separated channel:id pairs with ids that fit a bigint."""
    raw = request.headers.get("Last-Event-ID") or next(
        (v for v in reversed(request.GET.getlist("lastEventId")) if v), ""
    )
    if not raw:
        return True
    parts = raw.split(",")
    return len(parts) <= MAX_CHANNELS and all(_RESUME.match(p) and int(p.rsplit(":", 1)[1]) <= MAX_ID for p in parts)


@csrf_exempt
def event_stream(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return error_response(405, "method_not_allowed", "Use GET.")
    auth = container().auth
    token = bearer_token(request)
    if token:
        principal = auth.principal_for_token(token)
        if principal is not None:
            request.user = get_user_model().objects.get(pk=principal.user_id)
    elif request.user.is_authenticated:
        principal = session_principal(request)
    else:
        principal = None
    if principal is None:
        return error_response(401, "not_authenticated", "Authentication is required.")
    if principal.enrol_only:
        refusal = enrolment_required()
        return error_response(403, refusal.code, refusal.message)
    try:
        container()[ACCESS].gate.admit(principal.with_meta(request_meta(request)))
    except NetworkNotAllowed as denied:
        return error_response(403, denied.code, denied.message, denied.details)

    channels = request.GET.getlist("channel")
    if not channels or len(channels) > MAX_CHANNELS:
        return error_response(400, "invalid_channels", f"Name 1 to {MAX_CHANNELS} channels with ?channel=NAME.")
    unknown = [c for c in channels if permission_for_channel(c) is None]
    if unknown:
        return error_response(404, "unknown_channel", "No such channel.", {"channels": unknown})
    refused = [c for c in channels if not can_read(principal, c)]
    if refused:
        return error_response(403, "permission_denied", "You may not read these channels.", {"channels": refused})
    if not valid_last_event_id(request):
        return error_response(
            400, "invalid_last_event_id", "Last-Event-ID must be the id of an event this stream sent."
        )
    response: HttpResponse = events(request)
    # The stream may stay open for hours: give the database connection back now, or every
    # subscriber would hold one (and exhaust the pool) until it disconnects.
    connection.close()
    return response
