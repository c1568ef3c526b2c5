"""Who may read /api/docs and /api/openapi.json: anyone in development or with API_DOCS_PUBLIC=true; otherwise
staff, signed in with a bearer token or a session (the docs page sends browsers to the admin sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from domain.shared.permissions import Role
from entrypoints.bootstrap import container

from .auth import bearer_token
from .errors import error_response


def _is_staff(request: HttpRequest) -> bool | None:
    """True for staff, False for someone signed in who is not, None for nobody signed in."""
    auth = container().auth
    token = bearer_token(request)
    user = getattr(request, "user", None)
    if token:
        principal = auth.principal_for_token(token)
    elif user is not None and user.is_authenticated:
        principal = auth.principal_for_user(user.pk)
    else:
        return None
    if principal is None:
        return None
    return principal.is_superuser or bool(principal.roles - {Role.LEARNER})


def staff_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.API_DOCS_PUBLIC:
            return view(request, *args, **kwargs)
        staff = _is_staff(request)
        if staff:
            return view(request, *args, **kwargs)
        if staff is None and not request.path.endswith(".json") and "text/html" in request.headers.get("Accept", ""):
            return HttpResponseRedirect(f"/admin/login/?next={quote(request.get_full_path())}")
        if staff is None:
            return error_response(401, "not_authenticated", "The API documents are for staff: sign in first.")
        return error_response(403, "permission_denied", "The API documents are for staff.")

    return guarded
