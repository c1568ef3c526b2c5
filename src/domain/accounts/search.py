"""The rules of the learner search, in one place: how `q` is read, how matches are ranked, which order a
search takes, and what `inactive_days` means. The in-memory fake runs them as they are (`simple_search`);
the Django adapter turns the same decisions into SQL, and the contract suite holds the two together."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from domain.shared.pagination import Cursor

from .learning import EnrollmentStatus
from .model import AccountStatus, PlatformRole, SupportPriority
from .queries import ProfileSummary

MIN_FRAGMENT = 3  # shorter terms cannot use a trigram index: they match the start of a word only
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # never-active people sort (and count as last seen) here


class Tier(IntEnum):
    """How well a person matches a term, best last: relevance sorts by tier, then by last activity."""

    INSIDE = 0  # the term is somewhere in the search text
    WORD = 1  # a word (username, e-mail, first or last name) starts with the term
    EXACT = 2  # the term is the username or the e-mail


# which of a person's keys each tier looks at; the adapters name their columns after these
EXACT_KEYS = ("username", "email")
WORD_KEYS = ("username", "email", "first", "last")


@dataclass(frozen=True)
class SearchKeys:
    """What a search sees of a person: lower-case keys and the text fragments are looked for in."""

    username: str
    email: str
    first: str
    last: str

    @staticmethod
    def of(username: str, email: str, first_name: str, last_name: str) -> SearchKeys:
        return SearchKeys(username.lower(), email.lower(), first_name.lower(), last_name.lower())

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
    """`q` as the search reads it: trimmed and lower-case; under three characters a word prefix, else a
    fragment found anywhere in the search text."""

    term: str = ""

    @staticmethod
    def parse(q: str) -> TextQuery:
        return TextQuery(q.strip().lower())

    def __bool__(self) -> bool:
        return bool(self.term)

    @property
    def prefix_only(self) -> bool:
        return 0 < len(self.term) < MIN_FRAGMENT

    @property
    def fragment(self) -> bool:
        return len(self.term) >= MIN_FRAGMENT

    def matches(self, keys: SearchKeys) -> bool:
        if self.prefix_only:
            return any(keys.key(k).startswith(self.term) for k in WORD_KEYS)
        return self.term in keys.text

    def tier(self, keys: SearchKeys) -> Tier:
        if self.term and any(keys.key(k) == self.term for k in EXACT_KEYS):
            return Tier.EXACT
        if self.term and any(keys.key(k).startswith(self.term) for k in WORD_KEYS):
            return Tier.WORD
        return Tier.INSIDE


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
            return (int(text.tier(SearchKeys.of_summary(s))), seen, s.id)
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
