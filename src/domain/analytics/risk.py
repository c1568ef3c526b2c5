"""The at-risk score: a transparent weighted model over named indicators, 0-100, with a band and its reasons.

Each indicator maps to a severity in [0, 1]; its contribution is severity x weight, and the weights add up to 100,
so the score is the sum of the contributions and every point of it has a named reason. docs/analytics.md lists
the weights and why; `manage.py risk_evaluate` measures the model against a known ground truth."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.shared.pagination import Cursor

from .rollup import LearnerDay

WINDOW_WEEKS = 4
SECURITY_DAYS = 30
RATING_DAYS = 90
FAILED_LOGIN = "security.login_failed"
SERIOUS = ("high", "critical")  # the security events' severities the score counts
LOW_RATING = 2  # a support rating of this or less (of 5) counts against the score
CLOSED_TICKETS = ("resolved", "closed")  # a ticket in neither status, or resolved only after the day, is open
FINISHED = ("completed", "dropped")  # enrolment statuses that take a learner off their course's at-risk list
MOVED = 1.0  # a history point when the score moves by at least this much, or changes band
RISK_CURSOR = Cursor("risk", (float, int))  # the at-risk list: highest score first, then the user id

WEIGHTS: dict[str, float] = {
    "inactivity": 32.0,  # days since last activity: 0 at <= 3 days, full at 28
    "minutes_trend": 20.0,  # the slope of weekly minutes over the last 4 weeks, against their mean
    "progress_behind": 20.0,  # progress behind the course median for the same weeks since enrolment
    "completion": 8.0,  # share of finished courses that were dropped, not completed
    "security": 6.0,  # failed logins and serious security events in the last 30 days
    "tickets": 7.0,  # open and escalated support tickets
    "satisfaction": 7.0,  # support tickets rated 1 or 2 (of 5) in the last 90 days
}
assert sum(WEIGHTS.values()) == 100.0


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


BANDS = ((75.0, Band.CRITICAL), (50.0, Band.HIGH), (25.0, Band.MEDIUM), (0.0, Band.LOW))


def band_of(score: float) -> Band:
    return next(b for floor, b in BANDS if score >= floor)


def moved(before_score: float, before_band: str, score: float, band: Band) -> bool:
    """Whether a learner's new score earns a point in their history (as their first score does): it moved, or
    it is in another band."""
    return abs(before_score - score) >= MOVED or before_band != band


@dataclass(frozen=True)
class Enrolment:
    """One course as of the scoring day: first learning day, furthest progress, and how it ended (if it did)."""

    course: str
    first_day: date
    progress: int
    completed: bool = False
    dropped: bool = False

    @classmethod
    def of(cls, course: str, first_day: date, progress: int, completions: int, drops: int) -> Enrolment:
        """From a course's rollup rows: completed if ever completed; dropped if dropped and never completed."""
        return cls(course, first_day, progress, bool(completions), bool(drops) and not completions)


@dataclass(frozen=True)
class SupportFacts:
    open_tickets: int = 0
    escalated_tickets: int = 0
    low_ratings: int = 0


@dataclass(frozen=True)
class Indicators:
    """Everything the score looks at, named; `as_of` is the day scored (data from before it only)."""

    as_of: date
    tenure_days: int
    days_since_active: int | None  # None: never active
    weekly_minutes: tuple[int, ...]  # the last WINDOW_WEEKS weeks, oldest first
    progress_gap: float | None  # mean percentage points ahead (+) or behind (-) the course medians
    courses_finished: int
    courses_dropped: int
    failed_logins: int
    security_events: int
    support: SupportFacts = field(default_factory=SupportFacts)


@dataclass(frozen=True)
class Reason:
    indicator: str
    contribution: float  # points of the 0-100 score
    detail: str


@dataclass(frozen=True)
class RiskScore:
    user_id: int
    score: float
    band: Band
    reasons: tuple[Reason, ...]  # every indicator that added points, largest first
    computed_at: datetime

    @property
    def top_reasons(self) -> tuple[Reason, ...]:
        return self.reasons[:3]


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def slope(values: Iterable[float]) -> float:
    """The least-squares slope per step."""
    ys = list(values)
    n = len(ys)
    if n < 2:
        return 0.0
    mx, my = (n - 1) / 2, sum(ys) / n
    return sum((i - mx) * (y - my) for i, y in enumerate(ys)) / sum((i - mx) ** 2 for i in range(n))


