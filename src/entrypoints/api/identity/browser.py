"""Browser sign-in: the staff console's cookie session, on the same login use case as the bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token

from adapters.browser_sessions import DjangoBrowserSession
from entrypoints.api.auth import request_meta, require_csrf
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .router import auth_router
from .schemas import BrowserLoginOut, LoginIn, LoginMfaIn


@auth_router.post("/browser/login", auth=None, response={200: BrowserLoginOut, **errors(400, 401, 403, 422, 429)})
def browser_login(request: HttpRequest, body: LoginIn) -> BrowserLoginOut:
    """Sign a browser in with a cookie session (the staff console). Send the X-CSRFToken header read from GET
    /api/auth/csrf (403 `csrf_failed` without it). The same rules as POST /api/auth/login: failed attempts are
    counted and throttled per account and network (429 `login_throttled` with Retry-After), every attempt is audited
    and fed to the detection rules.

    With MFA the right password answers `mfa_required: true` and a `challenge`: finish with POST
    /api/auth/browser/login/mfa. Otherwise the response sets the session cookie (HttpOnly, SameSite=Lax, Secure in
    production; a new session key, any earlier session of this browser ends) and a new CSRF token (`csrf_token`).
    The session ends after SESSION_IDLE_MINUTES unused and SESSION_ABSOLUTE_HOURS at most. A person whose role
    requires MFA and who has none gets `scope: mfa_enrolment`: enrol with POST /api/auth/mfa/totp and
    .../confirm (every other operation answers 403 `mfa_enrolment_required` until then)."""
    require_csrf(request)
    answer = container().auth.login(body.username, body.password, request_meta(request), DjangoBrowserSession(request))
    return BrowserLoginOut.of(answer, get_token(request))


@auth_router.post("/browser/login/mfa", auth=None, response={200: BrowserLoginOut, **errors(400, 401, 403, 422, 429)})
def browser_login_mfa(request: HttpRequest, body: LoginMfaIn) -> BrowserLoginOut:
    """The second step of a browser sign-in with MFA (X-CSRFToken required as for the first): the `challenge` from
    POST /api/auth/browser/login (5 minutes, from the same network) and the authenticator's current `code` or one
    `recovery_code`. The same refusals as POST /api/auth/login/mfa (401 `invalid_mfa_code` or
    `invalid_mfa_challenge`, 429 `mfa_throttled`); on success the same answer as a sign-in without MFA, with the
    session cookie set."""
    require_csrf(request)
    meta = request_meta(request)
    c = container()
    answer = c.auth.login_mfa(body.challenge, body.code, body.recovery_code, meta, DjangoBrowserSession(request))
    return BrowserLoginOut.of(answer, get_token(request))
