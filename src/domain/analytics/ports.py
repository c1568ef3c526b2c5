"""What analytics needs from the outside: rollup storage, read queries over other modules' records, risk storage."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from domain.shared.pagination import Page, PageRequest

from .cohorts import CohortRow
from .journeys import DropOff, Funnel
from .risk import Band, Indicators, RiskScore
from .rollup import DaySummary, Deltas


@dataclass(frozen=True)
class RebuildReport:
    first: date | None
    last: date | None
    activities: int
    learner_days: int
    summaries: int
    seconds: float


ACCOUNT_STATUSES = ("pending", "active", "suspended", "disabled", "archived")
"""The account statuses the at-risk list filters by (accounts' status machine, named here: modules stand alone)."""


@dataclass(frozen=True)
class AtRiskLearner:
    """A row of the at-risk list: the score and who it is (for the reader who contacts them)."""

    score: RiskScore
    username: str
    name: str
    email: str
    account_status: str

    @property
    def user_id(self) -> int:
        return self.score.user_id


@dataclass(frozen=True)
class HistoryPoint:
    at: datetime
    score: float
    band: Band


class LearnerExclusions(Protocol):
    """Learners analytics must leave out entirely (their latest `analytics` consent choice is a withdrawal)."""

    def excluded_learners(self, among: Collection[int] | None = None) -> frozenset[int]:
        """Those to leave out: all of them, or only those `among` the given people (ingestion asks per batch)."""
        ...


class RollupStore(Protocol):
    def apply(self, deltas: Deltas, now: datetime) -> None:
        """Add a batch's deltas to the stored rows and mark its days for a summary refresh (as changed at `now`), in
        the caller's transaction (the ingestion's)."""
        ...

    def summaries(
        self, dimension: str, value: str, first: date, last: date, now: datetime, only: tuple[str, ...] = ()
    ) -> dict[date, DaySummary]:
        """The segment's day summaries, refreshed first where ingestion changed a day since (an adapter may leave a
        day changed only shortly before `now` to `refresh`); with `only`, just those sets (e.g. ("learners",)) and
        "data" (the numbers), the rest left empty."""
        ...

    def mark(self, days: Iterable[date], now: datetime) -> None:
        """Have these days summarized again, as changed at `now` (signups arrive without activity)."""
        ...

    def rebuild(self, first: date | None, last: date | None, excluded: frozenset[int]) -> RebuildReport:
        """Recompute every rollup of these local days (all days when None) from the counted raw activity rows."""
        ...

    def forget(self, user_id: int, now: datetime) -> None:
        """Remove a learner from every rollup and their risk scores (consent withdrawn); the days they were active
        are summarized again (as changed at `now`)."""
        ...

    def refresh(self) -> int:
        """Re-summarize every day ingestion changed, and tally again every signup day whose funnel changed; how many
        days in all."""
        ...

    def signups(self, first: date, last: date, now: datetime) -> dict[date, int]:
        """Learners who signed up on each of these local days (days without any left out), from the funnel's
        tallies, tallied again first where stale (as `funnel`)."""
        ...

    def latest_summary(self) -> date | None:
        """The latest day with a summary of everyone (None before the first)."""
        ...

    def funnel(self, course: str | None, first: date, last: date, now: datetime) -> Funnel:
        """The journey funnel of the learners who signed up on these local days (with `course`: its steps from
        first enrolment on), tallied again first where a learner of those days reached a step (as `summaries`)."""
        ...


class AnalyticsQueries(Protocol):
    def stops(self, course: str | None, first: datetime, end: datetime, stopped_before: datetime) -> list[DropOff]:
        """Drop-off points of those learners: per course and last module, how many stopped there."""
        ...

    def cohort_sizes(
        self, by: str, first: date, last: date, segment: tuple[str, str] | None
    ) -> list[tuple[str, date, int]]:
        """(YYYY-MM, first day of the month, learners) for each month from `first` to `last`."""
        ...

    def tickets_by_week(self, first: datetime, end: datetime) -> list[tuple[date, str, int]]:
        """(Monday of the week, category, tickets opened) in [first, end), weeks in the analytics calendar."""
        ...

    def course_exists(self, code: str) -> bool: ...


class RiskStore(Protocol):
    def batches(self, size: int, after: int = 0) -> Iterator[list[int]]:
        """Every learner id, ascending, in lists of `size`."""
        ...

    def norms(self, as_of: date) -> Mapping[tuple[str, int], float]:
        """Each course's median progress by whole weeks since first learning, as of a day."""
        ...

    def indicators(
        self, user_ids: Sequence[int], as_of: date, norms: Mapping[tuple[str, int], float]
    ) -> dict[int, Indicators]:
        """The named indicators of each learner as of the start of `as_of` (data from before it only)."""
        ...

    def save(self, scores: Sequence[RiskScore]) -> int:
        """Store the current scores (the profile's risk_score too) and add a history point where the score moved;
        the number of history points added."""
        ...

    def current(self, user_id: int) -> RiskScore | None: ...

    def history(self, user_id: int, limit: int) -> list[HistoryPoint]: ...

    def at_risk(
        self, course: str | None, band: Band | None, statuses: Collection[str], page: PageRequest
    ) -> Page[AtRiskLearner]:
        """Highest score first, of the learners whose account status is one of `statuses`."""
        ...

    def learner_exists(self, user_id: int) -> bool: ...

    def validation_cohort(self) -> list[tuple[int, datetime]]:
        """The seeded validation learners (hidden dropout propensity) with their signup time."""
        ...

    def active_between(self, user_ids: Sequence[int], first: date, last: date) -> set[int]: ...

    def completed_by(self, user_ids: Sequence[int], last: date) -> set[int]:
        """Learners who completed a course on or before `last`."""
        ...


__all__ = ["CohortRow"]
