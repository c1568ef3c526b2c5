"""Cohorts: the retention matrix (cohort x period, counts and shares of the cohort) and segment comparisons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .days import add_months
from .learnerset import LearnerSet

MAX_PERIODS = 11  # the cohort's own period and 10 after it


@dataclass(frozen=True)
class CohortRow:
    cohort: str  # YYYY-MM
    size: int
    counts: tuple[int, ...]  # learners active in period 0, 1, ... (periods not over yet are left out)
    shares: tuple[float, ...]  # counts / size


def period_bounds(cohort_start: date, k: int, period: str) -> tuple[date, date]:
    if period == "week":
        first = cohort_start + timedelta(days=7 * k)
        return first, first + timedelta(days=6)
    first = add_months(cohort_start, k)
    return first, add_months(cohort_start, k + 1) - timedelta(days=1)


def retention(
    cohorts: Sequence[tuple[str, date, int]],
    active: Callable[[str, date, date], LearnerSet],
    period: str,
    today: date,
    periods: int = MAX_PERIODS,
) -> list[CohortRow]:
    """`cohorts`: (name, first day, size); `active(name, first, last)`: the cohort's learners active on those
    days. A period counts once it has started (the current one is partial)."""
    rows = []
    for name, start, size in cohorts:
        counts = []
        for k in range(periods):
            first, last = period_bounds(start, k, period)
            if first > today:
                break
            counts.append(len(active(name, first, min(last, today))))
        rows.append(CohortRow(name, size, tuple(counts), tuple(round(c / size, 4) if size else 0.0 for c in counts)))
    return rows


def retention_at(rows: Sequence[CohortRow], n: int) -> float | None:
    """Retention at period n over every cohort that has reached it, weighted by cohort size."""
    reached = [r for r in rows if len(r.counts) > n and r.size]
    size = sum(r.size for r in reached)
    return round(sum(r.counts[n] for r in reached) / size, 4) if size else None
