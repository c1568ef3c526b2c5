"""Read models of the support queue and of support analytics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from domain.shared.pagination import Cursor

from .model import Ticket
from .sla import Priority, SlaState
from .status import TicketStatus


class Grouping(StrEnum):
    """The periods analytics count by."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


QUEUE_CURSOR = Cursor("queue", (datetime, int))  # most urgent first: (next SLA due, id)
MINE_CURSOR = Cursor("my-tickets", (int,))  # newest first


@dataclass(frozen=True)
class QueueCriteria:
    statuses: frozenset[TicketStatus] = frozenset()
    priority: Priority | None = None
    category: str | None = None
    assigned_to: int | None = None
    unassigned: bool = False
    team: str | None = None
    user_id: int | None = None
    sla_state: SlaState | None = None
    tags: frozenset[str] = frozenset()
    created_after: datetime | None = None
    created_before: datetime | None = None
    q: str = ""


@dataclass(frozen=True)
class TicketSummary:
    id: int
    ticket_id: str
    user_id: int
    title: str
    status: TicketStatus
    priority: Priority
    category: str
    team: str
    assigned_to: int | None
    tags: Sequence[str]
    created_at: datetime
    updated_at: datetime | None
    sla_deadline: datetime | None
    sla_next_due: datetime | None
    sla_state: SlaState
    escalation_level: int

    @classmethod
    def of(cls, t: Ticket, now: datetime) -> TicketSummary:
        return cls(
            t.id,
            t.code,
            t.user_id,
            t.title,
            t.status,
            t.priority,
            t.category,
            t.team,
            t.assigned_to,
            list(t.tags),
            t.created_at,
            t.updated_at,
            t.sla_deadline,
            t.sla_next_due,
            t.sla_state(now),
            t.escalation_level,
        )


@dataclass(frozen=True)
class QueuePage:
    items: Sequence[TicketSummary]
    next_cursor: str | None
    counts: Mapping[str, int]  # per status, for the queue's tabs (same filters but status)


@dataclass(frozen=True)
class Percentiles:
    p50: float | None
    p90: float | None


@dataclass(frozen=True)
class GroupTimes:
    """First response and resolution minutes of one category or priority."""

    first_response: Percentiles
    resolution: Percentiles


@dataclass(frozen=True)
class AgentFigures:
    agent_id: int
    open_load: int
    assigned: int
    resolved: int
    first_response: Percentiles
    satisfaction_average: float | None


@dataclass(frozen=True)
class AnalyticsReport:
    start: datetime
    end: datetime
    total: int
    by_status: Mapping[str, int]
    by_category: Mapping[str, int]
    by_priority: Mapping[str, int]
    by_team: Mapping[str, int]
    first_response_minutes: Percentiles
    resolution_minutes: Percentiles
    sla_compliance_percent: float | None
    backlog: Sequence[tuple[datetime, int, int, int]]  # (period, created, resolved, open at period end)
    satisfaction_average: float | None
    satisfaction_distribution: Mapping[int, int]
    reopen_rate_percent: float | None
    agents: Sequence[AgentFigures] = field(default_factory=list)
    times_by_category: Mapping[str, GroupTimes] = field(default_factory=dict)
    times_by_priority: Mapping[str, GroupTimes] = field(default_factory=dict)


def group_times(rows: Sequence[tuple[str, float | None, float | None]]) -> dict[str, GroupTimes]:
    """Per group key, the percentiles of (key, first response, resolution) rows (None where not reached yet); a
    group with neither time yet is left out."""
    keys = sorted({k for k, f, r in rows if f is not None or r is not None})
    return {
        k: GroupTimes(
            percentiles([f for g, f, _ in rows if g == k and f is not None]),
            percentiles([r for g, _, r in rows if g == k and r is not None]),
        )
        for k in keys
    }


def percentiles(values: Sequence[float]) -> Percentiles:
    if not values:
        return Percentiles(None, None)
    ordered = sorted(values)

    def at(q: float) -> float:  # linear interpolation, as PostgreSQL's percentile_cont
        pos = q * (len(ordered) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(ordered) - 1)
        return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 2)

    return Percentiles(at(0.5), at(0.9))


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def periods(start: datetime, end: datetime, group_by: str) -> list[datetime]:
    out: list[datetime] = []
    cursor = truncate(start, group_by)
    while cursor < end and len(out) < 1000:
        out.append(cursor)
        cursor = next_period(cursor, group_by)
    return out


def truncate(at: datetime, group_by: str) -> datetime:
    day = at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if group_by == "week":
        return day - timedelta(days=day.weekday())
    if group_by == "month":
        return day.replace(day=1)
    return day


def next_period(at: datetime, group_by: str) -> datetime:
    if group_by == "week":
        return at + timedelta(days=7)
    if group_by == "month":
        return (at.replace(day=28) + timedelta(days=4)).replace(day=1)
    return at + timedelta(days=1)
