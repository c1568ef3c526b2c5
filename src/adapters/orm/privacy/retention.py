"""RetentionStore and ReportQueries on the database: each data class's expired rows by a cutoff, in id batches."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from adapters.orm.accounts.models import UserActivityLog
from adapters.orm.audit.models import AuditEntry
from adapters.orm.bulk.models import BulkOperationRow
from adapters.orm.identity.models import ApiToken
from adapters.orm.monitoring.models import MonitoredSession, ReplayChunkRow
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.security.models import UserSecurityEvent
from adapters.orm.tickets.models import SupportTicket
from domain.privacy.model import DataClass
from domain.privacy.ports import ExportFiles

from .models import PrivacyRequestRow

C = DataClass
FINISHED_BULK = ("completed", "failed", "cancelled")
FINISHED_REQUESTS = ("expired", "cancelled", "rejected", "failed")  # erasure records (completed) are kept


class Files:
    """What a purge deletes from disk along with the rows (bulk exports and uploads, privacy exports)."""

    def __init__(self, bulk: Any, privacy: ExportFiles):
        self.bulk, self.privacy = bulk, privacy


class DjangoRetention:
    def __init__(self, files: Files):
        self.files = files

    def _expired(self, data_class: DataClass, before: datetime, held: Collection[int]) -> QuerySet[Any]:
        people = list(held)
        queries: dict[DataClass, QuerySet[Any]] = {
            C.ACTIVITY: UserActivityLog.objects.filter(timestamp__lt=before).exclude(user_id__in=people),
            C.CLOSED_TICKETS: SupportTicket.objects.filter(status="closed", closed_at__lt=before).exclude(
                user_id__in=people
            ),
            C.SECURITY_EVENTS: UserSecurityEvent.objects.filter(timestamp__lt=before).exclude(user_id__in=people),
            C.EXPIRED_SESSIONS: ApiToken.objects.filter(Q(expires_at__lt=before) | Q(revoked_at__lt=before)).exclude(
                user_id__in=people
            ),
            C.DELIVERED_OUTBOX: OutboxMessage.objects.filter(delivered_at__lt=before),
            C.BULK_OPERATIONS: BulkOperationRow.objects.filter(status__in=FINISHED_BULK, completed_at__lt=before),
            C.PRIVACY_EXPORTS: PrivacyRequestRow.objects.filter(
                kind="export", stage__in=FINISHED_REQUESTS, finished_at__lt=before
            ).exclude(user_id__in=people),
            C.SESSION_RECORDINGS: ReplayChunkRow.objects.filter(at__lt=before).exclude(
                session_id__in=MonitoredSession.objects.filter(user_id__in=people).values("id")
            ),
        }
        return queries[data_class]

    def count(self, data_class: DataClass, before: datetime, held: Collection[int]) -> int:
        return self._expired(data_class, before, held).count()

    def purge(self, data_class: DataClass, before: datetime, held: Collection[int], limit: int) -> int:
        qs = self._expired(data_class, before, held)
        ids = list(qs.order_by("id").values_list("id", flat=True)[:limit])
        if not ids:
            return 0
        batch = qs.model.objects.filter(id__in=ids)
        if data_class is C.BULK_OPERATIONS:
            for results, parameters in batch.values_list("results", "parameters"):
                for key in (results.get("file"), parameters.get("file_key")):
                    if key:
                        self.files.bulk.delete(str(key))
        if data_class is C.PRIVACY_EXPORTS:
            for key in batch.values_list("file_key", flat=True):
                if key:
                    self.files.privacy.delete(key)
        batch.delete()
        return len(ids)

    def admin_actions(self, since: datetime, until: datetime) -> list[tuple[int | None, str, int]]:
        rows = (
            AuditEntry.objects.filter(at__gte=since, at__lt=until, actor_id__gt=0)
            .values("actor_id", "action")
            .annotate(n=Count("id"))
            .order_by("actor_id", "action")
        )
        return [(r["actor_id"], r["action"], r["n"]) for r in rows]

    def names(self, user_ids: Collection[int]) -> dict[int, tuple[str, str, str]]:
        rows = User.objects.filter(pk__in=list(user_ids)).values_list(
            "pk", "username", "first_name", "last_name", "email"
        )
        return {pk: (u, f"{f} {la}".strip(), e) for pk, u, f, la, e in rows}
