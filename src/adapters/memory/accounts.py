"""In-memory accounts: profiles, people, learning records and activity. Storage only: the search is the
domain's `simple_search` over these rows (the contract tests hold it and the Django adapter together)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from domain.accounts.ingestion import ActivityItem, LearningItem
from domain.accounts.learning import COURSES_CURSOR, Course, Enrollment, EnrollmentStatus
from domain.accounts.model import AccountStatus, Profile
from domain.accounts.ports import NewLearner
from domain.accounts.queries import (
    ACTIVITY_CURSOR,
    DETAIL_ACTIVITY,
    DETAIL_ENROLLMENTS,
    DETAIL_HISTORY,
    DETAIL_SECURITY,
    ActivityEntry,
    ActivityFilter,
    EnrollmentView,
    ProfileDetail,
    ProfileSummary,
    SearchResult,
    SecurityEventView,
    StatusHistoryEntry,
)
from domain.accounts.search import EPOCH, SearchCriteria
from domain.accounts.simple_search import ProfileRow, simple_search
from domain.security.model import SecurityEvent
from domain.shared.pagination import Page, PageRequest, page_from_rows


@dataclass
class Person:
    username: str
    email: str
    first_name: str = ""
    last_name: str = ""
    date_joined: datetime = EPOCH
    is_active: bool = True


class SecurityEventsOf(Protocol):
    def of_user(self, user_id: int) -> list[SecurityEvent]: ...


class InMemoryAccounts:
    """ProfileRepository, ProfileQueries and IngestionStore over dictionaries. A profile's security events are
    read from the security module's store when one is given (the security module stores them)."""

    def __init__(self, security: SecurityEventsOf | None = None) -> None:
        self.people: dict[int, Person] = {}
        self.profiles: dict[int, Profile] = {}
        self.history: list[Any] = []
        self.courses_by_code: dict[str, Course] = {}
        self.enrollments: dict[tuple[int, int], Enrollment] = {}
        self.activities: list[ActivityEntry] = []
        self.activity_users: dict[int, int] = {}
        self.event_ids: set[str] = set()
        self.security = security
        self._ids = itertools.count(1000)
        self._enrollment_ids = itertools.count(1)

    # -- set-up helpers for tests ------------------------------------------------------------
    def add(self, person: Person, profile: Profile | None = None, user_id: int | None = None) -> Profile:
        uid = user_id or next(self._ids)
        self.people[uid] = person
        self.profiles[uid] = replace(profile, user_id=uid) if profile else Profile(user_id=uid)
        person.is_active = self.profiles[uid].account_status is AccountStatus.ACTIVE
        return self.profiles[uid]

    # -- ProfileRepository -------------------------------------------------------------------
    def get_for_update(self, user_id: int) -> Profile | None:
        p = self.profiles.get(user_id)
        return replace(p, changes=[]) if p else None

    def save(self, profile: Profile) -> None:
        self.history.extend(profile.changes)
        self.profiles[profile.user_id] = replace(profile, changes=[])
        self.people[profile.user_id].is_active = profile.account_status is AccountStatus.ACTIVE
        profile.changes.clear()

    def create(self, new: NewLearner, at: datetime) -> Profile:
        person = Person(new.username, new.email, new.first_name, new.last_name, at)
        profile = Profile(
            user_id=0,
            account_status=new.account_status,
            support_priority=new.support_priority,
            platform_role=new.platform_role,
            marketing_consent=new.marketing_consent,
            data_consent_date=new.data_consent_date,
        )
        return self.add(person, profile)

    def taken(self, username: str, email: str) -> list[str]:
        names = {p.username.lower() for p in self.people.values()}
        emails = {p.email.lower() for p in self.people.values()}
        return [f for f, hit in (("username", username.lower() in names), ("email", email.lower() in emails)) if hit]

    # -- ProfileQueries ----------------------------------------------------------------------
    def exists(self, user_id: int) -> bool:
        return user_id in self.profiles

    def search(self, criteria: SearchCriteria, page: PageRequest) -> SearchResult:
        codes = {c.id: c.code for c in self.courses_by_code.values()}
        enrolled: dict[int, list[tuple[str, EnrollmentStatus]]] = {}
        for (uid, course_id), e in self.enrollments.items():
            enrolled.setdefault(uid, []).append((codes[course_id], e.status))
        rows = (ProfileRow(self._summary(uid), tuple(enrolled.get(uid, ()))) for uid in self.profiles)
        return simple_search(rows, criteria, page)

    def _summary(self, uid: int) -> ProfileSummary:
        p, person = self.profiles[uid], self.people[uid]
        return ProfileSummary(
            uid,
            person.username,
            person.email,
            person.first_name,
            person.last_name,
            p.account_status,
            p.last_activity,
            p.risk_score,
            p.support_priority,
            p.platform_role,
            person.date_joined,
            p.enrollment_count,
            p.completion_rate,
        )

    def detail(self, user_id: int) -> ProfileDetail | None:
        p = self.profiles.get(user_id)
        if p is None:
            return None
        courses = {c.id: c for c in self.courses_by_code.values()}
        enrollments = [e for (u, _), e in self.enrollments.items() if u == user_id]
        enrollments.sort(key=lambda e: (e.last_accessed_at or EPOCH, e.id or 0), reverse=True)  # as Django's
        mine = [(h.at, i, h) for i, h in enumerate(self.history) if h.user_id == user_id]  # i: the row id
        history = [h for _, _, h in sorted(mine, key=lambda k: k[:2], reverse=True)[:DETAIL_HISTORY]]
        return ProfileDetail(
            summary=self._summary(user_id),
            status_reason=p.status_reason,
            total_learning_time=p.total_learning_time,
            data_consent_date=p.data_consent_date,
            marketing_consent=p.marketing_consent,
            data_retention_date=p.data_retention_date,
            enrollments=[
                EnrollmentView(
                    e.course_id,
                    courses[e.course_id].code,
                    courses[e.course_id].title,
                    e.status,
                    e.progress,
                    e.time_spent,
                    e.enrolled_at,
                    e.completed_at,
                    e.last_accessed_at,
                )
                for e in enrollments[:DETAIL_ENROLLMENTS]
            ],
            status_history=[
                StatusHistoryEntry(h.from_status, h.to_status, h.reason, h.actor_id, h.at) for h in history
            ],
            recent_activity=self._activity_of(user_id, ActivityFilter())[:DETAIL_ACTIVITY],
            security_events=[
                SecurityEventView(e.id, e.event_type, e.severity, e.description, e.ip, e.timestamp, e.resolved)
                for e in sorted(
                    self.security.of_user(user_id) if self.security else [],
                    key=lambda e: (e.timestamp, e.id),
                    reverse=True,
                )[:DETAIL_SECURITY]
            ],
        )

    def _activity_of(self, user_id: int, flt: ActivityFilter) -> list[ActivityEntry]:
        rows = [
            a
            for a in self.activities
            if self.activity_users[a.id] == user_id
            and (not flt.types or a.activity_type in flt.types)
            and (flt.since is None or a.timestamp >= flt.since)
            and (flt.until is None or a.timestamp < flt.until)
            and (flt.session_id is None or a.session_id == flt.session_id)
        ]
        return sorted(rows, key=lambda a: (a.timestamp, a.id), reverse=True)

    def activity(self, user_id: int, flt: ActivityFilter, page: PageRequest) -> Page[ActivityEntry]:
        rows = self._activity_of(user_id, flt)
        after = page.after(ACTIVITY_CURSOR)
        if after is not None:
            rows = [a for a in rows if (a.timestamp, a.id) < after]
        return page_from_rows(rows[: page.limit + 1], page, ACTIVITY_CURSOR, lambda e: [e.timestamp, e.id])

    # -- IngestionStore ----------------------------------------------------------------------
    def seen_event_ids(self, event_ids: Iterable[str]) -> set[str]:
        return set(event_ids) & self.event_ids

    def course_list(self, prefix: str, page: PageRequest) -> Page[Course]:
        after = page.after(COURSES_CURSOR)
        folded = prefix.casefold()
        rows = [
            c
            for c in sorted(self.courses_by_code.values(), key=lambda c: c.code)
            if (not folded or c.code.casefold().startswith(folded) or c.title.casefold().startswith(folded))
            and (after is None or c.code > after[0])
        ]
        return page_from_rows(rows[: page.limit + 1], page, COURSES_CURSOR, lambda c: (c.code,))

    def known_users(self, user_ids: Iterable[int]) -> set[int]:
        return set(user_ids) & set(self.profiles)

    def courses(self, codes: Iterable[str], create: dict[str, str]) -> dict[str, Course]:
        for code in codes:
            if code not in self.courses_by_code and code in create:
                self.courses_by_code[code] = Course(len(self.courses_by_code) + 1, code, create[code])
        return {c: self.courses_by_code[c] for c in codes if c in self.courses_by_code}

    def enrollments_for_update(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Enrollment]:
        return {p: replace(self.enrollments[p]) for p in pairs if p in self.enrollments}

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]:
        return {u: replace(self.profiles[u], changes=[]) for u in user_ids if u in self.profiles}

    def write(
        self,
        activities: Sequence[ActivityItem | LearningItem],
        enrollments: Sequence[Enrollment],
        profiles: Sequence[Profile],
    ) -> None:
        for item in activities:
            c = item.common
            entry_id = len(self.activities) + 1
            self.activities.append(
                ActivityEntry(
                    entry_id,
                    item.activity_type,
                    dict(item.activity_data),
                    c.ip_address,
                    c.user_agent,
                    c.timestamp,
                    c.session_id,
                )
            )
            self.activity_users[entry_id] = c.user_id
            if c.event_id:
                self.event_ids.add(c.event_id)
        for e in enrollments:  # a new enrollment gets its row id, as a database gives it
            row_id = e.id if e.id is not None else next(self._enrollment_ids)
            self.enrollments[(e.user_id, e.course_id)] = replace(e, is_new=False, id=row_id)
        for p in profiles:
            self.profiles[p.user_id] = replace(p, changes=[])
