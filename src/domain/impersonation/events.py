"""What impersonation tells the event stream: every event names both people (the staff member and the learner).
Published on `security` (security staff watch impersonation live) and on the learner's own channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import SECURITY, user_channel
from domain.shared.events import Event

from .model import EndReason, Impersonation, ImpersonationScope, ImpersonationStatus


@dataclass(frozen=True)
class ImpersonationEvent(Event):
    id: int
    impersonator_id: int
    target_id: int
    scope: ImpersonationScope
    status: ImpersonationStatus
    at: datetime

    def channels(self) -> tuple[str, ...]:
        return (SECURITY, user_channel(self.target_id))


def _head(s: Impersonation, at: datetime) -> tuple[int, int, int, ImpersonationScope, ImpersonationStatus, datetime]:
    return (s.id, s.impersonator.id, s.target.id, s.scope, s.status, at)


@dataclass(frozen=True)
class ImpersonationRequested(Event):
    """A request waits for a second admin's approval until `approval_expires_at`."""

    TYPE = "impersonation.requested"
    id: int
    impersonator_id: int
    target_id: int
    scope: ImpersonationScope
    approval_reasons: tuple[str, ...]
    approval_expires_at: datetime

    @classmethod
    def of(cls, s: Impersonation) -> ImpersonationRequested:
        reasons = tuple(r.value for r in s.approval_reasons)
        return cls(s.id, s.impersonator.id, s.target.id, s.scope, reasons, s.approval_deadline)

    def channels(self) -> tuple[str, ...]:
        return (SECURITY,)


@dataclass(frozen=True)
class ImpersonationStarted(ImpersonationEvent):
    TYPE = "impersonation.started"
    approved_by: int | None
    expires_at: datetime | None

    @classmethod
    def of(cls, s: Impersonation, at: datetime) -> ImpersonationStarted:
        return cls(*_head(s, at), s.decided_by, s.expires_at)


@dataclass(frozen=True)
class ImpersonationRejected(ImpersonationEvent):
    TYPE = "impersonation.rejected"
    rejected_by: int

    @classmethod
    def of(cls, s: Impersonation, at: datetime, by: int) -> ImpersonationRejected:
        return cls(*_head(s, at), by)

    def channels(self) -> tuple[str, ...]:
        return (SECURITY,)


@dataclass(frozen=True)
class ImpersonationEnded(ImpersonationEvent):
    """Ended by someone, by a suspension, or at its time limit (`expired`, `approval_expired`)."""

    TYPE = "impersonation.ended"
    ended_by: int | None
    end_reason: EndReason | None

    @classmethod
    def of(cls, s: Impersonation, at: datetime) -> ImpersonationEnded:
        return cls(*_head(s, at), s.ended_by, s.end_reason)
