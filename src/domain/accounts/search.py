"""The rules of the learner search, in one place: how `q` is read and matched (`matching`), how matches are
ranked, which order a search takes, and what `inactive_days` means. The in-memory fake runs them as they are
(`simple_search`); the Django adapter turns the same decisions into SQL, and the contract suite
holds the two together."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.shared.pagination import Cursor

from .learning import EnrollmentStatus
from .matching import Match, Tier, fold, word_tier
from .model import AccountStatus, PlatformRole, SupportPriority
from .queries import ProfileSummary

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # never-active people sort (and count as last seen) here

# which of a person's keys each rule looks at; the adapters name their columns after these
EXACT_KEYS = ("username", "email")  # typed whole: the person's identity
WORD_KEYS = ("username", "email", "first", "last")  # a word under three letters starts one of them


@dataclass(frozen=True)
class SearchKeys:
    """What a search sees of a person: folded keys (accents and case, `matching.fold`) and the text they make."""

    username: str
    email: str
    first: str
    last: str

    @staticmethod
    def of(username: str, email: str, first_name: str, last_name: str) -> SearchKeys:
        return SearchKeys(fold(username), fold(email), fold(first_name), fold(last_name))

    @staticmethod
    def of_summary(s: ProfileSummary) -> SearchKeys:
        return SearchKeys.of(s.username, s.email, s.first_name, s.last_name)

    def key(self, name: str) -> str:
        value: str = getattr(self, name)
        return value

    @property
    def text(self) -> str:
        return " ".join(k for k in (self.username, self.email, self.first, self.last) if k)


@dataclass(frozen=True)
class TextQuery:
    """`q` as the search reads it: folded, its words split on white space (see `matching`)."""

    term: str = ""

    @staticmethod
    def parse(q: str) -> TextQuery:
        return TextQuery(" ".join(fold(q).split()))

    def __bool__(self) -> bool:
        return bool(self.term)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.term.split()))

    @property
    def user_id(self) -> int | None:
        """The id a query of digits names (a person typed by id goes straight to them)."""
        return int(self.term) if self.term.isdigit() and len(self.term) <= 18 else None

    def tier(self, keys: SearchKeys, user_id: int | None = None) -> Tier | None:
        """How the person matches, or None when a word does not."""
        if not self.term:
            return None
        if self.term in (keys.username, keys.email) or (user_id is not None and user_id == self.user_id):
            return Tier.IDENTITY
        text, values = keys.text, [keys.key(k) for k in WORD_KEYS]
        tiers = [word_tier(w, values, text) for w in self.words]
        return None if any(t is None for t in tiers) else min(t for t in tiers if t is not None)

    def matches(self, keys: SearchKeys, user_id: int | None = None) -> bool:
        return self.tier(keys, user_id) is not None

    def match(self, s: ProfileSummary) -> Match | None:
        """The kind of match a result is, as the client is told."""
        tier = self.tier(SearchKeys.of_summary(s), s.id)
        return tier.match if tier is not None else None


class SortKey(StrEnum):
    RELEVANCE = "relevance"
    LAST_ACTIVITY = "last_activity"
    DATE_JOINED = "date_joined"
    RISK_SCORE = "risk_score"
    NAME = "name"


# what a search cursor carries per sort: (tier, last activity, id) for relevance, (last name, first name, id)
# for name, else (value, id); never-active people sort with last activity at the epoch
SORT_FIELDS: dict[SortKey, tuple[type, ...]] = {
    SortKey.RELEVANCE: (int, datetime, int),
    SortKey.LAST_ACTIVITY: (datetime, int),
    SortKey.DATE_JOINED: (datetime, int),
    SortKey.RISK_SCORE: (float, int),
    SortKey.NAME: (str, str, int),
}


@dataclass(frozen=True)
class Sort:
    key: SortKey
    descending: bool

    @property
    def token(self) -> str:
        return ("-" if self.descending else "") + self.key.value

    @property
    def cursor(self) -> Cursor:
        return Cursor(f"profiles:{self.token}", SORT_FIELDS[self.key])

    def position(self, s: ProfileSummary, text: TextQuery) -> tuple[Any, ...]:
        """Where a person stands in this order: what its cursor carries."""
        seen = s.last_activity or EPOCH
        if self.key is SortKey.RELEVANCE:
            return (int(text.tier(SearchKeys.of_summary(s), s.id) or Tier.TYPO), seen, s.id)
        if self.key is SortKey.NAME:
            return (s.last_name.lower(), s.first_name.lower(), s.id)
        value = {SortKey.LAST_ACTIVITY: seen, SortKey.DATE_JOINED: s.date_joined, SortKey.RISK_SCORE: s.risk_score}
        return (value[self.key], s.id)


BY_LAST_ACTIVITY = Sort(SortKey.LAST_ACTIVITY, True)
BEST_FIRST = Sort(SortKey.RELEVANCE, True)


class SortOrder(StrEnum):
    """Every order a client may ask for: a key, '-' first for descending."""

    RELEVANCE = "relevance"
    RELEVANCE_DESC = "-relevance"
    LAST_ACTIVITY = "last_activity"
    LAST_ACTIVITY_DESC = "-last_activity"
    DATE_JOINED = "date_joined"
    DATE_JOINED_DESC = "-date_joined"
    RISK_SCORE = "risk_score"
    RISK_SCORE_DESC = "-risk_score"
    NAME = "name"
    NAME_DESC = "-name"

    @property
    def sort(self) -> Sort:
        return Sort(SortKey(self.value.removeprefix("-")), self.value.startswith("-"))


@dataclass(frozen=True)
class ProfileFilter:
    """Which people a search keeps, besides its text."""

    statuses: frozenset[AccountStatus] = frozenset()
    platform_role: PlatformRole | None = None
    support_priority: SupportPriority | None = None
    enrollment_status: EnrollmentStatus | None = None
    course: str | None = None
    last_active_after: datetime | None = None
    last_active_before: datetime | None = None
    never_active_counts: bool = False  # with last_active_before: never-active people are kept too
    risk_min: float | None = None
    risk_max: float | None = None
    completion_min: float | None = None
    completion_max: float | None = None
    joined_after: datetime | None = None
    joined_before: datetime | None = None

    def bounds(self) -> list[tuple[str, str, float | datetime]]:
        """The plain range conditions given, as (summary field, comparison, bound): a minimum, a maximum and an
        'after' include the bound, a 'before' does not."""
        given: tuple[tuple[str, str, float | datetime | None], ...] = (
            ("risk_score", ">=", self.risk_min),
            ("risk_score", "<=", self.risk_max),
            ("completion_rate", ">=", self.completion_min),
            ("completion_rate", "<=", self.completion_max),
            ("date_joined", ">=", self.joined_after),
            ("date_joined", "<", self.joined_before),
        )
        return [(name, op, bound) for name, op, bound in given if bound is not None]


@dataclass(frozen=True)
class SearchCriteria:
    """A search as the adapters run it (decided by `ProfileSearch.criteria`)."""

    q: str = ""
    filters: ProfileFilter = ProfileFilter()
    sort: Sort = BY_LAST_ACTIVITY

    def __post_init__(self) -> None:
        if self.sort.key is SortKey.RELEVANCE and not (self.text and self.sort.descending):
            raise ValueError("relevance is best first, and only with a text: ProfileSearch.criteria() decides")

    @property
    def text(self) -> TextQuery:
        return TextQuery.parse(self.q)


@dataclass(frozen=True)
class ProfileSearch:
    """A search as a client asks for it. With a text, the default order is relevance (best first, whichever
    direction was asked); without one there is nothing to rank by, and relevance means last activity, newest
    first. `inactive_days` keeps people not seen for that many days, never-active people included."""

    q: str = ""
    filters: ProfileFilter = ProfileFilter()
    sort: SortOrder | None = None
    inactive_days: int | None = None

    def criteria(self, now: datetime) -> SearchCriteria:
        text = TextQuery.parse(self.q)
        sort = self.sort.sort if self.sort is not None else BEST_FIRST
        if sort.key is SortKey.RELEVANCE:
            sort = BEST_FIRST if text else BY_LAST_ACTIVITY
        filters = self.filters
        if self.inactive_days is not None:
            cutoff = now - timedelta(days=self.inactive_days)
            before = min(cutoff, filters.last_active_before) if filters.last_active_before else cutoff
            filters = replace(filters, last_active_before=before, never_active_counts=True)
        return SearchCriteria(self.q, filters, sort)
