from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.shared.permissions import Role
from domain.shared.principal import RequestMeta

from .model import Identity


class IdentityDirectory(Protocol):
    def authenticate(self, username: str, password: str) -> Identity | None:
        """The identity when the password matches and the account is active, else None.
        Costs the same for an unknown user as for a wrong password."""
        ...

    def get(self, user_id: int) -> Identity | None: ...

    def username_taken(self, username: str) -> bool: ...

    def create_staff(self, username: str, email: str, password: str, role: Role) -> Identity: ...


class PasswordBlocklist(Protocol):
    """Common and breached passwords (Django's 20,000 by default, or PASSWORD_BLOCKLIST_FILE), loaded once."""

    def contains(self, folded: str) -> bool:
        """Whether the NFKC-normalised, case-folded password is on the list."""
        ...

    def size(self) -> int: ...


class TokenStore(Protocol):
    def save(self, token_hash: str, user_id: int, created_at: datetime, expires_at: datetime) -> None: ...

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        """The owner of a live token (not expired, not revoked)."""
        ...

    def owner(self, token_hash: str, now: datetime) -> Identity | None:
        """The identity owning a live token, in one lookup (every authenticated request asks this)."""
        ...

    def revoke(self, token_hash: str, at: datetime) -> bool: ...

    def revoke_all(self, user_id: int, at: datetime, *, keep: str = "") -> int:
        """Revoke every token and session of a person but `keep` (a token hash or session key); the count revoked."""
        ...


@dataclass(frozen=True)
class Admission:
    """The guard's word on a login attempt, before any password is checked."""

    user_id: int | None  # the account the login name names, if any (for the audit trail, never for the answer)
    retry_after: int | None = None  # seconds: the attempt is refused, as a wrong password would be, but with 429
    reason: str = ""


class LoginGuard(Protocol):
    """Login protection, as the login use case sees it (implemented by the security module)."""

    def admit(self, username: str, meta: RequestMeta) -> Admission: ...

    def failed(self, username: str, admission: Admission, meta: RequestMeta) -> None:
        """Count a failed attempt, inside the caller's unit of work."""
        ...

    def succeeded(self, username: str, user_id: int, meta: RequestMeta) -> None:
        """Forget the failures a successful login ends, inside the caller's unit of work."""
        ...
