from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Query, Router, Status

from domain.shared.principal import Principal
from entrypoints.api.auth import ENROLMENT_AUTH, ME_AUTH, bearer_token, principal, request_meta
from entrypoints.api.impersonation.schemas import ImpersonationBannerOut, PersonRefOut
from entrypoints.api.schemas import PageQuery, ReadModelOut, errors
from entrypoints.bootstrap import container

from .schemas import (
    LoginIn,
    LoginMfaIn,
    LoginOut,
    MeOut,
    SessionPageOut,
    SessionsEndedOut,
    StaffIn,
    StaffOut,
    UserOut,
)

auth_router = Router(tags=["auth"])
staff_router = Router(tags=["staff"])
users_router = Router(tags=["sessions"])  # a person's sessions, for admins


@auth_router.post(
    "/login",
    summary="Log in with username and password",
    auth=None,
    response={200: LoginOut, **errors(400, 401, 422, 429)},
)
def login(request: HttpRequest, body: LoginIn) -> LoginOut:
    """Failed logins are counted per account and client network (the address the trusted proxy reports, never a
    raw X-Forwarded-For): after 5, each further attempt from that network waits 1, 2, 4, 8, then 15 minutes (429
    with Retry-After and the same message as a wrong password); see docs/security.md.

    With MFA the right password answers `mfa_required: true` and a `challenge` instead of a token: finish with
    POST /api/auth/login/mfa. A staff member whose role requires MFA and who has none gets a token whose `scope` is
    `mfa_enrolment`: it can only enrol (every other operation answers 403 `mfa_enrolment_required`)."""
    return LoginOut.of(container().auth.login(body.username, body.password, request_meta(request)))


@auth_router.post(
    "/login/mfa",
    summary="Complete a login with an MFA code",
    auth=None,
    response={200: LoginOut, **errors(400, 401, 422, 429)},
)
def login_mfa(request: HttpRequest, body: LoginMfaIn) -> LoginOut:
    """The second step of a login with MFA: the `challenge` from POST /api/auth/login (5 minutes, from the same
    network) and the authenticator's current `code` or one `recovery_code`. A wrong, malformed or reused code is
    401 `invalid_mfa_code` (5 on one challenge burn it); an unknown, expired or used challenge 401
    `invalid_mfa_challenge`; after n wrong codes in a row the next waits 2^(n-1) s (429 `mfa_throttled`). A
    recovery code works once; using one raises a security event and e-mails the person."""
    meta = request_meta(request)
    return LoginOut.of(container().auth.login_mfa(body.challenge, body.code, body.recovery_code, meta))


class CsrfOut(ReadModelOut):
    csrf_token: str


@auth_router.get("/csrf", summary="Get a CSRF token", auth=None, response={200: CsrfOut})
def get_csrf_token(request: HttpRequest) -> CsrfOut:
    """For browser clients on a session: sets the CSRF cookie; send the token back as X-CSRFToken."""
    return CsrfOut(csrf_token=get_token(request))


@auth_router.post("/logout", summary="Log out", auth=ENROLMENT_AUTH, response={204: None, **errors(401)})
def logout(request: HttpRequest) -> Status[None]:
    """Ends the session or bearer token used for this request (audited as `auth.logout`). Other sessions of the same
    person stay; DELETE /api/auth/sessions ends them all."""
    container().auth.logout(principal(request), bearer_token(request))
    if hasattr(request, "session"):
        request.session.flush()
    return Status(204, None)


@auth_router.get("/me", summary="Get the current user", auth=ME_AUTH, response={200: MeOut, **errors(401)})
def get_me(request: HttpRequest) -> MeOut:
    """Who the token belongs to, what it may do, and where they stand with MFA."""
    p = principal(request)
    c = container()
    identity = c.auth.me(p)
    base = UserOut.of(identity)
    mfa = c.mfa.status(p)
    return MeOut(
        id=base.id,
        username=base.username,
        roles=base.roles,
        email=identity.email,
        is_superuser=identity.is_superuser,
        permissions=sorted(p.permissions),
        scope=p.scope,
        mfa_enrolled=mfa.enrolled,
        mfa_required=mfa.required,
        recovery_codes_left=mfa.recovery_codes_left,
        impersonation=impersonation_banner(p),
    )


