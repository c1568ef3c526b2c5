from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Router, Status

from entrypoints.api.auth import bearer_token, principal, request_meta
from entrypoints.api.schemas import ReadModelOut, errors
from entrypoints.bootstrap import container

from .schemas import LoginIn, LoginOut, MeOut, StaffIn, StaffOut, UserOut

auth_router = Router(tags=["auth"])
staff_router = Router(tags=["staff"])


@auth_router.post("/login", auth=None, response={200: LoginOut, **errors(400, 401, 422, 429)})
def login(request: HttpRequest, body: LoginIn) -> LoginOut:
    """Failed logins are counted per account and client network (the address the trusted proxy reports, never a
    raw X-Forwarded-For): after 5, each further attempt from that network waits 1, 2, 4, 8, then 15 minutes (429
    with Retry-After and the same message as a wrong password); see docs/security.md."""
    issued = container().auth.login(body.username, body.password, request_meta(request))
    return LoginOut(token=issued.token, expires_at=issued.expires_at, user=UserOut.of(issued.identity))


class CsrfOut(ReadModelOut):
    csrf_token: str


@auth_router.get("/csrf", auth=None, response={200: CsrfOut})
def get_csrf_token(request: HttpRequest) -> CsrfOut:
    """For browser clients on a session: sets the CSRF cookie; send the token back as X-CSRFToken."""
    return CsrfOut(csrf_token=get_token(request))


@auth_router.post("/logout", response={204: None, **errors(401)})
def logout(request: HttpRequest) -> Status[None]:
    container().auth.logout(principal(request), bearer_token(request))
    if hasattr(request, "session"):
        request.session.flush()
    return Status(204, None)


@auth_router.get("/me", response={200: MeOut, **errors(401)})
def get_me(request: HttpRequest) -> MeOut:
    p = principal(request)
    identity = container().auth.me(p)
    base = UserOut.of(identity)
    return MeOut(
        id=base.id,
        username=base.username,
        roles=base.roles,
        email=identity.email,
        is_superuser=identity.is_superuser,
        permissions=sorted(p.permissions),
    )


@staff_router.post("/", response={201: StaffOut, **errors(400, 401, 403, 409, 422)})
def create_staff(request: HttpRequest, body: StaffIn) -> Status[StaffOut]:
    identity = container().staff.create_staff(
        principal(request), body.username, body.email or "", body.password, body.role
    )
    return Status(
        201, StaffOut(id=identity.id, username=identity.username, email=identity.email, roles=sorted(identity.roles))
    )
