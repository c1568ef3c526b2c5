"""Engagement from day summaries: active users, stickiness, minutes, the hour x weekday heatmap, lifecycle and
learning patterns. Pure functions of the summaries, so every figure can be checked by hand."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .days import days, next_period, period_start
from .learnerset import LearnerSet, union, window_counts
from .rollup import DaySummary

WEEKEND = (5, 6)


def quantile(hist: Mapping[int, int], q: float) -> int | None:
    """Nearest-rank quantile of a histogram (value -> count): the smallest value with at least q of the counts at
    or below it. Exact: the histogram keeps every learner-day's whole minutes."""
    n = sum(hist.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(q * n))
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            return value
    return max(hist)  # pragma: no cover - rank <= n


@dataclass(frozen=True)
class Lifecycle:
    new: int
    returning: int
    resurrecting: int
    dormant: int


@dataclass(frozen=True)
class Point:
    start: date
    end: date  # the period's last day within the range
    active: int  # distinct learners active in the period
    dau: float  # average daily active learners over the period's days
    wau: int  # distinct learners over the 7 days ending on `end`
    mau: int  # distinct learners over the 30 days ending on `end`
    stickiness: float  # dau / mau (0 when mau is 0)
    minutes: int
    minutes_per_active: float
    median_day_minutes: int | None
    p90_day_minutes: int | None
    lifecycle: Lifecycle


@dataclass(frozen=True)
class Pattern:
    name: str
    description: str
    learners: int
    share: float


@dataclass(frozen=True)
class Engagement:
    start: date
    end: date
    interval: str
    segment: str
    active: int
    dau: float
    wau: int
    mau: int
    stickiness: float
    minutes: int
    median_day_minutes: int | None
    p90_day_minutes: int | None
    series: list[Point]
    heatmap: list[list[int]]  # [weekday Monday=0][local hour]: learners active in that hour, summed over days
    patterns: list[Pattern]
    today_by_hour: list[int] | None


def history_start(start: date, interval: str) -> date:
    """The first day engagement needs summaries for: 29 days before `start` (MAU) and the period before it
    (lifecycle)."""
    previous = period_start(start, interval)
    previous = previous - timedelta(days=1)
    return min(start - timedelta(days=29), period_start(previous, interval))


def periods(start: date, end: date, interval: str) -> list[tuple[date, date]]:
    out = []
    p = period_start(start, interval)
    while p <= end:
        nxt = next_period(p, interval)
        out.append((max(p, start), min(nxt - timedelta(days=1), end)))
        p = nxt
    return out


def _share(part: float, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def engagement(
    summaries: Mapping[date, DaySummary],
    start: date,
    end: date,
    interval: str,
    segment: str,
    signups: Mapping[date, LearnerSet],
    today: date,
) -> Engagement:
    """`summaries` must cover history_start(start, interval) .. end (missing days count as no activity);
    `signups`: each local day's new learners (the "all" summaries' `joined`), for lifecycle's "new"."""
    first = history_start(start, interval)
    span = list(days(first, end))
    sets = [summaries[d].learners if d in summaries else LearnerSet() for d in span]
    index = {d: i for i, d in enumerate(span)}
    ranges = periods(start, end, interval)
    ends = [index[b] for _, b in ranges] + [index[end]]
    wau, mau = window_counts(sets, 7, ends), window_counts(sets, 30, ends)

    def active(a: date, b: date) -> LearnerSet:
        return union(sets[index[d]] for d in days(max(a, first), b))

    def hist(a: date, b: date) -> Counter[int]:
        total: Counter[int] = Counter()
        for d in days(a, b):
            if d in summaries:
                total.update(summaries[d].minutes)
        return total

    def seconds(a: date, b: date) -> int:
        return sum(summaries[d].seconds for d in days(a, b) if d in summaries)

    series: list[Point] = []
    for a, b in ranges:
        full_a = period_start(a, interval)
        prev_a = period_start(full_a - timedelta(days=1), interval)
        now_set, before = active(a, b), active(prev_a, full_a - timedelta(days=1))
        new = now_set & union(signups[d] for d in days(full_a, b) if d in signups)
        returning = (now_set & before) - new
        resurrecting = now_set - before - new
        h = hist(a, b)
        n_days = (b - a).days + 1
        dau = sum(len(sets[index[d]]) for d in days(a, b)) / n_days
        minutes = seconds(a, b) // 60
        m = mau[index[b]]
        series.append(
            Point(
                a,
                b,
                len(now_set),
                round(dau, 2),
                wau[index[b]],
                m,
                _share(round(dau, 2), m) if m else 0.0,
                minutes,
                round(minutes / len(now_set), 2) if now_set else 0.0,
                quantile(h, 0.5),
                quantile(h, 0.9),
                Lifecycle(len(new), len(returning), len(resurrecting), len(before - now_set)),
            )
        )
    everyone = active(start, end)
    h = hist(start, end)
    n_days = (end - start).days + 1
    dau = round(sum(len(sets[index[d]]) for d in days(start, end)) / n_days, 2)
    m = mau[index[end]]
    heat = [[0] * 24 for _ in range(7)]
    for d in days(start, end):
        if d in summaries:
            for hour, count in enumerate(summaries[d].hours):
                heat[d.weekday()][hour] += count
    return Engagement(
        start,
        end,
        interval,
        segment,
        len(everyone),
        dau,
        wau[index[end]],
        m,
        _share(dau, m) if m else 0.0,
        seconds(start, end) // 60,
        quantile(h, 0.5),
        quantile(h, 0.9),
        series,
        heat,
        patterns(summaries, start, end, everyone),
        summaries[today].hours if start <= today <= end and today in summaries else None,
    )


def patterns(summaries: Mapping[date, DaySummary], start: date, end: date, everyone: LearnerSet) -> list[Pattern]:
    """Shares of the period's active learners, largest first."""
    inside = [summaries[d] for d in days(start, end) if d in summaries]
    n = len(everyone)
    found = [
        Pattern(
            "short_sessions",
            "learned under 10 minutes on every day they were active",
            len(everyone - union(s.long for s in inside)),
            0.0,
        ),
        Pattern(
            "weekend",
            "active on a Saturday or Sunday",
            len(union(s.learners for s in inside if s.day.weekday() in WEEKEND)),
            0.0,
        ),
        Pattern("night", "active at night (22:00-05:59 local time)", len(union(s.night for s in inside)), 0.0),
        Pattern(
            "deep_sessions", "learned 60 minutes or more on at least one day", len(union(s.deep for s in inside)), 0.0
        ),
    ]
    out = [Pattern(p.name, p.description, p.learners, _share(p.learners, n)) for p in found]
    return sorted(out, key=lambda p: (-p.share, p.name))


def active_in(summaries: Mapping[date, DaySummary], first: date, last: date) -> LearnerSet:
    return union(summaries[d].learners for d in days(first, last) if d in summaries)


def totals(summaries: Sequence[DaySummary]) -> tuple[int, int, int]:
    """(minutes, progress steps, completions) of some days."""
    return (
        sum(s.seconds for s in summaries) // 60,
        sum(s.progress_steps for s in summaries),
        sum(s.completions for s in summaries),
    )
