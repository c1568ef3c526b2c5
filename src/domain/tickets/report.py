"""The support report's rules: which tickets SLA compliance and the reopen rate count, how the backlog runs from
period to period, and how ratings are summed up. The in-memory store applies them to its rows; the Django store
writes the same predicates as SQL and hands its counts to the same functions."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .model import Ticket
from .queries import periods, share, truncate
from .status import TicketStatus

JUDGED = (
    TicketStatus.RESOLVED,
    TicketStatus.CLOSED,
)  # a ticket's SLA is judged once it is resolved or closed, or breached
RATINGS = range(1, 6)


def sla_judged(ticket: Ticket) -> bool:
    return ticket.status in JUDGED or bool(ticket.breaches)


def ever_resolved(ticket: Ticket) -> bool:
    """Resolved now, or resolved once and reopened since: the tickets the reopen rate is a share of."""
    return ticket.resolved_at is not None or ticket.reopened_count > 0


@dataclass(frozen=True)
class Tally:
    """The counts the report's two rates are shares of."""

    judged: int = 0
    compliant: int = 0  # judged without a breach
    resolved: int = 0  # ever resolved
    reopened: int = 0  # ever resolved and reopened since

    @classmethod
    def of(cls, tickets: Iterable[Ticket]) -> Tally:
        judged = compliant = resolved = reopened = 0
        for t in tickets:
            if sla_judged(t):
                judged += 1
                compliant += not t.breaches
            if ever_resolved(t):
                resolved += 1
                reopened += t.reopened_count > 0
        return cls(judged, compliant, resolved, reopened)

    @property
    def sla_compliance_percent(self) -> float | None:
        return share(self.compliant, self.judged)

    @property
    def reopen_rate_percent(self) -> float | None:
        return share(self.reopened, self.resolved)


def backlog(
    start: datetime,
    end: datetime,
    group_by: str,
    created: Mapping[datetime, int],
    resolved: Mapping[datetime, int],
    open_before: int,
) -> list[tuple[datetime, int, int, int]]:
    """Per period: tickets created and resolved in it (from `start` on), and open at its end, running on from
    those open before `start` (created before it and not resolved before it)."""
    out = []
    open_now = open_before
    for period in periods(start, end, group_by):
        c, r = created.get(period, 0), resolved.get(period, 0)
        open_now += c - r
        out.append((period, c, r, open_now))
    return out


def backlog_of(
    tickets: Sequence[Ticket], start: datetime, end: datetime, group_by: str
) -> list[tuple[datetime, int, int, int]]:
    """The backlog of these tickets, counted as the Django store counts it with SQL."""
    created: dict[datetime, int] = {}
    resolved: dict[datetime, int] = {}
    before = 0
    for t in tickets:
        if start <= t.created_at < end:
            key = truncate(t.created_at, group_by)
            created[key] = created.get(key, 0) + 1
        before += t.created_at < start
        if t.resolved_at is not None:
            if start <= t.resolved_at < end:
                key = truncate(t.resolved_at, group_by)
                resolved[key] = resolved.get(key, 0) + 1
            before -= t.resolved_at < start
    return backlog(start, end, group_by, created, resolved, before)


def rating_average(mean: float | None) -> float | None:
    return None if mean is None else round(float(mean), 2)


def mean_rating(tickets: Iterable[Ticket]) -> float | None:
    rated = [t.satisfaction_rating for t in tickets if t.satisfaction_rating]
    return rating_average(statistics.fmean(rated)) if rated else None


def rating_distribution(counts: Mapping[int, int]) -> dict[int, int]:
    return {i: counts.get(i, 0) for i in RATINGS}
