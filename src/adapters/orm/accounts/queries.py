"""Read side of accounts: the search (search.py), a person's 360° profile and activity pages."""

from __future__ import annotations

from django.db.models import F, Q

from domain.accounts.learning import COURSES_CURSOR, Course, EnrollmentStatus
from domain.accounts.model import AccountStatus, Severity
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
    SearchResult,
    SecurityEventView,
    StatusHistoryEntry,
)
from domain.accounts.search import SearchCriteria
from domain.shared.pagination import Page, PageRequest, page_from_rows

from ..security.models import UserSecurityEvent
from . import models as m
from .search import keyset_after, search_profiles, summary


class DjangoProfileQueries:
    def search(self, criteria: SearchCriteria, page: PageRequest) -> SearchResult:
        return search_profiles(criteria, page)

    def exists(self, user_id: int) -> bool:
        return m.UserProfile.objects.filter(user_id=user_id).exists()

    def course_list(self, prefix: str, page: PageRequest) -> Page[Course]:
        after = page.after(COURSES_CURSOR)
        rows = m.Course.objects.order_by("code")
        if prefix:
            rows = rows.filter(Q(code__istartswith=prefix) | Q(title__istartswith=prefix))
        if after is not None:
            rows = rows.filter(code__gt=after[0])
        found = [Course(r.pk, r.code, r.title) for r in rows[: page.limit + 1]]
        return page_from_rows(found, page, COURSES_CURSOR, lambda c: (c.code,))

    def detail(self, user_id: int) -> ProfileDetail | None:
        row = m.UserProfile.objects.select_related("user").filter(user_id=user_id).first()
        if row is None:
            return None
        enrollments = m.Enrollment.objects.filter(user_id=user_id).select_related("course")
        history = m.StatusChange.objects.filter(user_id=user_id).order_by("-at", "-id")[:DETAIL_HISTORY]
        activity = m.UserActivityLog.objects.filter(user_id=user_id).order_by("-timestamp", "-id")[:DETAIL_ACTIVITY]
        security = UserSecurityEvent.objects.filter(user_id=user_id).order_by("-timestamp", "-id")[:DETAIL_SECURITY]
        return ProfileDetail(
            summary=summary(row, row.user),
            status_reason=row.status_reason,
            total_learning_time=row.total_learning_time,
            data_consent_date=row.data_consent_date,
            marketing_consent=row.marketing_consent,
            data_retention_date=row.data_retention_date,
            enrollments=[
                EnrollmentView(
                    e.course_id,
                    e.course.code,
                    e.course.title,
                    EnrollmentStatus(e.status),
                    e.progress,
                    e.time_spent,
                    e.enrolled_at,
                    e.completed_at,
                    e.last_accessed_at,
                )
                for e in enrollments.order_by(F("last_accessed_at").desc(nulls_last=True), "-id")[:DETAIL_ENROLLMENTS]
            ],
            status_history=[
                StatusHistoryEntry(AccountStatus(h.from_status), AccountStatus(h.to_status), h.reason, h.actor_id, h.at)
                for h in history
            ],
            recent_activity=[activity_entry(a) for a in activity],
            security_events=[
                SecurityEventView(
                    s.pk, s.event_type, Severity(s.severity), s.description, s.ip_address, s.timestamp, s.resolved
                )
                for s in security
            ],
        )

    def activity(self, user_id: int, flt: ActivityFilter, page: PageRequest) -> Page[ActivityEntry]:
        qs = m.UserActivityLog.objects.filter(user_id=user_id)
        if flt.types:
            qs = qs.filter(activity_type__in=sorted(flt.types))
        if flt.since:
            qs = qs.filter(timestamp__gte=flt.since)
        if flt.until:
            qs = qs.filter(timestamp__lt=flt.until)
        if flt.session_id:
            qs = qs.filter(session_id=flt.session_id)
        position = page.after(ACTIVITY_CURSOR)
        if position is not None:
            qs = qs.filter(keyset_after(["timestamp", "id"], list(position), descending=True))
        rows = [activity_entry(a) for a in qs.order_by("-timestamp", "-id")[: page.limit + 1]]
        return page_from_rows(rows, page, ACTIVITY_CURSOR, lambda e: [e.timestamp, e.id])


def activity_entry(a: m.UserActivityLog) -> ActivityEntry:
    return ActivityEntry(a.pk, a.activity_type, a.activity_data, a.ip_address, a.user_agent, a.timestamp, a.session_id)
