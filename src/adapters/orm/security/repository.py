"""The security module's storage on the ORM: events, alert claims, throttle values, and directory lookups."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from domain.security.detection.facts import Known, Mark, MarkKind
from domain.security.model import EVENTS_CURSOR, EventFilter, NewSecurityEvent, SecurityEvent, Severity
from domain.security.ports import Person, Stored
from domain.shared.clock import Clock
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Role

from . import models as m

User = get_user_model()


def to_event(row: m.UserSecurityEvent) -> SecurityEvent:
    return SecurityEvent(
        id=row.pk,
        event_type=row.event_type,
        severity=Severity(row.severity),
        rule=row.rule,
        timestamp=row.timestamp,
        user_id=row.user_id,
        description=row.description,
        facts=row.additional_data,
        ip=row.ip_address,
        user_agent=row.user_agent,
        resolved=row.resolved,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        resolution_note=row.resolution_note,
    )


class DjangoSecurityEventStore:
    def add(self, events: Sequence[NewSecurityEvent]) -> list[SecurityEvent]:
        shaped = [SecurityEvent.stored(0, e) for e in events]  # the domain's truncations, ids to come
        rows = m.UserSecurityEvent.objects.bulk_create(
            [
                m.UserSecurityEvent(
                    user_id=e.user_id,
                    event_type=e.event_type,
                    severity=e.severity.value,
                    rule=e.rule,
                    description=e.description,
                    ip_address=e.ip,
                    user_agent=e.user_agent,
                    additional_data=dict(e.facts),
                    timestamp=e.timestamp,
                )
                for e in shaped
            ],
            batch_size=500,
        )
        return [replace(e, id=row.pk) for row, e in zip(rows, shaped, strict=True)]

    def get_for_update(self, event_id: int) -> SecurityEvent | None:
        row = m.UserSecurityEvent.objects.select_for_update().filter(pk=event_id).first()
        return to_event(row) if row else None

    def save(self, event: SecurityEvent) -> None:
        m.UserSecurityEvent.objects.filter(pk=event.id).update(
            resolved=event.resolved,
            resolved_by=event.resolved_by,
            resolved_at=event.resolved_at,
            resolution_note=event.resolution_note,
        )

    def search(self, flt: EventFilter, page: PageRequest) -> Page[SecurityEvent]:
        qs = m.UserSecurityEvent.objects.all()
        if flt.user_id is not None:
            qs = qs.filter(user_id=flt.user_id)
        if flt.event_type is not None:
            qs = qs.filter(event_type=flt.event_type)
        if flt.severity is not None:
            qs = qs.filter(severity=flt.severity.value)
        if flt.resolved is not None:
            qs = qs.filter(resolved=flt.resolved)
        if flt.ip is not None:
            qs = qs.filter(ip_address=flt.ip)
        if flt.since is not None:
            qs = qs.filter(timestamp__gte=flt.since)
        if flt.until is not None:
            qs = qs.filter(timestamp__lt=flt.until)
        after = page.after(EVENTS_CURSOR)
        if after is not None:
            qs = qs.filter(Q(timestamp__lt=after[0]) | Q(timestamp=after[0], pk__lt=after[1]))
        rows = [to_event(r) for r in qs.order_by("-timestamp", "-id")[: page.limit + 1]]
        return page_from_rows(rows, page, EVENTS_CURSOR, lambda e: [e.timestamp, e.id])

    def claim_alert(self, key: str, at: datetime, not_before: datetime) -> bool:
        with transaction.atomic():
            if m.SecurityAlert.objects.filter(key=key, sent_at__lte=not_before).update(sent_at=at):
                return True  # a conditional UPDATE: of two concurrent claims, the second finds the new time
            if m.SecurityAlert.objects.filter(key=key).exists():
                return False
            try:
                with transaction.atomic():
                    m.SecurityAlert.objects.create(key=key, sent_at=at)
            except IntegrityError:  # claimed by a concurrent first alert
                return False
            return True


class DjangoThrottleStore:
    """ThrottleStore in one table: a row per key, its expiry read against the clock, expired rows purged by a
    periodic task. A change locks the key's row (SQLite: the write transaction), so concurrent failures count."""

    def __init__(self, clock: Clock):
        self.clock = clock

    def read(self, keys: Sequence[str]) -> dict[str, str]:
        if not keys:
            return {}
        rows = m.ThrottleValue.objects.filter(key__in=list(keys), expires_at__gt=self.clock.now())
        return dict(rows.values_list("key", "value"))

    def change(self, key: str, update: Callable[[str | None], Stored | None]) -> None:
        with transaction.atomic():
            row = m.ThrottleValue.objects.select_for_update().filter(key=key).first()
            if row is None:
                new = update(None)
                if new is None:
                    return
                try:
                    with transaction.atomic():
                        m.ThrottleValue.objects.create(key=key, value=new[0], expires_at=new[1])
                    return
                except IntegrityError:  # a concurrent first change made the row: change it in turn
                    row = m.ThrottleValue.objects.select_for_update().get(key=key)
            new = update(row.value if row.expires_at > self.clock.now() else None)
            if new is None:
                row.delete()
            else:
                row.value, row.expires_at = new
                row.save(update_fields=["value", "expires_at"])

    def put_all(self, values: Mapping[str, Stored]) -> None:
        rows = [m.ThrottleValue(key=k, value=v, expires_at=exp) for k, (v, exp) in values.items()]
        m.ThrottleValue.objects.bulk_create(
            rows, batch_size=1000, update_conflicts=True, unique_fields=["key"], update_fields=["value", "expires_at"]
        )

    def take(self, key: str) -> str | None:
        with transaction.atomic():
            row = m.ThrottleValue.objects.select_for_update().filter(key=key).first()
            if row is None:
                return None
            row.delete()
            return row.value if row.expires_at > self.clock.now() else None

    def forget(self, keys: Sequence[str] = (), prefix: str = "") -> None:
        if keys:
            m.ThrottleValue.objects.filter(key__in=list(keys)).delete()
        if prefix:
            m.ThrottleValue.objects.filter(key__startswith=prefix).delete()

    def purge(self) -> int:
        deleted, _ = m.ThrottleValue.objects.filter(expires_at__lte=self.clock.now()).delete()
        return deleted


