"""Write side of accounts: profiles with their status history, and batched ingestion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from domain.accounts.ingestion import ActivityItem, LearningItem
from domain.accounts.learning import Course, Enrollment, EnrollmentStatus
from domain.accounts.model import AccountStatus, PlatformRole, Profile, SupportPriority
from domain.accounts.ports import NewLearner

from . import models as m
from .signals import search_keys

User = get_user_model()
PROFILE_FIELDS = [
    "account_status",
    "status_reason",
    "support_priority",
    "platform_role",
    "risk_score",
    "last_activity",
    "data_consent_date",
    "marketing_consent",
    "data_retention_date",
    "enrollment_count",
    "completed_count",
    "completion_rate",
    "total_learning_time",
]


def to_profile(row: m.UserProfile) -> Profile:
    return Profile(
        user_id=row.user_id,
        account_status=AccountStatus(row.account_status),
        status_reason=row.status_reason,
        support_priority=SupportPriority(row.support_priority),
        platform_role=PlatformRole(row.platform_role),
        risk_score=row.risk_score,
        last_activity=row.last_activity,
        data_consent_date=row.data_consent_date,
        marketing_consent=row.marketing_consent,
        data_retention_date=row.data_retention_date,
        enrollment_count=row.enrollment_count,
        completed_count=row.completed_count,
        total_learning_time=row.total_learning_time,
    )


def profile_values(p: Profile) -> dict[str, object]:
    return {
        "account_status": p.account_status.value,
        "status_reason": p.status_reason,
        "support_priority": p.support_priority.value,
        "platform_role": p.platform_role.value,
        "risk_score": p.risk_score,
        "last_activity": p.last_activity,
        "data_consent_date": p.data_consent_date,
        "marketing_consent": p.marketing_consent,
        "data_retention_date": p.data_retention_date,
        "enrollment_count": p.enrollment_count,
        "completed_count": p.completed_count,
        "completion_rate": p.completion_rate,
        "total_learning_time": p.total_learning_time,
    }


class DjangoProfileRepository:
    def get_for_update(self, user_id: int) -> Profile | None:
        row = m.UserProfile.objects.select_for_update().filter(user_id=user_id).first()
        return to_profile(row) if row else None

    def save(self, profile: Profile) -> None:
        m.UserProfile.objects.filter(user_id=profile.user_id).update(**profile_values(profile))
        User.objects.filter(pk=profile.user_id).update(is_active=profile.account_status is AccountStatus.ACTIVE)
        m.StatusChange.objects.bulk_create(
            m.StatusChange(
                user_id=c.user_id,
                from_status=c.from_status.value,
                to_status=c.to_status.value,
                reason=c.reason,
                actor_id=c.actor_id,
                at=c.at,
            )
            for c in profile.changes
        )
        profile.changes.clear()

    def create(self, new: NewLearner, at: datetime) -> Profile:
        user = User.objects.create_user(
            username=new.username,
            email=new.email,
            password=None,
            first_name=new.first_name,
            last_name=new.last_name,
            is_active=new.account_status is AccountStatus.ACTIVE,
            date_joined=at,
        )
        profile = Profile(
            user_id=user.pk,
            account_status=new.account_status,
            support_priority=new.support_priority,
            platform_role=new.platform_role,
            marketing_consent=new.marketing_consent,
            data_consent_date=new.data_consent_date,
        )
        m.UserProfile.objects.create(user_id=user.pk, date_joined=at, **profile_values(profile), **search_keys(user))
        return profile

    def taken(self, username: str, email: str) -> list[str]:
        found = User.objects.annotate(u=Lower("username"), e=Lower("email")).filter(
            Q(u=username.lower()) | Q(e=email.lower())
        )
        names = {u.lower() for u in found.values_list("username", flat=True)}
        emails = {e.lower() for e in found.values_list("email", flat=True)}
        return [f for f, hit in (("username", username.lower() in names), ("email", email.lower() in emails)) if hit]


class DjangoIngestionStore:
    def seen_event_ids(self, event_ids: Iterable[str]) -> set[str]:
        ids = list(event_ids)
        if not ids:
            return set()
        found = m.UserActivityLog.objects.filter(event_id__in=ids).values_list("event_id", flat=True)
        return {e for e in found if e}

    def known_users(self, user_ids: Iterable[int]) -> set[int]:
        return set(m.UserProfile.objects.filter(user_id__in=list(user_ids)).values_list("user_id", flat=True))

    def courses(self, codes: Iterable[str], create: dict[str, str]) -> dict[str, Course]:
        codes = set(codes)
        if not codes:
            return {}
        rows = {c.code: c for c in m.Course.objects.filter(code__in=codes)}
        missing = [m.Course(code=c, title=t) for c, t in create.items() if c in codes and c not in rows]
        if missing:
            m.Course.objects.bulk_create(missing, ignore_conflicts=True)
            rows = {c.code: c for c in m.Course.objects.filter(code__in=codes)}
        return {code: Course(r.pk, r.code, r.title) for code, r in rows.items()}

    def enrollments_for_update(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Enrollment]:
        pairs = set(pairs)
        if not pairs:
            return {}
        cond = Q()
        for user_id, course_id in pairs:
            cond |= Q(user_id=user_id, course_id=course_id)
        rows = m.Enrollment.objects.select_for_update().filter(cond).order_by("id")
        return {
            (r.user_id, r.course_id): Enrollment(
                r.user_id,
                r.course_id,
                EnrollmentStatus(r.status),
                r.progress,
                r.time_spent,
                r.enrolled_at,
                r.completed_at,
                r.last_accessed_at,
                id=r.pk,
            )
            for r in rows
        }

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]:
        rows = m.UserProfile.objects.select_for_update().filter(user_id__in=sorted(set(user_ids))).order_by("user_id")
        return {r.user_id: to_profile(r) for r in rows}

    def write(
        self,
        activities: Sequence[ActivityItem | LearningItem],
        enrollments: Sequence[Enrollment],
        profiles: Sequence[Profile],
    ) -> None:
        m.UserActivityLog.objects.bulk_create([_activity_row(a) for a in activities], batch_size=500)
        new = [e for e in enrollments if e.is_new]
        m.Enrollment.objects.bulk_create([m.Enrollment(**_enrollment_values(e)) for e in new], batch_size=500)
        changed = [m.Enrollment(pk=e.id, **_enrollment_values(e)) for e in enrollments if not e.is_new]
        m.Enrollment.objects.bulk_update(
            changed, ["status", "progress", "time_spent", "completed_at", "last_accessed_at"], batch_size=500
        )
        rows = [m.UserProfile(user_id=p.user_id, **profile_values(p)) for p in profiles]
        m.UserProfile.objects.bulk_update(rows, PROFILE_FIELDS, batch_size=500)


def _activity_row(a: ActivityItem | LearningItem) -> m.UserActivityLog:
    c = a.common
    return m.UserActivityLog(
        user_id=c.user_id,
        activity_type=a.activity_type,
        activity_data=dict(a.activity_data),
        ip_address=c.ip_address,
        user_agent=c.user_agent,
        timestamp=c.timestamp,
        session_id=c.session_id,
        event_id=c.event_id,
    )


def _enrollment_values(e: Enrollment) -> dict[str, object]:
    return {
        "user_id": e.user_id,
        "course_id": e.course_id,
        "status": e.status.value,
        "progress": e.progress,
        "time_spent": e.time_spent,
        "enrolled_at": e.enrolled_at,
        "completed_at": e.completed_at,
        "last_accessed_at": e.last_accessed_at,
    }
