"""Impersonation usage statistics (a support KPI): sessions per staff member and per scope, the median duration,
how approval requests were answered, and how many sessions name a ticket."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .model import Impersonation, ImpersonationScope, ImpersonationStatus


@dataclass(frozen=True)
class StaffCount:
    impersonator_id: int
    username: str
    sessions: int


@dataclass(frozen=True)
class ApprovalShares:
    """Of the requests that needed a second admin: how they were answered (shares of `requested`, 0-1)."""

    requested: int
    approved: int
    rejected: int
    expired: int
    pending: int
    withdrawn: int
    approved_share: float
    rejected_share: float
    expired_share: float


@dataclass(frozen=True)
class ImpersonationStats:
    start: datetime
    end: datetime
    sessions: int
    per_staff: list[StaffCount]
    per_scope: dict[ImpersonationScope, int]
    median_duration_seconds: float | None  # of the sessions that ran and are over
    approval: ApprovalShares
    linked_to_ticket: int
    linked_to_ticket_share: float


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def compute(sessions: Sequence[Impersonation], start: datetime, end: datetime, now: datetime) -> ImpersonationStats:
    staff = Counter(s.impersonator.id for s in sessions)
    names = {s.impersonator.id: s.impersonator.username for s in sessions}
    per_staff = [StaffCount(i, names[i], n) for i, n in sorted(staff.items(), key=lambda kv: (-kv[1], kv[0]))]
    per_scope = {scope: sum(1 for s in sessions if s.scope is scope) for scope in ImpersonationScope}
    durations = []
    for s in sessions:
        status = s.status_at(now)
        if s.started_at is None or status in (ImpersonationStatus.ACTIVE, ImpersonationStatus.PENDING_APPROVAL):
            continue
        stop = s.ended_at or (s.expires_at if status is ImpersonationStatus.EXPIRED else None)
        if stop is not None:
            durations.append(max((stop - s.started_at).total_seconds(), 0.0))
    asked = [s for s in sessions if s.needs_approval]
    approved = sum(1 for s in asked if s.decided_at is not None and s.started_at is not None)
    rejected = sum(1 for s in asked if s.status_at(now) is ImpersonationStatus.REJECTED)
    expired = sum(1 for s in asked if s.status_at(now) is ImpersonationStatus.APPROVAL_EXPIRED)
    pending = sum(1 for s in asked if s.status_at(now) is ImpersonationStatus.PENDING_APPROVAL)
    withdrawn = len(asked) - approved - rejected - expired - pending
    linked = sum(1 for s in sessions if s.ticket_id is not None)
    return ImpersonationStats(
        start=start,
        end=end,
        sessions=len(sessions),
        per_staff=per_staff,
        per_scope=per_scope,
        median_duration_seconds=round(statistics.median(durations), 1) if durations else None,
        approval=ApprovalShares(
            len(asked),
            approved,
            rejected,
            expired,
            pending,
            withdrawn,
            _share(approved, len(asked)),
            _share(rejected, len(asked)),
            _share(expired, len(asked)),
        ),
        linked_to_ticket=linked,
        linked_to_ticket_share=_share(linked, len(sessions)),
    )
