"""Read models of the accounts read side (frozen, never ORM objects); the search's rules are in search.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.shared.pagination import Cursor

from .learning import EnrollmentStatus
from .matching import Match
from .model import AccountStatus, PlatformRole, Severity, SupportPriority
from .timeline import describe

EXACT_TOTAL_LIMIT = 10_000  # a search's total is exact up to here, an estimate past it
ACTIVITY_CURSOR = Cursor("activity", (datetime, int))  # newest first: (timestamp, id)


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
    match: Match | None = None  # how a text search matched the person (set by the service)


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

    @property
    def description(self) -> str:
        """The activity in words, for a timeline."""
        return describe(self.activity_type, self.activity_data, self.user_agent)


@dataclass(frozen=True)
class SecurityEventView:
    id: int
    event_type: str
    severity: Severity
    description: str
    ip_address: str | None
    timestamp: datetime
    resolved: bool


# how much of each list a 360° profile holds, newest first (the activity page has the rest of the activity)
DETAIL_ENROLLMENTS = 200  # most recently accessed first, never accessed last
DETAIL_HISTORY = 50
DETAIL_ACTIVITY = 20
DETAIL_SECURITY = 20


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
    allowed_transitions: tuple[AccountStatus, ...] = ()  # for the reader: set by the service, not the store


@dataclass(frozen=True)
class ActivityFilter:
    types: frozenset[str] = frozenset()
    since: datetime | None = None
    until: datetime | None = None
    session_id: str | None = None