def severities(ind: Indicators) -> dict[str, tuple[float, str]]:
    """Each indicator's severity in [0, 1] and its explanation in words."""
    out: dict[str, tuple[float, str]] = {}
    if ind.days_since_active is None:
        sev = _clamp(ind.tenure_days / 14)
        out["inactivity"] = (sev, f"no activity since signing up {ind.tenure_days} days ago")
    else:
        d = ind.days_since_active
        out["inactivity"] = (_clamp((d - 3) / 25), f"no activity for {d} days")
    mins = ind.weekly_minutes
    mean = sum(mins) / len(mins) if mins else 0.0
    s = slope(mins)
    if ind.tenure_days >= 14 and mins and mean > 0:
        sev = _clamp(-s * (len(mins) - 1) / max(mean, 15.0) / 1.5)
        out["minutes_trend"] = (sev, f"weekly minutes went {' -> '.join(str(m) for m in mins)} (slope {s:+.0f}/week)")
    elif ind.tenure_days >= 14 and ind.days_since_active is not None:
        out["minutes_trend"] = (0.5, f"no minutes learned in the last {len(mins)} weeks")
    if ind.progress_gap is not None:
        gap = ind.progress_gap
        out["progress_behind"] = (
            _clamp(-gap / 40),
            f"{abs(gap):.0f} points {'behind' if gap < 0 else 'ahead of'} the course median for the same time enrolled",
        )
    if ind.courses_finished:
        share = ind.courses_dropped / ind.courses_finished
        out["completion"] = (share, f"dropped {ind.courses_dropped} of {ind.courses_finished} finished courses")
    if ind.failed_logins or ind.security_events:
        sev = _clamp(ind.failed_logins / 6 + ind.security_events / 2)
        out["security"] = (
            sev,
            f"{ind.failed_logins} failed logins and {ind.security_events} serious security events in "
            f"{SECURITY_DAYS} days",
        )
    t = ind.support
    if t.open_tickets or t.escalated_tickets:
        sev = _clamp(0.4 * t.open_tickets + 0.6 * t.escalated_tickets)
        out["tickets"] = (sev, f"{t.open_tickets} open support tickets, {t.escalated_tickets} escalated")
    if t.low_ratings:
        out["satisfaction"] = (_clamp(t.low_ratings / 1), f"rated support {t.low_ratings} times 1 or 2 of 5")
    return out


def calculate_user_risk_score(user_id: int, ind: Indicators, at: datetime) -> RiskScore:
    """The specification's `calculate_user_risk_score`: 0-100, its band, and the reasons that make it up."""
    reasons = [
        Reason(name, round(WEIGHTS[name] * sev, 1), detail)
        for name, (sev, detail) in severities(ind).items()
        if round(WEIGHTS[name] * sev, 1) > 0
    ]
    reasons.sort(key=lambda r: (-r.contribution, r.indicator))
    score = round(min(100.0, sum(r.contribution for r in reasons)), 1)
    return RiskScore(user_id, score, band_of(score), tuple(reasons), at)


# -- deriving the indicators from rollups ----------------------------------------------------


def weekly_minutes(rows: Iterable[LearnerDay], as_of: date) -> tuple[int, ...]:
    """Minutes in each of the WINDOW_WEEKS 7-day windows before `as_of`, oldest first."""
    weeks = [0] * WINDOW_WEEKS
    for r in rows:
        back = (as_of - r.day).days - 1
        if 0 <= back < 7 * WINDOW_WEEKS:
            weeks[WINDOW_WEEKS - 1 - back // 7] += r.seconds
    return tuple(s // 60 for s in weeks)


def tenure_weeks(first_day: date, as_of: date) -> int:
    return max(0, (as_of - first_day).days // 7)


def progress_gap(
    enrolments: Iterable[Enrolment], as_of: date, norm: Callable[[str, int], float | None]
) -> float | None:
    gaps = []
    for e in enrolments:
        if e.completed or e.dropped:
            continue
        median = norm(e.course, tenure_weeks(e.first_day, as_of))
        if median is not None:
            gaps.append(e.progress - median)
    return round(statistics.fmean(gaps), 1) if gaps else None


def norms(enrolments: Iterable[Enrolment], as_of: date) -> dict[tuple[str, int], float]:
    """Each course's median progress by whole weeks since first learning, across every enrolment as of `as_of`
    (finished ones included: where the course's learners are at that point)."""
    by: dict[tuple[str, int], list[int]] = {}
    for e in enrolments:
        by.setdefault((e.course, tenure_weeks(e.first_day, as_of)), []).append(e.progress)
    return {k: float(statistics.median(v)) for k, v in by.items()}


def indicators(
    as_of: date,
    joined: date,
    last_active: date | None,
    recent: Iterable[LearnerDay],
    enrolments: Iterable[Enrolment],
    norm: Callable[[str, int], float | None],
    security_events: int,
    support: SupportFacts,
) -> Indicators:
    recent = list(recent)
    enrolments = list(enrolments)
    failed = sum(r.types.get(FAILED_LOGIN, 0) for r in recent if 0 < (as_of - r.day).days <= SECURITY_DAYS)
    finished = [e for e in enrolments if e.completed or e.dropped]
    return Indicators(
        as_of=as_of,
        tenure_days=max(0, (as_of - joined).days),
        days_since_active=(as_of - last_active).days if last_active else None,
        weekly_minutes=weekly_minutes(recent, as_of),
        progress_gap=progress_gap(enrolments, as_of, norm),
        courses_finished=len(finished),
        courses_dropped=sum(e.dropped for e in finished),
        failed_logins=failed,
        security_events=security_events,
        support=support,
    )


def recent_from(as_of: date) -> date:
    """The first day whose learner rows the indicators read."""
    return as_of - timedelta(days=max(7 * WINDOW_WEEKS, SECURITY_DAYS))


def lookup(table: Mapping[tuple[str, int], float]) -> Callable[[str, int], float | None]:
    def norm(course: str, weeks: int) -> float | None:
        return table.get((course, weeks))

    return norm
