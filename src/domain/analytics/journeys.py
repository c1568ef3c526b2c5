"""Journeys: the funnel signup -> first login -> first enrolment -> 25% -> 50% -> 75% -> completion, and the
drop-off points per course (the module after which most learners stop)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

STEPS = ("signup", "first_login", "first_enrolment", "progress_25", "progress_50", "progress_75", "completion")
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


def funnel_from_counts(counts: Sequence[int], medians: Sequence[float | None]) -> Funnel:
    """The funnel from each step's learner count and the median hours from the previous step."""
    steps = []
    for i, name in enumerate(STEPS):
        n = counts[i]
        prev = counts[i - 1] if i else None
        steps.append(
            Step(
                name,
                n,
                None if prev is None else (round(n / prev, 4) if prev else 0.0),
                round(n / counts[0], 4) if counts[0] else 0.0,
                None if i == 0 or medians[i] is None else round(float(medians[i] or 0.0), 2),
            )
        )
    return Funnel(tuple(steps))


def funnel(rows: Iterable[JourneyRow]) -> Funnel:
    """Strict order: a learner counts at a step only having reached every earlier step (a learner enrolled by a
    platform service without a login stops at first_login). Medians are of the hours between consecutive steps."""
    counts = [0] * len(STEPS)
    gaps: list[list[float]] = [[] for _ in STEPS]
    for r in rows:
        prev: datetime | None = None
        for i, step in enumerate(STEPS):
            t = r.at(step)
            if t is None:
                break
            counts[i] += 1
            if prev is not None:
                gaps[i].append(max(0.0, (t - prev).total_seconds() / 3600))
            prev = t
    medians = [float(statistics.median(g)) if g else None for g in gaps]
    return funnel_from_counts(counts, medians)


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
