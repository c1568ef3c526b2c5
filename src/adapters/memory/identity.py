from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.identity.model import Identity
from domain.identity.ports import TokenOwner
from domain.identity.sessions import SESSIONS_CURSOR, SessionKind, SessionRecord
from domain.security.ports import Account
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Role
from domain.shared.principal import SessionScope


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
    """Sessions as records; which ones are live is SessionRecord.live (the domain's rule)."""

    def __init__(self, directory: InMemoryIdentityDirectory | None = None) -> None:
        self.records: dict[int, SessionRecord] = {}
        self._ids = itertools.count(1)  # never reused, as a database sequence: purged ids stay gone
        self.by_hash: dict[str, int] = {}
        self.session_keys: dict[int, str] = {}
        self.scopes: dict[int, SessionScope] = {}
        self.directory = directory or InMemoryIdentityDirectory()

    def save(
        self,
        token_hash: str,
        user_id: int,
        created_at: datetime,
        expires_at: datetime,
        *,
        kind: SessionKind = SessionKind.BEARER,
        ip: str | None = None,
        user_agent: str = "",
        session_key: str | None = None,
        scope: SessionScope = SessionScope.FULL,
    ) -> int:
        session_id = next(self._ids)
        self.scopes[session_id] = scope
        self.records[session_id] = SessionRecord(
            session_id, user_id, kind, created_at, created_at, expires_at, ip, user_agent
        )
        self.by_hash[token_hash] = session_id
        if session_key is not None:
            self.session_keys[session_id] = session_key
        return session_id

    def _by_hash(self, token_hash: str) -> SessionRecord | None:
        session_id = self.by_hash.get(token_hash)
        return None if session_id is None else self.records.get(session_id)

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        r = self._by_hash(token_hash)
        return r.user_id if r and r.revoked_at is None and now < r.expires_at else None

    def owner(self, token_hash: str, now: datetime, idle_since: datetime) -> TokenOwner | None:
        r = self._by_hash(token_hash)
        identity = self.directory.get(r.user_id) if r and r.live(now, idle_since) else None
        if r is None or identity is None:
            return None
        return TokenOwner(identity, r.id, r.last_used_at, self.scopes.get(r.id, SessionScope.FULL))

    def set_scope(self, user_id: int, session_id: int, scope: SessionScope) -> bool:
        r = self.records.get(session_id)
        if r is None or r.user_id != user_id or r.revoked_at is not None:
            return False
        self.scopes[session_id] = scope
        return True

    def touch(self, session_id: int, at: datetime) -> None:
        if session_id in self.records:
            self.records[session_id] = replace(self.records[session_id], last_used_at=at)

    def live(self, user_id: int, now: datetime, idle_since: datetime, page: PageRequest) -> Page[SessionRecord]:
        after = page.after(SESSIONS_CURSOR)
        rows = sorted(
            (
                r
                for r in self.records.values()
                if r.user_id == user_id and r.live(now, idle_since) and (after is None or r.id < after[0])
            ),
            key=lambda r: -r.id,
        )
        return page_from_rows(rows[: page.limit + 1], page, SESSIONS_CURSOR, lambda r: (r.id,))

    def _end(self, ids: list[int], at: datetime) -> int:
        for i in ids:
            self.records[i] = replace(self.records[i], revoked_at=at)
        return len(ids)

    def revoke(self, token_hash: str, at: datetime) -> bool:
        r = self._by_hash(token_hash)
        return r is not None and r.revoked_at is None and self._end([r.id], at) == 1

    def revoke_session(self, user_id: int, session_id: int, at: datetime, now: datetime, idle_since: datetime) -> bool:
        r = self.records.get(session_id)
        return r is not None and r.user_id == user_id and r.live(now, idle_since) and self._end([r.id], at) == 1

    def revoke_all(self, user_id: int, at: datetime, *, keep: int | None = None) -> int:
        mine = [r.id for r in self.records.values() if r.user_id == user_id and r.revoked_at is None and r.id != keep]
        return self._end(mine, at)

    def revoke_all_of(self, user_ids: Sequence[int], at: datetime) -> int:
        wanted = set(user_ids)
        return self._end([r.id for r in self.records.values() if r.user_id in wanted and r.revoked_at is None], at)

    def purge(self, now: datetime, idle_since: datetime) -> int:
        over = [i for i, r in self.records.items() if not r.live(now, idle_since)]
        for i in over:
            del self.records[i]
            self.session_keys.pop(i, None)
            self.scopes.pop(i, None)
        self.by_hash = {h: i for h, i in self.by_hash.items() if i in self.records}
        return len(over)


class InMemoryBrowserSession:
    """A browser's session key: each sign-in replaces it with a new one (the old one dies with its data)."""

    def __init__(self, key: str | None = None) -> None:
        self.key: str | None = key
        self.user_id: int | None = None
        self._keys = itertools.count(1)

    def open(self, user_id: int) -> tuple[str, str | None]:
        replaced, self.key, self.user_id = self.key, f"browser-session-{next(self._keys)}", user_id
        return self.key, replaced
