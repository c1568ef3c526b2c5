"""Bearer tokens and Django sessions (with CSRF), both resolving to a domain Principal."""

from __future__ import annotations

import re
from typing import Any

import structlog
from django.http import HttpRequest
from ninja.security import SessionAuth
from ninja.security.http import HttpAuthBase
from ninja.utils import check_csrf

from domain.impersonation.access import Reach
from domain.impersonation.model import is_impersonation_token
from domain.shared.errors import PermissionDenied
from domain.shared.principal import Principal, RequestMeta
from entrypoints.bootstrap import container
from entrypoints.client_ip import client_ip
from entrypoints.modules import ACCESS

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def request_meta(request: HttpRequest) -> RequestMeta:
    return RequestMeta(
        ip=client_ip(request),
        user_agent=_CONTROL.sub("", request.headers.get("User-Agent", ""))[:512],
        request_id=getattr(request, "request_id", ""),
    )


def bearer_token(request: HttpRequest) -> str | None:
    value = request.headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def enrolment_required() -> PermissionDenied:
    return PermissionDenied(
        "Your role requires MFA: set it up first (POST /api/auth/mfa/totp, then POST /api/auth/mfa/totp/confirm). "
        "Until then this session can only enrol.",
        code="mfa_enrolment_required",
    )


def require_csrf(request: HttpRequest) -> None:
    """Django's CSRF check (the X-CSRFToken header against the csrftoken cookie, and the origin): a browser's unsafe
    request on a session, and its sign-in (no login CSRF: another site cannot sign a browser in as someone else)."""
    if check_csrf(request) is not None:
        raise PermissionDenied(
            "The CSRF token is missing or wrong: GET /api/auth/csrf and send its csrf_token as the X-CSRFToken "
            "header (it changes when you sign in).",
            code="csrf_failed",
        )


def _bind(request: HttpRequest, principal: Principal | None, enrolment: bool) -> Principal | None:
    if principal is None:
        return None
    structlog.contextvars.bind_contextvars(user_id=principal.user_id)
    if principal.enrol_only and not enrolment:
        raise enrolment_required()
    bound = principal.with_meta(request_meta(request))
    container()[ACCESS].gate.admit(bound)  # staff network allowlists (403 network_not_allowed)
    return bound


class BearerAuth(HttpAuthBase):
    """A bearer token: a session's, or an impersonation's (`imp_...`). An impersonation token passes only where the
    operation's `reach` lets it (learner-facing operations; safe methods only in read scope) and is refused with 403
    everywhere else; the request is audited with both identities whatever the answer (ImpersonationAuditMiddleware).
    `enrolment`: the operation is one an enrol-only session may call (MFA enrolment, who am I, logout)."""

    openapi_scheme = "bearer"

    def __init__(self, reach: Reach = Reach.NONE, enrolment: bool = False):
        super().__init__()
        self.reach = reach
        self.enrolment = enrolment

    def __call__(self, request: HttpRequest) -> Principal | None:
        token = bearer_token(request)  # never logged
        if not token:
            return None
        if not is_impersonation_token(token):
            return _bind(request, container().auth.principal_for_token(token), self.enrolment)
        access = container().impersonation.access.resolve(token, request_meta(request))
        if access is None:
            return None
        request.impersonation = access  # type: ignore[attr-defined]
        structlog.contextvars.bind_contextvars(
            user_id=access.principal.user_id, impersonator_id=access.principal.impersonator_id
        )
        access.admit(request.method or "GET", self.reach)
        container()[ACCESS].gate.admit(access.principal)  # the staff member behind it, held to their networks
        return access.principal


class SessionPrincipalAuth(SessionAuth):
    """A Django session, with the CSRF check on unsafe methods. A request with no session user is simply not
    authenticated by this scheme (401), never refused for CSRF (403): there is nothing to forge."""

    def __init__(self, enrolment: bool = False):
        super().__init__()
        self.enrolment = enrolment

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not getattr(request, "_ninja_csrf_exempt", False):
            require_csrf(request)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return _bind(request, session_principal(request), self.enrolment)


def session_principal(request: HttpRequest) -> Principal | None:
    """The principal of a signed-in browser, when its session's row is live (idle timeout, absolute lifetime, not
    ended): the same limits as a bearer token."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    principal = container().auth.principal_for_session(key) if key else None
    return principal if principal is not None and principal.user_id == request.user.pk else None


def start_cookie_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Django's `user_logged_in` (the admin site, or a test's force_login): the browser session gets its row."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if request is not None and key:
        container().auth.start_cookie_session(user.pk, key, request_meta(request))


def principal(request: HttpRequest) -> Principal:
    auth = getattr(request, "auth", None)
    assert isinstance(auth, Principal), "route is missing authentication"
    return auth


AUTH = [BearerAuth(), SessionPrincipalAuth()]
# what an enrol-only session (a staff member who must set up MFA first) may call as well
ENROLMENT_AUTH = [BearerAuth(enrolment=True), SessionPrincipalAuth(enrolment=True)]
# The per-operation marker of learner-facing operations (the help centre, my-tickets): the only ones an
# impersonation token reaches. Every other operation takes AUTH (or ENROLMENT_AUTH) and refuses it.
LEARNER_FACING = [BearerAuth(Reach.LEARNER), SessionPrincipalAuth()]
# GET /api/auth/me: reached by an impersonation token (its banner) and by an enrol-only session
ME_AUTH = [BearerAuth(Reach.LEARNER, enrolment=True), SessionPrincipalAuth(enrolment=True)]