def impersonation_banner(p: Principal) -> ImpersonationBannerOut | None:
    """Under impersonation: who is acting, why, in which scope and until when (the front end's warning banner)."""
    session = container().impersonation.access.current(p)
    if session is None:
        return None
    return ImpersonationBannerOut(
        id=session.id,
        impersonator=PersonRefOut.of(session.impersonator),
        reason=session.reason,
        scope=session.scope,
        ticket_id=session.ticket_id,
        expires_at=session.expires_at,
    )


@staff_router.post("/", summary="Create a staff account", response={201: StaffOut, **errors(400, 401, 403, 409, 422)})
def create_staff(request: HttpRequest, body: StaffIn) -> Status[StaffOut]:
    """A staff account with one role (`support_admin`, `support_agent`, `ux_manager`, `platform_admin`,
    `compliance_officer`, `customer_success` or `service`) and a password meeting the password policy (422
    `weak_password` with the reasons). Usernames are unique regardless of case (409 `username_taken`). Needs
    `staff.manage` (platform_admin); audited."""
    identity = container().staff.create_staff(
        principal(request), body.username, body.email or "", body.password, body.role
    )
    return Status(
        201, StaffOut(id=identity.id, username=identity.username, email=identity.email, roles=sorted(identity.roles))
    )


def _idle() -> timedelta:
    return container().auth.policy.idle


@auth_router.get(
    "/sessions", summary="List one's own sessions", response={200: SessionPageOut, **errors(400, 401, 422)}
)
def list_my_sessions(request: HttpRequest, q: Query[PageQuery]) -> SessionPageOut:
    """One's own live sessions (bearer tokens and browser sessions), newest first; `current` marks this one."""
    p = principal(request)
    return SessionPageOut.of(container().sessions.mine(p, q.page()), _idle(), p.session_id)


@auth_router.delete("/sessions", summary="Log out everywhere", response={200: SessionsEndedOut, **errors(401)})
def end_my_sessions(request: HttpRequest) -> SessionsEndedOut:
    """Log out everywhere: every token and browser session of one's own ends, this one included (audited)."""
    ended = container().sessions.end_all_mine(principal(request))
    if hasattr(request, "session"):
        request.session.flush()
    return SessionsEndedOut(user_id=ended.user_id, ended=ended.ended)


@auth_router.delete(
    "/sessions/{id:session_id}", summary="End one of one's own sessions", response={204: None, **errors(401, 404)}
)
def end_my_session(request: HttpRequest, session_id: int) -> Status[None]:
    """End one of one's own sessions (audited); another person's session id answers 404 like an unknown one."""
    container().sessions.end_mine(principal(request), session_id)
    return Status(204, None)


@users_router.get(
    "/profiles/{id:user_id}/sessions",
    summary="List a person's sessions",
    response={200: SessionPageOut, **errors(400, 401, 403, 404, 422)},
)
def list_user_sessions(request: HttpRequest, user_id: int, q: Query[PageQuery]) -> SessionPageOut:
    """A person's live sessions (support_admin, platform_admin; staff of the caller's rank or above: 403
    `target_outranks_actor`), newest first; audited as a read of their data."""
    page = container().sessions.of_user(principal(request), user_id, q.page())
    return SessionPageOut.of(page, _idle(), None)


@users_router.delete(
    "/profiles/{id:user_id}/sessions",
    summary="End every session of a person",
    response={200: SessionsEndedOut, **errors(401, 403, 404)},
)
def end_user_sessions(request: HttpRequest, user_id: int) -> SessionsEndedOut:
    """End every session of a person (support_admin, platform_admin; audited, raises a `sessions_ended` security
    event). Staff of the caller's rank or above: 403 `target_outranks_actor`."""
    ended = container().sessions.end_for_user(principal(request), user_id)
    return SessionsEndedOut(user_id=ended.user_id, ended=ended.ended)


@users_router.delete(
    "/profiles/{id:user_id}/sessions/{id:session_id}",
    summary="End one session of a person",
    response={204: None, **errors(401, 403, 404)},
)
def end_user_session(request: HttpRequest, user_id: int, session_id: int) -> Status[None]:
    """End one session of a person (support_admin, platform_admin; audited, security event); 404 unless it is
    theirs and live. Staff of the caller's rank or above: 403 `target_outranks_actor`."""
    container().sessions.end_for_user(principal(request), user_id, session_id)
    return Status(204, None)
