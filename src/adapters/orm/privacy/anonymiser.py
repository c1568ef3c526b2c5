"""Erasure on the database (the Anonymiser port): what is replaced, deleted, redacted or reduced, table by table.
The audit log is never touched: its rows hold ids, and the chain stays intact."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db.models import Q

from adapters.orm.accounts.models import Enrollment, StatusChange, UserActivityLog, UserProfile
from adapters.orm.accounts.signals import search_keys
from adapters.orm.identity.models import ApiToken
from adapters.orm.impersonation.models import ImpersonationSession
from adapters.orm.monitoring.models import ErrorEventRow, GroupUser, MonitoredSession, PerfSample, SessionPage
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.security.models import (
    KnownAccess,
    MfaRecoveryCode,
    MfaResetRequest,
    PasswordHistoryEntry,
    UserSecurityEvent,
)
from adapters.orm.tickets.models import SupportTicket, SupportTicketUpdate

REDACTED = "[redacted]"
ERASED_DOMAIN = "erased.invalid"


class DjangoAnonymiser:
    def delete_activity(self, user_id: int, limit: int) -> int:
        ids = list(UserActivityLog.objects.filter(user_id=user_id).order_by("id").values_list("id", flat=True)[:limit])
        return UserActivityLog.objects.filter(id__in=ids).delete()[0] if ids else 0

    def anonymise(self, user_id: int, pseudonym: str) -> dict[str, int]:
        user = User.objects.select_for_update().get(pk=user_id)
        old_email = user.email or ""
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
        counts |= self._monitoring(user_id)
        counts["outbox"] = self._outbox(old_email, user_id)
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
    def _monitoring(user_id: int) -> dict[str, int]:
        sessions = MonitoredSession.objects.filter(user_id=user_id)
        ids = list(sessions.values_list("id", flat=True))
        SessionPage.objects.filter(session_id__in=ids).delete()
        PerfSample.objects.filter(session_id__in=ids).delete()
        GroupUser.objects.filter(user_id=user_id).delete()
        ErrorEventRow.objects.filter(user_id=user_id).update(user_id=None, session_id=None, breadcrumbs=[], url="")
        return {"monitoring_sessions": sessions.delete()[0]}

    @staticmethod
    def _outbox(email: str, user_id: int) -> int:
        """Delivered or waiting e-mails to the person, and events about them that carry more than ids."""
        mails = Q(kind=OutboxMessage.NOTIFICATION, payload__to=email) if email else Q(pk__in=[])
        return OutboxMessage.objects.filter(mails).delete()[0]
