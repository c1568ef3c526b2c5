"""Journeys: the funnel signup -> first login -> first enrolment -> 25% -> 50% -> 75% -> completion, and the
drop-off points per course (the module after which most learners stop)."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

STEPS = ("signup", "first_login", "first_enrolment", "progress_25", "progress_50", "progress_75", "completion")
MICROSECOND = timedelta(microseconds=1)
HOUR_US = 3_600_000_000
STOPPED_AFTER = timedelta(days=14)  # a learner not seen in a course for this long, without completing, stopped


@dataclass(frozen=True)
class JourneyRow:
    """One learner's milestones (for one course, or across courses), each None until reached."""

    signup: datetime
    first_login: datetime | None
    first_enrolment: datetime | None
    progress_25: datetime | None
    progress_50: datetime | None
    progress_75: datetime | None
    completion: datetime | None

    def at(self, step: str) -> datetime | None:
        value: datetime | None = getattr(self, step)
        return value


@dataclass(frozen=True)
class Step:
    name: str
    learners: int
    conversion: float | None  # of the previous step's learners (None for the first step)
    overall: float  # of the signups
    median_hours_from_previous: float | None


@dataclass(frozen=True)
class DropOff:
    course: str
    module: str  # the last module learners reached before they stopped ("" when activity named none)
    learners_lost: int
    share_of_course_stops: float


@dataclass(frozen=True)
class Funnel:
    steps: tuple[Step, ...]


@dataclass
class FunnelTally:
    """The funnel of some learners in a form that merges exactly: learners at each step, and each step's gaps from
    the step before (whole microseconds, sorted). The Django adapter keeps one per signup day and course; a range's
    funnel merges the days' tallies, and its medians are exact (the k-th gap found across the days' sorted arrays)."""

    counts: list[int] = field(default_factory=lambda: [0] * len(STEPS))
    gaps: list[array[int]] = field(default_factory=lambda: [array("q") for _ in STEPS])

    def dump(self) -> bytes:
        """The gaps, step after step, little-endian int64 (their lengths are counts[1:])."""
        out = array("q")
        for g in self.gaps[1:]:
            out.extend(g)
        if sys.byteorder == "big":  # pragma: no cover - x86 and ARM servers are little-endian
            out.byteswap()
        return out.tobytes()

    @staticmethod
    def load(counts: Sequence[int], blob: bytes) -> FunnelTally:
        flat = array("q")
        flat.frombytes(blob)
        if sys.byteorder == "big":  # pragma: no cover
            flat.byteswap()
        t, at = FunnelTally([int(c) for c in counts]), 0
        for i in range(1, len(STEPS)):
            t.gaps[i], at = flat[at : at + t.counts[i]], at + t.counts[i]
        return t


def tally(rows: Iterable[JourneyRow]) -> FunnelTally:
    """Strict order: a learner counts at a step only having reached every earlier step (a learner enrolled by a
    platform service without a login stops at first_login)."""
    t = FunnelTally()
    gaps: list[list[int]] = [[] for _ in STEPS]
    for r in rows:
        prev: datetime | None = None
        for i, step in enumerate(STEPS):
            at = r.at(step)
            if at is None:
                break
            t.counts[i] += 1
            if prev is not None:
                gaps[i].append(max(0, (at - prev) // MICROSECOND))
            prev = at
    t.gaps = [array("q", sorted(g)) for g in gaps]
    return t


def funnel_of(tallies: Sequence[FunnelTally], course: Sequence[FunnelTally] | None = None) -> Funnel:
    """The funnel of the learners of several tallies (e.g. one per signup day). With `course`, the steps from
    first_enrolment on are the course's (from its tallies), signup and first login everyone's."""
    counts = [sum(t.counts[i] for t in tallies) for i in range(len(STEPS))]
    parts = [[t.gaps[i] for t in tallies if t.gaps[i]] for i in range(len(STEPS))]
    if course is not None:
        for i in range(2, len(STEPS)):
            counts[i] = sum(t.counts[i] for t in course)
            parts[i] = [t.gaps[i] for t in course if t.gaps[i]]
    steps = []
    for i, name in enumerate(STEPS):
        n, prev = counts[i], counts[i - 1] if i else None
        middle = median(parts[i]) if i else None
        steps.append(
            Step(
                name,
                n,
                None if prev is None else (round(n / prev, 4) if prev else 0.0),
                round(n / counts[0], 4) if counts[0] else 0.0,
                None if middle is None else round(middle / HOUR_US, 2),
            )
        )
    return Funnel(tuple(steps))


def funnel(rows: Iterable[JourneyRow]) -> Funnel:
    """Medians are of the hours between consecutive steps."""
    return funnel_of([tally(rows)])


def median(sorted_parts: Sequence[Sequence[int]]) -> float | None:
    """The median of the values of several sorted sequences together, without merging them."""
    n = sum(len(p) for p in sorted_parts)
    if n == 0:
        return None
    if n % 2:
        return float(kth(sorted_parts, n // 2))
    return (kth(sorted_parts, n // 2 - 1) + kth(sorted_parts, n // 2)) / 2


def kth(sorted_parts: Sequence[Sequence[int]], k: int) -> int:
    """The k-th smallest (from 0) of integers in sorted sequences: a binary search over values, each probe counting
    with one bisection per sequence (about 40 probes for microsecond gaps of years)."""
    lo, hi = min(p[0] for p in sorted_parts if p), max(p[-1] for p in sorted_parts if p)
    while lo < hi:
        mid = (lo + hi) // 2
        if sum(bisect_right(p, mid) for p in sorted_parts) > k:
            hi = mid
        else:
            lo = mid + 1
    return lo


def drop_offs(stops: Iterable[tuple[str, str, int]]) -> list[DropOff]:
    """(course, last module, learners who stopped there) -> drop-off points, most learners lost first."""
    stops = list(stops)
    per_course: dict[str, int] = {}
    for course, _, n in stops:
        per_course[course] = per_course.get(course, 0) + n
    out = [
        DropOff(course, module, n, round(n / per_course[course], 4) if per_course[course] else 0.0)
        for course, module, n in stops
        if n
    ]
    return sorted(out, key=lambda d: (-d.learners_lost, d.course, d.module))
