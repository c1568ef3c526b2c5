from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from domain.identity.model import Identity
from domain.security.ports import Account
from domain.shared.permissions import Role


@dataclass
class _Token:
    user_id: int
    expires_at: datetime
    revoked_at: datetime | None = None


class InMemoryIdentityDirectory:
    def __init__(self) -> None:
        self.identities: dict[int, Identity] = {}
        self.passwords: dict[int, str | None] = {}  # None: no usable password (never authenticates)
        self.names: dict[int, str] = {}  # a person's name, where a test gives one
        self._next = 1

    def add(
        self,
        username: str,
        password: str | None = None,
        roles: frozenset[Role] = frozenset(),
        *,
        email: str = "",
        is_active: bool = True,
        is_superuser: bool = False,
    ) -> Identity:
        identity = Identity(self._next, username, email, roles, is_active, is_superuser)
        self.identities[identity.id] = identity
        self.passwords[identity.id] = password
        self._next += 1
        return identity

    def set_active(self, user_id: int, active: bool) -> None:
        self.identities[user_id] = replace(self.identities[user_id], is_active=active)

    def authenticate(self, username: str, password: str) -> Identity | None:
        for identity in self.identities.values():
            if identity.username == username:
                stored = self.passwords[identity.id]
                ok = identity.is_active and stored is not None and stored == password
                return identity if ok else None
        return None

    def get(self, user_id: int) -> Identity | None:
        return self.identities.get(user_id)

    def username_taken(self, username: str) -> bool:
        return any(i.username.lower() == username.lower() for i in self.identities.values())

    def create_staff(self, username: str, email: str, password: str, role: Role) -> Identity:
        return self.add(username, password, frozenset({role}), email=email)

    # -- PasswordAccounts (the security module's password changes and resets) ------------------------
    def account(self, user_id: int) -> Account | None:
        i = self.identities.get(user_id)
        return Account(i.id, i.username, i.email, self.names.get(i.id, "")) if i and i.is_active else None

    def find(self, login: str) -> Account | None:
        active = [i for i in self.identities.values() if i.is_active]
        named = [i for i in active if i.username == login] or [i for i in active if i.email.lower() == login.lower()]
        return self.account(named[0].id) if len(named) == 1 and login else None

    def verify(self, user_id: int, password: str) -> bool:
        stored = self.passwords.get(user_id)
        return stored is not None and stored == password

    def set_password(self, user_id: int, password: str) -> None:
        self.passwords[user_id] = password


class InMemoryTokenStore:
    def __init__(self, directory: InMemoryIdentityDirectory | None = None) -> None:
        self.tokens: dict[str, _Token] = {}
        self.directory = directory or InMemoryIdentityDirectory()

    def save(self, token_hash: str, user_id: int, created_at: datetime, expires_at: datetime) -> None:
        self.tokens[token_hash] = _Token(user_id, expires_at)

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        t = self.tokens.get(token_hash)
        return t.user_id if t and t.revoked_at is None and now < t.expires_at else None

    def owner(self, token_hash: str, now: datetime) -> Identity | None:
        user_id = self.user_for(token_hash, now)
        return None if user_id is None else self.directory.get(user_id)

    def revoke(self, token_hash: str, at: datetime) -> bool:
        t = self.tokens.get(token_hash)
        if t is None or t.revoked_at is not None:
            return False
        t.revoked_at = at
        return True

    def revoke_all(self, user_id: int, at: datetime, *, keep: str = "") -> int:
        live = [t for h, t in self.tokens.items() if t.user_id == user_id and t.revoked_at is None and h != keep]
        for t in live:
            t.revoked_at = at
        return len(live)
