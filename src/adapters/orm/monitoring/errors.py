"""Storage of error groups and events: counters added in SQL, never read-modify-written."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from domain.monitoring.model import ErrorGroup, ErrorSource, GroupStatus
from domain.monitoring.records import ErrorEventRow as EventRecord
from domain.monitoring.records import GroupDelta, NewGroup

from .models import ErrorEventRow, ErrorGroupRow, GroupFingerprint, GroupHour, GroupUser


def to_group(r: ErrorGroupRow) -> ErrorGroup:
    return ErrorGroup(
        r.pk,
        r.fingerprint,
        ErrorSource(r.source),
        r.title,
        r.culprit,
        r.error_type,
        GroupStatus(r.status),
        r.first_seen,
        r.last_seen,
        r.count,
        r.users,
        r.assignee_id,
        r.ticket_id,
        r.merged_into,
        r.resolved_at,
    )


class DjangoErrorStore:
    def groups_for(self, fingerprints: Collection[str]) -> dict[str, ErrorGroup]:
        fps = list(fingerprints)
        steered = dict(GroupFingerprint.objects.filter(fingerprint__in=fps).values_list("fingerprint", "group_id"))
        rows = ErrorGroupRow.objects.filter(fingerprint__in=[f for f in fps if f not in steered])
        found = {r.fingerprint: to_group(r) for r in rows if r.merged_into is None}
        if steered:
            targets = {r.pk: to_group(r) for r in ErrorGroupRow.objects.filter(pk__in=set(steered.values()))}
            found.update({fp: targets[gid] for fp, gid in steered.items() if gid in targets})
        return found

    def create_group(self, new: NewGroup) -> ErrorGroup:
        try:
            with transaction.atomic():
                row = ErrorGroupRow.objects.create(
                    fingerprint=new.fingerprint,
                    source=new.source.value,
                    title=new.title,
                    culprit=new.culprit,
                    error_type=new.error_type,
                    status=GroupStatus.UNRESOLVED.value,
                    first_seen=new.at,
                    last_seen=new.at,
                )
        except IntegrityError:  # another process created it a moment ago
            row = ErrorGroupRow.objects.get(fingerprint=new.fingerprint)
        return to_group(row)

    def record(self, events: Sequence[EventRecord], deltas: Sequence[GroupDelta]) -> None:
        ErrorEventRow.objects.bulk_create([_event(e) for e in events])
        hours = sorted((d.group_id, h, n) for d in deltas for h, n in d.hours)
        users = sorted({(d.group_id, u, d.last_seen) for d in deltas for u in d.user_ids})
        with connection.cursor() as cursor:
            t = GroupHour._meta.db_table
            cursor.executemany(
                f"INSERT INTO {t} (group_id, hour, count) VALUES (%s, %s, %s) "
                f"ON CONFLICT (group_id, hour) DO UPDATE SET count = {t}.count + excluded.count",
                hours,
            )
        fresh: dict[int, int] = {}
        if users:
            existing = set(
                GroupUser.objects.filter(
                    group_id__in={u[0] for u in users}, user_id__in={u[1] for u in users}
                ).values_list("group_id", "user_id")
            )
            new_pairs = [u for u in users if (u[0], u[1]) not in existing]
            GroupUser.objects.bulk_create(
                [GroupUser(group_id=g, user_id=u, last_seen=at) for g, u, at in new_pairs], ignore_conflicts=True
            )
            for g, _, _ in new_pairs:
                fresh[g] = fresh.get(g, 0) + 1
        for d in sorted(deltas, key=lambda d: d.group_id):
            ErrorGroupRow.objects.filter(pk=d.group_id).update(
                count=F("count") + d.events,
                users=F("users") + fresh.get(d.group_id, 0),
                last_seen=Greatest(F("last_seen"), d.last_seen),
            )
            if d.regress_at is not None:
                ErrorGroupRow.objects.filter(pk=d.group_id, status=GroupStatus.RESOLVED.value).update(
                    status=GroupStatus.REGRESSED.value, regressed_at=d.regress_at, resolved_at=None
                )

    def get(self, group_id: int) -> ErrorGroup | None:
        row = ErrorGroupRow.objects.filter(pk=group_id).first()
        return to_group(row) if row else None

    def save(self, group: ErrorGroup) -> None:
        ErrorGroupRow.objects.filter(pk=group.id).update(
            status=group.status.value,
            assignee_id=group.assignee_id,
            ticket_id=group.ticket_id,
            merged_into=group.merged_into,
            resolved_at=group.resolved_at,
        )

    def merge(self, target: ErrorGroup, source: ErrorGroup, at: datetime) -> None:
        ErrorEventRow.objects.filter(group_id=source.id).update(group_id=target.id)
        moved = list(GroupHour.objects.filter(group_id=source.id).values_list("hour", "count"))
        GroupHour.objects.filter(group_id=source.id).delete()
        with connection.cursor() as cursor:
            t = GroupHour._meta.db_table
            cursor.executemany(
                f"INSERT INTO {t} (group_id, hour, count) VALUES (%s, %s, %s) "
                f"ON CONFLICT (group_id, hour) DO UPDATE SET count = {t}.count + excluded.count",
                [(target.id, h, n) for h, n in moved],
            )
        known = set(GroupUser.objects.filter(group_id=target.id).values_list("user_id", flat=True))
        GroupUser.objects.filter(group_id=source.id).exclude(user_id__in=known).update(group_id=target.id)
        GroupUser.objects.filter(group_id=source.id).delete()
        GroupFingerprint.objects.filter(group_id=source.id).update(group_id=target.id)
        GroupFingerprint.objects.update_or_create(fingerprint=source.fingerprint, defaults={"group_id": target.id})
        ErrorGroupRow.objects.filter(pk=target.id).update(
            count=F("count") + source.count,
            users=GroupUser.objects.filter(group_id=target.id).count(),
            first_seen=min(target.first_seen, source.first_seen),
            last_seen=max(target.last_seen, source.last_seen),
        )
        ErrorGroupRow.objects.filter(pk=source.id).update(merged_into=target.id)


def _event(e: EventRecord) -> ErrorEventRow:
    return ErrorEventRow(
        group_id=e.group_id,
        at=e.at,
        source=e.source.value,
        user_id=e.user_id,
        session_id=e.session_id,
        message=e.message,
        error_type=e.error_type[:200],
        frames=[asdict(f) for f in e.frames],
        url=e.url[:2048],
        release=e.release[:100],
        browser=e.browser[:100],
        breadcrumbs=list(e.breadcrumbs),
        component=e.component[:300],
    )
