from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema

from domain.identity.model import Identity
from domain.identity.sessions import SessionKind, SessionRecord, agent_family, describe_agent
from domain.shared.pagination import Page
from domain.shared.permissions import STAFF_ROLES, Role
from domain.shared.validation import EMAIL_RE
from entrypoints.api.impersonation.schemas import ImpersonationBannerOut
from entrypoints.api.schemas import ReadModelOut

EMAIL_PATTERN = EMAIL_RE.pattern


def _staff_only(role: Role) -> Role:
    if role not in STAFF_ROLES:
        raise ValueError("learners are not staff: create them with POST /api/users/profiles/")
    return role


StaffRole = Annotated[
    Role,
    AfterValidator(_staff_only),
    WithJsonSchema({"title": "StaffRole", "type": "string", "enum": [r.value for r in STAFF_ROLES]}),
]


class LoginIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(ReadModelOut):
    id: int
    username: str
    roles: list[Role]

    @staticmethod
    def of(identity: Identity) -> UserOut:
        roles = sorted(Role) if identity.is_superuser else sorted(identity.roles)
        return UserOut(id=identity.id, username=identity.username, roles=roles)


class LoginOut(ReadModelOut):
    token: str
    expires_at: datetime
    user: UserOut


class MeOut(UserOut):
    email: str
    is_superuser: bool
    permissions: list[str]
    impersonation: ImpersonationBannerOut | None = Field(
        None, description="set when the request is made with an impersonation token: show a warning banner"
    )


class StaffIn(Schema):
    username: str = Field(min_length=3, max_length=150)
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=1, max_length=1024)
    role: StaffRole


class StaffOut(ReadModelOut):
    id: int
    username: str
    email: str
    roles: list[Role]


class SessionOut(ReadModelOut):
    """A session: a bearer token or a browser session, named by its id (never by its secret)."""

    id: int
    kind: SessionKind
    created_at: datetime
    last_used_at: datetime  # written at most once a minute
    expires_at: datetime  # the absolute end (SESSION_ABSOLUTE_HOURS after it began)
    idle_expires_at: datetime  # when it ends if it stays unused (SESSION_IDLE_MINUTES), capped by expires_at
    ip: str | None
    user_agent_family: str
    description: str
    current: bool  # the session this request came with

    @staticmethod
    def of(s: SessionRecord, idle: timedelta, current: int | None) -> SessionOut:
        return SessionOut(
            id=s.id,
            kind=s.kind,
            created_at=s.created_at,
            last_used_at=s.last_used_at,
            expires_at=s.expires_at,
            idle_expires_at=s.idle_expires_at(idle),
            ip=s.ip,
            user_agent_family=agent_family(s.user_agent),
            description=describe_agent(s.user_agent),
            current=s.id == current,
        )


class SessionPageOut(ReadModelOut):
    items: list[SessionOut]
    next_cursor: str | None

    @staticmethod
    def of(page: Page[SessionRecord], idle: timedelta, current: int | None) -> SessionPageOut:
        return SessionPageOut(items=[SessionOut.of(s, idle, current) for s in page.items], next_cursor=page.next_cursor)


class SessionsEndedOut(ReadModelOut):
    user_id: int
    ended: int
