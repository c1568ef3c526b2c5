"""Staff identities on django.contrib.auth (roles are groups) and hashed API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session

from domain.identity.model import Identity
from domain.security.ports import Account
from domain.shared.permissions import Role, parse_roles

from ..prepared import fetch_all
from .models import ApiToken, UserSession

User = get_user_model()
_IDENTITY_FIELDS = ("username", "email", "is_active", "is_superuser", "is_staff", "groups__name")
OWNER_SQL = f"""
SELECT u.id, u.username, u.email, u.is_active, u.is_superuser, u.is_staff, g.name
FROM {ApiToken._meta.db_table} t
JOIN {User._meta.db_table} u ON u.id = t.user_id
LEFT JOIN {User.groups.through._meta.db_table} ug ON ug.user_id = u.id
LEFT JOIN {Group._meta.db_table} g ON g.id = ug.group_id
WHERE t.key_hash = %s AND t.revoked_at IS NULL AND t.expires_at > %s
"""


def identity(
    pk: int, username: str, email: str, active: bool, superuser: bool, staff: bool, groups: Iterable[str]
) -> Identity:
    """Every non-staff user is a learner too: they may see and write their own tickets."""
    learner = frozenset() if staff or superuser else frozenset({Role.LEARNER})
    return Identity(pk, username, email, parse_roles(groups) | learner, active, superuser)


def to_identity(user: Any) -> Identity:
    groups = (g.name for g in user.groups.all())
    return identity(user.pk, user.username, user.email, user.is_active, user.is_superuser, user.is_staff, groups)


def _account(row: tuple[Any, ...]) -> Account:
    pk, username, email, first, last = row
    return Account(pk, username, email or "", f"{first or ''} {last or ''}".strip())


class DjangoIdentityDirectory:
    def authenticate(self, username: str, password: str) -> Identity | None:
        user = authenticate(username=username, password=password)  # runs a hasher for unknown users too
        return to_identity(user) if user is not None and user.is_active else None

    def get(self, user_id: int) -> Identity | None:
        """One query (a row per group) on every authenticated request, not the user and then its groups."""
        rows = list(User.objects.filter(pk=user_id).values_list(*_IDENTITY_FIELDS))
        if not rows:
            return None
        username, email, active, superuser, staff, _ = rows[0]
        return identity(user_id, username, email, active, superuser, staff, (r[5] for r in rows if r[5]))

    def username_taken(self, username: str) -> bool:
        return User.objects.filter(username__iexact=username).exists()

    def create_staff(self, username: str, email: str, password: str, role: Role) -> Identity:
        user = User.objects.create_user(username=username, email=email, password=password, is_staff=True)
        group, _ = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)
        return to_identity(user)

    # -- PasswordAccounts (the security module's password changes and resets) ------------------------
    _ACCOUNT = ("id", "username", "email", "first_name", "last_name")

    def account(self, user_id: int) -> Account | None:
        row = User.objects.filter(pk=user_id, is_active=True).values_list(*self._ACCOUNT).first()
        return _account(row) if row else None

    def find(self, login: str) -> Account | None:
        if not login:
            return None
        active = User.objects.filter(is_active=True)
        row = active.filter(username=login).values_list(*self._ACCOUNT).first()
        if row:
            return _account(row)
        rows = list(active.filter(email__iexact=login).values_list(*self._ACCOUNT)[:2])
        return _account(rows[0]) if len(rows) == 1 else None

    def verify(self, user_id: int, password: str) -> bool:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            make_password(password)  # the same cost either way
            return False
        return bool(user.check_password(password))

    def set_password(self, user_id: int, password: str) -> None:
        user = User.objects.get(pk=user_id)
        user.set_password(password)
        user.save(update_fields=["password"])


class DjangoTokenStore:
    def save(self, token_hash: str, user_id: int, created_at: datetime, expires_at: datetime) -> None:
        ApiToken.objects.create(key_hash=token_hash, user_id=user_id, created_at=created_at, expires_at=expires_at)

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        row = (
            ApiToken.objects.filter(key_hash=token_hash, revoked_at__isnull=True, expires_at__gt=now)
            .values_list("user_id", flat=True)
            .first()
        )
        return row

    def owner(self, token_hash: str, now: datetime) -> Identity | None:
        """Token, user and groups in one query (a row per group). Written out as SQL: every authenticated request
        asks it, and building it through the ORM cost more CPU than running it."""
        rows = fetch_all(OWNER_SQL, [token_hash, now])  # prepared once per connection on PostgreSQL
        if not rows:
            return None
        uid, username, email, active, superuser, staff, _ = rows[0]
        return identity(uid, username, email, active, superuser, staff, (r[6] for r in rows if r[6]))

    def revoke(self, token_hash: str, at: datetime) -> bool:
        return ApiToken.objects.filter(key_hash=token_hash, revoked_at__isnull=True).update(revoked_at=at) > 0

    def revoke_all(self, user_id: int, at: datetime, *, keep: str = "") -> int:
        live = ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).exclude(key_hash=keep)
        count = live.update(revoked_at=at)
        sessions = UserSession.objects.filter(user_id=user_id).exclude(session_key=keep)
        keys = list(sessions.values_list("session_key", flat=True))
        if keys:
            Session.objects.filter(session_key__in=keys).delete()
            UserSession.objects.filter(session_key__in=keys).delete()
        return count + len(keys)
