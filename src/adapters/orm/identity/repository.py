"""Staff identities on django.contrib.auth (roles are groups) and hashed API tokens."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from domain.identity.model import Identity
from domain.identity.ports import TokenOwner
from domain.identity.sessions import SESSIONS_CURSOR, SessionKind, SessionRecord
from domain.security.ports import Account
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Role, parse_roles
from domain.shared.principal import SessionScope

from ..prepared import fetch_all
from .models import ApiToken
from .roles import muted

User = get_user_model()
_IDENTITY_FIELDS = ("username", "email", "is_active", "is_superuser", "is_staff", "groups__name")
OWNER_SQL = f"""
SELECT t.id, t.last_used_at, t.scope, u.id, u.username, u.email, u.is_active, u.is_superuser, u.is_staff, g.name
FROM {ApiToken._meta.db_table} t
JOIN {User._meta.db_table} u ON u.id = t.user_id
LEFT JOIN {User.groups.through._meta.db_table} ug ON ug.user_id = u.id
LEFT JOIN {Group._meta.db_table} g ON g.id = ug.group_id
WHERE t.key_hash = %s AND t.revoked_at IS NULL AND t.expires_at > %s AND t.last_used_at > %s
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
        with muted():  # StaffService reports the grant itself, with the acting admin
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


def _record(t: ApiToken) -> SessionRecord:
    return SessionRecord(
        t.pk,
        t.user_id,
        SessionKind(t.kind),
        t.created_at,
        t.last_used_at,
        t.expires_at,
        t.ip or None,
        t.user_agent,
        t.revoked_at,
    )


def _live(now: datetime, idle_since: datetime) -> Q:
    """SessionRecord.live, as a query."""
    return Q(revoked_at__isnull=True, expires_at__gt=now, last_used_at__gt=idle_since)


class DjangoTokenStore:
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
        row = ApiToken.objects.create(
            scope=scope.value,
            key_hash=token_hash,
            user_id=user_id,
            kind=kind.value,
            created_at=created_at,
            last_used_at=created_at,
            expires_at=expires_at,
            ip=ip or "",
            user_agent=user_agent,
            session_key=session_key or "",
        )
        return row.pk

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        row = (
            ApiToken.objects.filter(key_hash=token_hash, revoked_at__isnull=True, expires_at__gt=now)
            .values_list("user_id", flat=True)
            .first()
        )
        return row

    def owner(self, token_hash: str, now: datetime, idle_since: datetime) -> TokenOwner | None:
        """Session, user and groups in one query (a row per group). Written out as SQL: every authenticated request
        asks it, and building it through the ORM cost more CPU than running it."""
        rows = fetch_all(OWNER_SQL, [token_hash, now, idle_since])  # prepared once per connection on PostgreSQL
        if not rows:
            return None
        session_id, last_used_at, scope, uid, username, email, active, superuser, staff, _ = rows[0]
        who = identity(uid, username, email, active, superuser, staff, (r[9] for r in rows if r[9]))
        if isinstance(last_used_at, str):  # SQLite through a raw cursor answers text
            last_used_at = parse_datetime(last_used_at)
        if last_used_at.tzinfo is None:
            last_used_at = last_used_at.replace(tzinfo=UTC)
        known = scope in {s.value for s in SessionScope}  # anything else fails closed: the least a session may do
        return TokenOwner(who, session_id, last_used_at, SessionScope(scope) if known else SessionScope.MFA_ENROLMENT)

    def set_scope(self, user_id: int, session_id: int, scope: SessionScope) -> bool:
        rows = ApiToken.objects.filter(pk=session_id, user_id=user_id, revoked_at__isnull=True)
        return rows.update(scope=scope.value) > 0

    def touch(self, session_id: int, at: datetime) -> None:
        ApiToken.objects.filter(pk=session_id).update(last_used_at=at)

    def live(self, user_id: int, now: datetime, idle_since: datetime, page: PageRequest) -> Page[SessionRecord]:
        after = page.after(SESSIONS_CURSOR)
        rows = ApiToken.objects.filter(_live(now, idle_since), user_id=user_id)
        if after is not None:
            rows = rows.filter(pk__lt=after[0])
        found = [_record(t) for t in rows.order_by("-pk")[: page.limit + 1]]
        return page_from_rows(found, page, SESSIONS_CURSOR, lambda r: (r.id,))

    def _end(self, rows: QuerySet[ApiToken], at: datetime) -> int:
        """Revoke the rows and delete the browser sessions they stand for."""
        keys = [k for k in rows.values_list("session_key", flat=True) if k]
        count = rows.update(revoked_at=at)
        if keys:
            Session.objects.filter(session_key__in=keys).delete()
        return count

    def revoke(self, token_hash: str, at: datetime) -> bool:
        return self._end(ApiToken.objects.filter(key_hash=token_hash, revoked_at__isnull=True), at) > 0

    def revoke_session(self, user_id: int, session_id: int, at: datetime, now: datetime, idle_since: datetime) -> bool:
        return self._end(ApiToken.objects.filter(_live(now, idle_since), pk=session_id, user_id=user_id), at) > 0

    def revoke_all(self, user_id: int, at: datetime, *, keep: int | None = None) -> int:
        rows = ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True)
        return self._end(rows.exclude(pk=keep) if keep is not None else rows, at)

    def revoke_all_of(self, user_ids: Sequence[int], at: datetime) -> int:
        return self._end(ApiToken.objects.filter(user_id__in=list(user_ids), revoked_at__isnull=True), at)

    def purge(self, now: datetime, idle_since: datetime) -> int:
        over = ApiToken.objects.exclude(_live(now, idle_since))
        keys = [k for k in over.values_list("session_key", flat=True) if k]
        for start in range(0, len(keys), 500):
            Session.objects.filter(session_key__in=keys[start : start + 500]).delete()
        Session.objects.filter(expire_date__lt=now).delete()  # what `manage.py clearsessions` does
        count, _ = over.delete()
        return count
