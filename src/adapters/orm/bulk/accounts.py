"""The accounts tables as bulk batches need them: a few queries per batch, never one per row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Lower

from adapters.orm.accounts import models as am
from adapters.orm.accounts.repository import DjangoIngestionStore, profile_values
from adapters.orm.accounts.search import profiles_matching
from adapters.orm.accounts.signals import search_keys
from domain.accounts.model import AccountStatus, Profile
from domain.accounts.ports import NewLearner
from domain.accounts.search import SearchCriteria
from domain.bulk.exporting import csv_text
from domain.bulk.ports import Person, PersonNames

from .copy import copy_csv

User = get_user_model()
BULK_FIELDS = ("account_status", "status_reason", "support_priority", "platform_role")  # what a bulk batch changes
PERSON = ("id", "username", "email", "first_name", "last_name")
EXPORT_COLUMNS = {
    "id": "user_id",
    "username": "user__username",
    "email": "user__email",
    "first_name": "user__first_name",
    "last_name": "user__last_name",
    "account_status": "account_status",
    "platform_role": "platform_role",
    "support_priority": "support_priority",
    "risk_score": "risk_score",
    "last_activity": "last_activity",
    "date_joined": "date_joined",
    "enrollment_count": "enrollment_count",
    "completion_rate": "completion_rate",
    "marketing_consent": "marketing_consent",
}


class DjangoBulkAccounts:
    def count(self, criteria: SearchCriteria) -> int:
        return profiles_matching(criteria).count()

    def select_ids(self, criteria: SearchCriteria, after_id: int, limit: int) -> list[int]:
        qs = profiles_matching(criteria).filter(user_id__gt=after_id).order_by("user_id")
        return list(qs.values_list("user_id", flat=True)[:limit])

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]:
        return DjangoIngestionStore().profiles_for_update(user_ids)

    def save_profiles(self, profiles: Sequence[Profile]) -> None:
        if not profiles:
            return
        groups: dict[tuple[object, ...], list[int]] = {}
        for p in profiles:  # a batch's profiles share a few value combinations: one UPDATE for each
            values = profile_values(p)
            groups.setdefault(tuple(values[f] for f in BULK_FIELDS), []).append(p.user_id)
        for key, ids in groups.items():
            am.UserProfile.objects.filter(user_id__in=ids).update(**dict(zip(BULK_FIELDS, key, strict=True)))
        for active in (True, False):
            ids = [p.user_id for p in profiles if (p.account_status is AccountStatus.ACTIVE) is active]
            if ids:
                User.objects.filter(pk__in=ids).exclude(is_active=active).update(is_active=active)
        changes = [c for p in profiles for c in p.changes]
        am.StatusChange.objects.bulk_create(
            [
                am.StatusChange(
                    user_id=c.user_id,
                    from_status=c.from_status.value,
                    to_status=c.to_status.value,
                    reason=c.reason,
                    actor_id=c.actor_id,
                    at=c.at,
                )
                for c in changes
            ],
            batch_size=500,
        )
        for p in profiles:
            p.changes.clear()

    def people(self, user_ids: Iterable[int]) -> dict[int, Person]:
        rows = User.objects.filter(pk__in=list(user_ids)).values_list(*PERSON)
        return {r[0]: Person(r[0], r[1], r[2] or "", r[3] or "", r[4] or "") for r in rows}

    def match(self, emails: Iterable[str], usernames: Iterable[str]) -> list[Person]:
        mails, names = sorted({e.lower() for e in emails}), sorted({u.lower() for u in usernames})
        if not mails and not names:
            return []
        found = User.objects.annotate(u=Lower("username"), e=Lower("email")).filter(Q(u__in=names) | Q(e__in=mails))
        return [
            Person(r[0], r[1], r[2] or "", r[3] or "", r[4] or "") for r in found.order_by("id").values_list(*PERSON)
        ]

    def create(self, news: Sequence[NewLearner], at: datetime) -> list[int]:
        if not news:
            return []
        users = User.objects.bulk_create(
            [
                User(
                    username=n.username,
                    email=n.email,
                    first_name=n.first_name,
                    last_name=n.last_name,
                    password=make_password(None),
                    is_active=n.account_status is AccountStatus.ACTIVE,
                    date_joined=at,
                )
                for n in news
            ]
        )
        profiles = []
        for user, n in zip(users, news, strict=True):
            profile = Profile(
                user_id=user.pk,
                account_status=n.account_status,
                support_priority=n.support_priority,
                platform_role=n.platform_role,
                marketing_consent=n.marketing_consent,
                data_consent_date=n.data_consent_date,
            )
            profiles.append(
                am.UserProfile(user_id=user.pk, date_joined=at, **profile_values(profile), **search_keys(user))
            )
        am.UserProfile.objects.bulk_create(profiles)
        return [u.pk for u in users]

    def rename(self, names: Sequence[PersonNames]) -> None:
        if not names:
            return
        users = User.objects.in_bulk([n.user_id for n in names])
        for n in names:
            users[n.user_id].first_name, users[n.user_id].last_name = n.first_name, n.last_name
        User.objects.bulk_update(list(users.values()), ["first_name", "last_name"])
        keys = [am.UserProfile(user_id=u.pk, **search_keys(u)) for u in users.values()]
        am.UserProfile.objects.bulk_update(keys, ["first_key", "last_key", "search_text"])

    def course_ids(self, codes: Iterable[str]) -> dict[str, int]:
        return dict(am.Course.objects.filter(code__in=list(codes)).values_list("code", "id"))

    def enrolled(self, user_ids: Iterable[int]) -> dict[int, dict[int, bool]]:
        found: dict[int, dict[int, bool]] = {}
        rows = am.Enrollment.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "course_id", "status")
        for user_id, course_id, status in rows:
            found.setdefault(user_id, {})[course_id] = status != "dropped"
        return found

    def _existing(self, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], int]:
        cond = Q()
        for user_id, course_id in pairs:
            cond |= Q(user_id=user_id, course_id=course_id)
        return {(u, c): pk for pk, u, c in am.Enrollment.objects.filter(cond).values_list("id", "user_id", "course_id")}

    def enrol(self, pairs: Sequence[tuple[int, int]], at: datetime) -> None:
        if not pairs:
            return
        existing = self._existing(pairs)
        again = [pk for pair, pk in existing.items()]
        am.Enrollment.objects.filter(pk__in=again, status="dropped").update(status="enrolled", completed_at=None)
        new = [p for p in dict.fromkeys(pairs) if p not in existing]
        am.Enrollment.objects.bulk_create(
            [am.Enrollment(user_id=u, course_id=c, status="enrolled", enrolled_at=at) for u, c in new], batch_size=500
        )
        for user_id, count in Counter(u for u, _ in new).items():
            am.UserProfile.objects.filter(user_id=user_id).update(enrollment_count=F("enrollment_count") + count)

    def drop(self, pairs: Sequence[tuple[int, int]]) -> None:
        if pairs:
            ids = list(self._existing(pairs).values())
            am.Enrollment.objects.filter(pk__in=ids).update(status="dropped", completed_at=None)

    def export_rows(
        self, criteria: SearchCriteria, fields: Sequence[str], chunk: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        """Streamed with a server-side cursor on PostgreSQL (chunked reads on SQLite), ordered by id."""
        qs = profiles_matching(criteria).order_by("user_id").values_list(*[EXPORT_COLUMNS[f] for f in fields])
        batch: list[tuple[Any, ...]] = []
        for row in qs.iterator(chunk_size=chunk):
            batch.append(row)
            if len(batch) >= chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    def export_csv(self, criteria: SearchCriteria, fields: Sequence[str], chunk: int) -> Iterator[tuple[int, bytes]]:
        """PostgreSQL renders the CSV itself (COPY, adapters.orm.bulk.copy); SQLite's rows are rendered here."""
        if connection.vendor == "postgresql":
            yield from copy_csv(criteria, fields, chunk)
            return
        for rows in self.export_rows(criteria, fields, chunk):
            yield len(rows), csv_text(rows)
