"""Staff identities and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from domain.shared.permissions import Role
from domain.shared.principal import SessionScope


@dataclass(frozen=True)
class Identity:
    id: int
    username: str
    email: str
    roles: frozenset[Role]
    is_active: bool = True
    is_superuser: bool = False


@dataclass(frozen=True)
class IssuedToken:
    """The only moment the plain token exists: it is returned once and stored hashed."""

    token: str
    expires_at: datetime
    identity: Identity
    scope: SessionScope = SessionScope.FULL  # MFA_ENROLMENT: the person must enrol in MFA before anything else


@dataclass(frozen=True)
class MfaChallenge:
    """The password was right and the account has MFA: the login ends with POST /api/auth/login/mfa, which takes
    this one-time challenge (stored hashed, bound to the person and the client's network, short-lived) and a
    code."""

    challenge: str
    expires_at: datetime


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 32 random bytes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
