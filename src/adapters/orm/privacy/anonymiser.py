"""Erasure on the database (the Anonymiser port): what is replaced, deleted, redacted or reduced, table by table.
The audit log is never touched: its rows hold ids, and the chain stays intact."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from adapters.orm.accounts.models import Enrollment, StatusChange, UserActivityLog, UserProfile
from adapters.orm.accounts.signals import search_keys
from adapters.orm.bulk.models import BulkOperationRow
from adapters.orm.identity.models import ApiToken
from adapters.orm.impersonation.models import ImpersonationSession
from adapters.orm.monitoring.models import (
    ErrorEventRow,
    ErrorGroupRow,
    GroupUser,
    MonitoredSession,
    PerfSample,
    SessionPage,
)
from adapters.orm.notifications.models import NotificationPreference
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.security.models import (
    KnownAccess,
    MfaRecoveryCode,
    MfaResetRequest,
    PasswordHistoryEntry,
    UserSecurityEvent,
)
from adapters.orm.tickets.models import SupportTicket, SupportTicketUpdate
from adapters.redact import pattern, scrub

REDACTED = "[redacted]"
ERASED_DOMAIN = "erased.invalid"


class DjangoAnonymiser:
    def __init__(self, bulk_files: Any = None):
        self.bulk_files = bulk_files  # LocalBulkFiles: the uploads and exports that list the person are scrubbed

    def delete_activity(self, user_id: int, limit: int) -> int:
        ids = list(UserActivityLog.objects.filter(user_id=user_id).order_by("id").values_list("id", flat=True)[:limit])
        return UserActivityLog.objects.filter(id__in=ids).delete()[0] if ids else 0

    def anonymise(self, user_id: int, pseudonym: str) -> dict[str, int]:
        user = User.objects.select_for_update().get(pk=user_id)
        old_email = user.email or ""
        needles = [n for n in (user.username, old_email, user.first_name, user.last_name) if n and n.strip()]
        user.username, user.email = pseudonym, f"{pseudonym}@{ERASED_DOMAIN}"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        counts = {"identity": 1}
        UserProfile.objects.filter(user_id=user_id).update(
            account_status="archived",
            status_reason="",
            marketing_consent=False,
            data_consent_date=None,
            data_retention_date=None,
            **search_keys(user),
        )
        StatusChange.objects.filter(user_id=user_id).update(reason="")
        counts["enrolments"] = Enrollment.objects.filter(user_id=user_id).delete()[0]
        counts |= self._access(user_id)
        counts |= self._tickets(user_id)
        counts["security_events"] = UserSecurityEvent.objects.filter(user_id=user_id).update(
            description="", ip_address=None, user_agent="", additional_data={}, resolution_note=""
        )
        counts["impersonation_sessions"] = ImpersonationSession.objects.filter(target_id=user_id).update(
            target_username=pseudonym, target_name=""
        )
        counts |= self._monitoring(user_id, needles)
        # their SMS number and webhook go, and the texts and posts sent to them
        prefs = NotificationPreference.objects.filter(user_id=user_id)
        contacts = [c for row in prefs for c in (row.phone, row.webhook_url) if c]
        counts["notification_preferences"] = prefs.delete()[0]
        counts["outbox"] = self._outbox(old_email, needles + contacts)
        counts["bulk_files"] = self._bulk_files(needles)
        return counts

    @staticmethod
    def _access(user_id: int) -> dict[str, int]:
        tokens = ApiToken.objects.filter(user_id=user_id)
        Session.objects.filter(session_key__in=[k for k in tokens.values_list("session_key", flat=True) if k]).delete()
        return {
            "sessions": tokens.delete()[0],
            "mfa": MfaRecoveryCode.objects.filter(user_id=user_id).delete()[0]
            + MfaResetRequest.objects.filter(user_id=user_id).update(reason=""),
            "security_memory": PasswordHistoryEntry.objects.filter(user_id=user_id).delete()[0]
            + KnownAccess.objects.filter(user_id=user_id).delete()[0],
        }

    @staticmethod
    def _tickets(user_id: int) -> dict[str, int]:
        mine = SupportTicket.objects.filter(user_id=user_id)
        updates = SupportTicketUpdate.objects.filter(ticket__user_id=user_id).update(content=REDACTED, data={})
        tickets = mine.update(title=REDACTED, description=REDACTED, satisfaction_comment="", context={})
        return {"tickets": tickets, "ticket_updates": updates}

    @staticmethod
    def _monitoring(user_id: int, needles: list[str]) -> dict[str, int]:
        sessions = MonitoredSession.objects.filter(user_id=user_id)
        ids = list(sessions.values_list("id", flat=True))
        SessionPage.objects.filter(session_id__in=ids).delete()
        PerfSample.objects.filter(session_id__in=ids).delete()
        GroupUser.objects.filter(user_id=user_id).delete()
        ErrorEventRow.objects.filter(user_id=user_id).update(user_id=None, session_id=None, breadcrumbs=[], url="")
        texts = 0  # the person's names in free text that other rows share (error messages and their groups' titles)
        for model, fields in ((ErrorEventRow, ("message", "component")), (ErrorGroupRow, ("title", "culprit"))):
            texts += _scrub_rows(model, fields, needles)
        return {"monitoring_sessions": sessions.delete()[0], "monitoring_texts": texts}

    @staticmethod
    def _outbox(email: str, needles: list[str]) -> int:
        """Delivered or waiting e-mails to the person, and events whose payload names them (a monitoring pulse
        carries the page URL): a live-update event is not worth keeping once it names an erased person."""
        mails = Q(kind=OutboxMessage.NOTIFICATION, payload__to=email) if email else Q(pk__in=[])
        naming = _matching(OutboxMessage.objects.annotate(text=Cast("payload", TextField())), "text", needles)
        return OutboxMessage.objects.filter(mails | Q(pk__in=naming.values("pk"))).delete()[0]

    def _bulk_files(self, needles: list[str]) -> int:
        """Bulk imports' uploads and exports that list the person: redacted (or, a workbook, deleted)."""
        if self.bulk_files is None or not needles:
            return 0
        keys = {
            str(k)
            for row in BulkOperationRow.objects.values_list("parameters", "results")
            for k in (row[0].get("file_key"), row[1].get("file"))
            if k
        }
        return sum(self.bulk_files.scrub(key, needles) for key in sorted(keys))


def _matching(qs: QuerySet[Any], field: str, needles: list[str]) -> QuerySet[Any]:
    """The rows whose `field` contains any of the needles (case-insensitive), found by the database."""
    if not needles:
        return qs.none()
    where = Q()
    for n in needles:
        where |= Q(**{f"{field}__icontains": n})
    return qs.filter(where)


def _scrub_rows(model: Any, fields: tuple[str, ...], needles: list[str]) -> int:
    found, touched = pattern(needles), 0
    for f in fields:
        for row in _matching(model.objects.all(), f, needles).only("pk", f):
            setattr(row, f, scrub(getattr(row, f), found))
            row.save(update_fields=[f])
            touched += 1
    return touched
