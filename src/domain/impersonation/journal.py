"""What every change of a session leaves behind, in the caller's unit of work: the audit entry (about the learner,
so that it shows in their security timeline), the event on the stream, and when a session starts, the security
event and the learner's e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.events import Notification
from domain.shared.principal import Principal
from domain.shared.security_events import NewSecurityEvent, Severity
from domain.shared.uow import UnitOfWork

from .events import ImpersonationEnded, ImpersonationRejected, ImpersonationRequested, ImpersonationStarted
from .model import Impersonation, ImpersonationScope
from .ports import ImpersonationStore, People, SecurityLog


@dataclass
class Journal:
    store: ImpersonationStore
    people: People
    audit: AuditTrail
    security: SecurityLog
    uow: UnitOfWork
    clock: Clock
    notify_user: bool = True

    def requested(self, actor: Principal, s: Impersonation) -> None:
        reasons = [r.value for r in s.approval_reasons]
        self._audit(actor, "impersonation.request", s, approval_reasons=reasons, **_facts(s))
        self.uow.publish(ImpersonationRequested.of(s))

    def started(self, actor: Principal, s: Impersonation, *, approved: bool) -> None:
        now = self.clock.now()
        action = "impersonation.approve" if approved else "impersonation.start"
        extra = {"requested_by": s.impersonator.id} if approved else {}
        self._audit(actor, action, s, expires_at=s.expires_at, **extra, **_facts(s))
        self.uow.publish(ImpersonationStarted.of(s, now))
        self.security.raise_event(
            NewSecurityEvent(
                "impersonation_started",
                Severity.HIGH if s.scope is ImpersonationScope.WRITE else Severity.MEDIUM,
                "impersonation",
                now,
                s.target.id,
                f"{s.impersonator.username} acts as this person ({s.scope.value}, {s.minutes} min): {s.reason}"[:2000],
                {
                    "impersonation_id": s.id,
                    "impersonator_id": s.impersonator.id,
                    "approved_by": s.decided_by,
                    "scope": s.scope.value,
                    "minutes": s.minutes,
                    "ticket_id": s.ticket_id,
                },
                actor.meta.ip,
                actor.meta.user_agent,
            )
        )
        if self.notify_user:
            self._tell_learner(s)

    def rejected(self, actor: Principal, s: Impersonation) -> None:
        self._audit(actor, "impersonation.reject", s, requested_by=s.impersonator.id, note=s.decision_note)
        self.uow.publish(ImpersonationRejected.of(s, self.clock.now(), actor.user_id))

    def ended(self, actor: Principal | None, s: Impersonation) -> None:
        """An end by someone, by a suspension, or a time limit written down (actor None: the system)."""
        reason = s.end_reason.value if s.end_reason else None
        action = "impersonation.end" if s.status.value == "ended" else "impersonation.expire"
        self._audit(actor, action, s, status=s.status.value, end_reason=reason, ended_at=s.ended_at)
        self.uow.publish(ImpersonationEnded.of(s, self.clock.now()))

    def _audit(self, actor: Principal | None, action: str, s: Impersonation, **details: Any) -> None:
        body = {"impersonation_id": s.id, "impersonator_id": s.impersonator.id, **details}
        self.audit.record(actor, action, "user", s.target.id, body)

    def _tell_learner(self, s: Impersonation) -> None:
        person = self.people.get(s.target.id)
        if person is None or not person.email or s.expires_at is None or s.started_at is None:
            return
        who = s.impersonator.name or s.impersonator.username
        what = (
            "view your account as you see it"
            if s.scope is ImpersonationScope.READ
            else "view your account and act for you"
        )
        ticket = f"\nSupport ticket: {s.ticket_id}" if s.ticket_id else ""
        body = (
            f"Hello {s.target.name or s.target.username},\n\n"
            f"{who} from our support team started a session to {what}.\n\n"
            f"When: {_when(s.started_at)} until {_when(s.expires_at)} ({s.minutes} minutes at most)\n"
            f"Why: {s.reason}{ticket}\n\n"
            "Every action taken in this session is recorded with both your name and the staff member's. If you did "
            "not expect this, reply to this e-mail or contact support.\n"
        )
        self.uow.notify(Notification(person.email, "A support team member is accessing your account", body))


def _facts(s: Impersonation) -> dict[str, Any]:
    return {"scope": s.scope.value, "minutes": s.minutes, "reason": s.reason, "ticket_id": s.ticket_id}


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")
