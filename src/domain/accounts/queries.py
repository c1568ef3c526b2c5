"""Read models and search criteria for the accounts read side (frozen, never ORM objects)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.shared.pagination import Cursor

from .learning import EnrollmentStatus
from .model import AccountStatus, PlatformRole, SupportPriority

EXACT_TOTAL_LIMIT = 10_000


class SortKey(StrEnum):
    RELEVANCE = "relevance"
    LAST_ACTIVITY = "last_activity"
    DATE_JOINED = "date_joined"
    RISK_SCORE = "risk_score"
    NAME = "name"


# what a search cursor carries per sort: (rank, last activity, id) for relevance, (last name, first name, id)
# for name, else (value, id); never-active people sort with last activity at the epoch
SORT_FIELDS: dict[SortKey, tuple[type, ...]] = {
    SortKey.RELEVANCE: (int, datetime, int),
    SortKey.LAST_ACTIVITY: (datetime, int),
    SortKey.DATE_JOINED: (datetime, int),
    SortKey.RISK_SCORE: (float, int),
    SortKey.NAME: (str, str, int),
}
ACTIVITY_CURSOR = Cursor("activity", (datetime, int))  # newest first: (timestamp, id)


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


@dataclass(frozen=True)
class SearchCriteria:
    q: str = ""
    statuses: frozenset[AccountStatus] = frozenset()
    platform_role: PlatformRole | None = None
    support_priority: SupportPriority | None = None
    enrollment_status: EnrollmentStatus | None = None
    course: str | None = None
    last_active_after: datetime | None = None
    last_active_before: datetime | None = None
    never_active_counts: bool = False  # set by inactive_days: never-active people are inactive too
    risk_min: float | None = None
    risk_max: float | None = None
    completion_min: float | None = None
    completion_max: float | None = None
    joined_after: datetime | None = None
    joined_before: datetime | None = None
    sort: Sort = field(default_factory=lambda: Sort(SortKey.LAST_ACTIVITY, True))


@dataclass(frozen=True)
class ProfileSummary:
    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    account_status: AccountStatus
    last_activity: datetime | None
    risk_score: float
    support_priority: SupportPriority
    platform_role: PlatformRole
    date_joined: datetime
    enrollment_count: int
    completion_rate: float


@dataclass(frozen=True)
class SearchResult:
    items: Sequence[ProfileSummary]
    next_cursor: str | None
    total: int
    total_is_estimate: bool


@dataclass(frozen=True)
class EnrollmentView:
    course_id: int
    course_code: str
    course_title: str
    status: EnrollmentStatus
    progress: int
    time_spent: int
    enrolled_at: datetime
    completed_at: datetime | None
    last_accessed_at: datetime | None


@dataclass(frozen=True)
class StatusHistoryEntry:
    from_status: AccountStatus
    to_status: AccountStatus
    reason: str
    actor_id: int | None
    at: datetime


@dataclass(frozen=True)
class ActivityEntry:
    id: int
    activity_type: str
    activity_data: Mapping[str, Any]
    ip_address: str | None
    user_agent: str
    timestamp: datetime
    session_id: str


@dataclass(frozen=True)
class SecurityEventView:
    id: int
    event_type: str
    severity: str
    description: str
    ip_address: str | None
    timestamp: datetime
    resolved: bool


@dataclass(frozen=True)
class ProfileDetail:
    summary: ProfileSummary
    status_reason: str
    total_learning_time: int
    data_consent_date: datetime | None
    marketing_consent: bool
    data_retention_date: datetime | None
    enrollments: Sequence[EnrollmentView]
    status_history: Sequence[StatusHistoryEntry]
    recent_activity: Sequence[ActivityEntry]
    security_events: Sequence[SecurityEventView]


@dataclass(frozen=True)
class ActivityFilter:
    types: frozenset[str] = frozenset()
    since: datetime | None = None
    until: datetime | None = None
    session_id: str | None = None
