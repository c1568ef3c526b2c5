from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema, model_validator

from domain.identity.model import Identity, IssuedToken, MfaChallenge
from domain.identity.sessions import SessionKind, SessionRecord, agent_family, describe_agent
from domain.security.mfa import MAX_CHALLENGE, MAX_CODE_INPUT
from domain.shared.pagination import Page
from domain.shared.permissions import STAFF_ROLES, Role
from domain.shared.principal import SessionScope
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
    """`mfa_required` says which answer it is. false: signed in, with `token`, `user` and `scope`. true: the
    password was right and the account has MFA: send `challenge` with a code to POST /api/auth/login/mfa before
    `expires_at` (5 minutes); `token`, `user` and `scope` are null."""

    mfa_required: bool
    token: str | None = Field(description="the bearer token (null when mfa_required)")
    expires_at: datetime = Field(description="when the token ends, or when the challenge does")
    user: UserOut | None = Field(description="null when mfa_required")
    scope: SessionScope | None = Field(
        description="full, or mfa_enrolment: the role requires MFA and there is none yet, so the token can only "
        "enrol (POST /api/auth/mfa/totp and .../confirm), read GET /api/auth/me and log out; null when mfa_required"
    )
    challenge: str | None = Field(description="the one-time challenge for POST /api/auth/login/mfa (else null)")

    @staticmethod
    def of(answer: IssuedToken | MfaChallenge) -> LoginOut:
        if isinstance(answer, MfaChallenge):
            return LoginOut(
                mfa_required=True,
                token=None,
                expires_at=answer.expires_at,
                user=None,
                scope=None,
                challenge=answer.challenge,
            )
        return LoginOut(
            mfa_required=False,
            token=answer.token,
            expires_at=answer.expires_at,
            user=UserOut.of(answer.identity),
            scope=answer.scope,
            challenge=None,
        )


class BrowserLoginOut(ReadModelOut):
    """`mfa_required` says which answer it is. false: this browser is signed in (the response sets the session
    cookie) as `user`, with `scope`; `csrf_token` is the new CSRF token to send as X-CSRFToken from now on. true: the
    password was right and the account has MFA: send `challenge` with a code to POST /api/auth/browser/login/mfa
    before `expires_at` (5 minutes); `user`, `scope` and `csrf_token` are null."""

    mfa_required: bool
    challenge: str | None = Field(description="the one-time challenge for POST /api/auth/browser/login/mfa (else null)")
    expires_at: datetime = Field(description="when the session ends at the latest (absolute), or the challenge does")
    scope: SessionScope | None = Field(
        description="full, or mfa_enrolment: the role requires MFA and there is none yet, so the session can only "
        "enrol (POST /api/auth/mfa/totp and .../confirm), read GET /api/auth/me and sign out; null when mfa_required"
    )
    user: UserOut | None = Field(description="who signed in; null when mfa_required")
    csrf_token: str | None = Field(
        description="the CSRF token after signing in (the one read before is no longer accepted); null when "
        "mfa_required"
    )

    @staticmethod
    def of(answer: IssuedToken | MfaChallenge, csrf_token: str) -> BrowserLoginOut:
        if isinstance(answer, MfaChallenge):
            return BrowserLoginOut(
                mfa_required=True,
                challenge=answer.challenge,
                expires_at=answer.expires_at,
                scope=None,
                user=None,
                csrf_token=None,
            )
        return BrowserLoginOut(
            mfa_required=False,
            challenge=None,
            expires_at=answer.expires_at,
            scope=answer.scope,
            user=UserOut.of(answer.identity),
            csrf_token=csrf_token,
        )


class LoginMfaIn(Schema):
    """The challenge from the password step, and either the authenticator's current code or a recovery code."""

    challenge: str = Field(min_length=1, max_length=MAX_CHALLENGE)
    code: str | None = Field(None, min_length=1, max_length=MAX_CODE_INPUT, description="6 digits, e.g. 123456")
    recovery_code: str | None = Field(
        None, min_length=1, max_length=MAX_CODE_INPUT, description="one of the recovery codes (works once)"
    )

    @model_validator(mode="after")
    def one_kind_of_code(self) -> LoginMfaIn:
        if (self.code is None) == (self.recovery_code is None):
            raise ValueError("send either code or recovery_code")
        return self


class MeOut(UserOut):
    email: str
    is_superuser: bool
    permissions: list[str]
    scope: SessionScope = Field(description="mfa_enrolment: this session can only enrol in MFA until it is confirmed")
    mfa_enrolled: bool
    mfa_required: bool = Field(description="a role of the person requires MFA (MFA_REQUIRED_ROLES)")
    recovery_codes_left: int = Field(description="unused MFA recovery codes (0 without MFA)")
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
