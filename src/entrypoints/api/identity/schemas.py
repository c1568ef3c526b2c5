from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema

from domain.identity.model import Identity
from domain.shared.permissions import STAFF_ROLES, Role
from domain.shared.validation import EMAIL_RE
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
