from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from domain.shared.pagination import Page, PageRequest

from .ingestion import ActivityItem, LearningItem
from .learning import Course, Enrollment
from .model import AccountStatus, PlatformRole, Profile, SupportPriority
from .queries import ActivityEntry, ActivityFilter, ProfileDetail, SearchResult
from .search import SearchCriteria


@dataclass(frozen=True)
class NewLearner:
    username: str
    email: str
    first_name: str
    last_name: str
    account_status: AccountStatus
    platform_role: PlatformRole
    support_priority: SupportPriority
    marketing_consent: bool
    data_consent_date: datetime | None

    def trimmed(self) -> NewLearner:
        """Names and the e-mail without the spaces a form leaves around them."""
        return replace(
            self,
            username=self.username.strip(),
            email=self.email.strip(),
            first_name=self.first_name.strip(),
            last_name=self.last_name.strip(),
        )


class ProfileRepository(Protocol):
    def get_for_update(self, user_id: int) -> Profile | None: ...

    def save(self, profile: Profile) -> None:
        """Store the profile and its new status changes; keep the login account's is_active in step."""
        ...

    def create(self, new: NewLearner, at: datetime) -> Profile: ...

    def taken(self, username: str, email: str) -> list[str]:
        """Which of username / email already belong to someone (case-insensitive)."""
        ...


class ProfileQueries(Protocol):
    def search(self, criteria: SearchCriteria, page: PageRequest) -> SearchResult: ...

    def detail(self, user_id: int) -> ProfileDetail | None: ...

    def activity(self, user_id: int, flt: ActivityFilter, page: PageRequest) -> Page[ActivityEntry]: ...

    def exists(self, user_id: int) -> bool: ...

    def course_list(self, prefix: str, page: PageRequest) -> Page[Course]:
        """Courses by code, A-Z (COURSES_CURSOR; a foreign cursor is `invalid_cursor`); a non-empty `prefix` keeps
        those whose code or title starts with it, ignoring case."""
        ...


class IngestionStore(Protocol):
    def seen_event_ids(self, event_ids: Iterable[str]) -> set[str]: ...

    def known_users(self, user_ids: Iterable[int]) -> set[int]: ...

    def courses(self, codes: Iterable[str], create: dict[str, str]) -> dict[str, Course]:
        """Courses by code; codes in `create` (code -> title) that do not exist yet are created."""
        ...

    def enrollments_for_update(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Enrollment]: ...

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]: ...

    def write(
        self,
        activities: Sequence[ActivityItem | LearningItem],
        enrollments: Sequence[Enrollment],
        profiles: Sequence[Profile],
    ) -> None:
        """Store activity rows, upsert enrollments, and store the profiles' new aggregates, in the caller's
        transaction (security.* items are handed to SecurityReports as well)."""
        ...


class ActivityObserver(Protocol):
    def record(self, stored: Sequence[tuple[int, datetime, str, Mapping[str, Any]]]) -> None:
        """Items just stored by ingestion, as (user id, time, activity type, activity data), inside its unit of
        work (learner analytics keeps its rollups with them)."""
        ...


class AccessRevoker(Protocol):
    def revoke_all_access(self, user_id: int) -> int:
        """End every token and session of the person."""
        ...


class SecurityReports(Protocol):
    def record_reported(self, items: Sequence[ActivityItem]) -> None:
        """Store the security.* items platform services pushed as security events (with the security module's
        alerts), in the caller's unit of work."""
        ...