class DjangoSecurityDirectory:
    _FIELDS = ("id", "username", "email")

    def by_login(self, username: str) -> Person | None:
        row = User.objects.filter(username=username).values_list(*self._FIELDS).first()
        return Person(*row) if row else None

    def get(self, user_id: int) -> Person | None:
        row = User.objects.filter(pk=user_id).values_list(*self._FIELDS).first()
        return Person(*row) if row else None

    def emails_of(self, roles: Collection[Role]) -> list[str]:
        emails = User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles]).exclude(email="")
        return sorted(set(emails.values_list("email", flat=True)))


class DjangoPasswordHistory:
    """PasswordHistory in a table, hashed with PASSWORD_HASHERS (checked one by one: a hash is salted)."""

    def add(self, user_id: int, password: str, at: datetime, keep: int) -> None:
        m.PasswordHistoryEntry.objects.create(user_id=user_id, password_hash=make_password(password), created_at=at)
        rows = m.PasswordHistoryEntry.objects.filter(user_id=user_id).order_by("-created_at", "-id")
        old = list(rows.values_list("id", flat=True)[keep:])
        if old:
            m.PasswordHistoryEntry.objects.filter(id__in=old).delete()

    def contains(self, user_id: int, password: str, last: int) -> bool:
        rows = m.PasswordHistoryEntry.objects.filter(user_id=user_id).order_by("-created_at", "-id")
        hashes = list(rows.values_list("password_hash", flat=True)[:last])
        return any([check_password(password, h) for h in hashes])  # every one hashed: no early answer


class DjangoLoginHistory:
    """LoginHistory in one table. `known` is one query on the unique (user, kind, value) index; `remember` is one
    INSERT ... ON CONFLICT DO UPDATE, which keeps first_seen and moves last_seen forward only."""

    def known(self, user_id: int, since: datetime) -> Known:
        rows = m.KnownAccess.objects.filter(user_id=user_id, last_seen__gte=since).values_list(
            "kind", "value", "first_seen", "last_seen"
        )
        return Known(tuple(Mark(MarkKind(k), v, first, last) for k, v, first, last in rows))

    def remember(self, user_id: int, marks: Sequence[Mark]) -> None:
        latest: dict[tuple[str, str], Mark] = {}
        for mark in marks:  # one row per key in one statement
            old = latest.get((mark.kind.value, mark.value))
            latest[(mark.kind.value, mark.value)] = mark if old is None or mark.last_seen > old.last_seen else old
        if not latest:
            return
        table = m.KnownAccess._meta.db_table
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(latest))
        params: list[Any] = []
        for (kind, value), mark in latest.items():
            adapt = connection.ops.adapt_datetimefield_value
            params += [user_id, kind, value, adapt(mark.first_seen), adapt(mark.last_seen)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (user_id, kind, value, first_seen, last_seen) VALUES {values} "
                "ON CONFLICT (user_id, kind, value) DO UPDATE SET "
                f"first_seen = CASE WHEN excluded.first_seen < {table}.first_seen "
                f"THEN excluded.first_seen ELSE {table}.first_seen END, "
                f"last_seen = CASE WHEN excluded.last_seen > {table}.last_seen "
                f"THEN excluded.last_seen ELSE {table}.last_seen END",
                params,
            )

    def forget_before(self, before: datetime) -> int:
        gone, _ = m.KnownAccess.objects.filter(last_seen__lt=before).delete()
        return gone
