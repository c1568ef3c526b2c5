from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.shared.permissions import Role

from .model import Identity


class IdentityDirectory(Protocol):
    def authenticate(self, username: str, password: str) -> Identity | None:
        """The identity when the password matches and the account is active, else None.
        Costs the same for an unknown user as for a wrong password."""
        ...

    def get(self, user_id: int) -> Identity | None: ...

    def username_taken(self, username: str) -> bool: ...

    def create_staff(self, username: str, email: str, password: str, role: Role) -> Identity: ...

    def password_problems(self, password: str, username: str, email: str) -> list[str]:
        """Why a password is refused by the password policy (empty when it is accepted)."""
        ...


class TokenStore(Protocol):
    def save(self, token_hash: str, user_id: int, created_at: datetime, expires_at: datetime) -> None: ...

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        """The owner of a live token (not expired, not revoked)."""
        ...

    def owner(self, token_hash: str, now: datetime) -> Identity | None:
        """The identity owning a live token, in one lookup (every authenticated request asks this)."""
        ...

    def revoke(self, token_hash: str, at: datetime) -> bool: ...

    def revoke_all(self, user_id: int, at: datetime) -> int:
        """Revoke every token and session of a person; the count revoked."""
        ...
