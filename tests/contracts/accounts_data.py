"""One small data set, loaded into the in-memory fake or the Django adapter, for contract tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.memory.accounts import InMemoryAccounts, Person
from domain.accounts.learning import Course, Enrollment, EnrollmentStatus
from domain.accounts.model import AccountStatus, PlatformRole, Profile, SupportPriority
from tests.support.cursors import raw_cursor

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
# cursors no list issued: garbage, another list's, a right kind with wrong values, a made-up sort
NOT_ISSUED = [
    "%%%",
    "bm90IGpzb24",
    raw_cursor(["audit", 5]),
    raw_cursor(["profiles:-risk_score", "high", 5]),
    raw_cursor(["profiles:-relevance", 2, "2026-01-01T00:00:00+00:00", 2**70]),
    raw_cursor(["activity", "2026-01-01T00:00:00", 5]),
    raw_cursor(["profiles:shoe_size", 5]),
    "A" * 600,
]


@dataclass(frozen=True)
class Row:
    username: str
    email: str
    first: str
    last: str
    status: AccountStatus = AccountStatus.ACTIVE
    role: PlatformRole = PlatformRole.LEARNER
    priority: SupportPriority = SupportPriority.NORMAL
    risk: float = 10.0
    last_seen_days: int | None = 1
    joined_days: int = 300
    enrollments: tuple[tuple[str, EnrollmentStatus], ...] = ()


ROWS = [
    Row(
        "anna",
        "anna.berg@uni.example.edu",
        "Anna",
        "Berg",
        risk=80,
        last_seen_days=2,
        enrollments=(("PY-101", EnrollmentStatus.COMPLETED), ("JS-1", EnrollmentStatus.IN_PROGRESS)),
    ),
    Row(
        "bob_s",
        "bob@example.com",
        "Bob",
        "Svensson",
        AccountStatus.SUSPENDED,
        risk=55,
        last_seen_days=40,
        enrollments=(("PY-101", EnrollmentStatus.DROPPED),),
    ),
    Row(
        "carla",
        "c.annand@example.org",
        "Carla",
        "Annand",
        priority=SupportPriority.URGENT,
        risk=92,
        last_seen_days=None,
        joined_days=20,
    ),
    Row(
        "dmitri",
        "dmitri@example.com",
        "Dmitri",
        "Petrov",
        role=PlatformRole.INSTRUCTOR,
        risk=30,
        last_seen_days=200,
        enrollments=(("JS-1", EnrollmentStatus.COMPLETED),),
    ),
    Row(
        "eve",
        "eve@anna-corp.example",
        "Eve",
        "Zhang",
        AccountStatus.PENDING,
        risk=5,
        last_seen_days=10,
        joined_days=5,
        enrollments=(("PY-101", EnrollmentStatus.ENROLLED),),
    ),
    Row("annabel", "annabel@example.com", "Annabel", "Lee", risk=70, last_seen_days=95),
]


def profile_for(row: Row) -> Profile:
    done = sum(1 for _, s in row.enrollments if s is EnrollmentStatus.COMPLETED)
    return Profile(
        user_id=0,
        account_status=row.status,
        support_priority=row.priority,
        platform_role=row.role,
        risk_score=row.risk,
        last_activity=None if row.last_seen_days is None else NOW - timedelta(days=row.last_seen_days),
        enrollment_count=len(row.enrollments),
        completed_count=done,
    )


def load_memory(store: InMemoryAccounts) -> dict[str, int]:
    ids = {}
    for code in ("PY-101", "JS-1"):
        store.courses_by_code[code] = Course(len(store.courses_by_code) + 1, code, code)
    for row in ROWS:
        person = Person(row.username, row.email, row.first, row.last, NOW - timedelta(days=row.joined_days))
        uid = store.add(person, profile_for(row)).user_id
        ids[row.username] = uid
        for code, status in row.enrollments:
            cid = store.courses_by_code[code].id
            store.enrollments[(uid, cid)] = Enrollment(uid, cid, status, 50, 0, NOW - timedelta(days=30))
    return ids


def load_django() -> dict[str, int]:
    from django.contrib.auth.models import User

    from adapters.orm.accounts import models as m
    from adapters.orm.accounts.repository import profile_values
    from adapters.orm.accounts.signals import search_keys

    courses = {code: m.Course.objects.create(code=code, title=code) for code in ("PY-101", "JS-1")}
    ids = {}
    for row in ROWS:
        joined = NOW - timedelta(days=row.joined_days)
        user = User.objects.create_user(
            row.username, row.email, None, first_name=row.first, last_name=row.last, date_joined=joined
        )
        values: dict[str, Any] = profile_values(profile_for(row))
        m.UserProfile.objects.create(user=user, date_joined=joined, **values, **search_keys(user))
        ids[row.username] = user.pk
        for code, status in row.enrollments:
            m.Enrollment.objects.create(
                user=user, course=courses[code], status=status.value, progress=50, enrolled_at=NOW - timedelta(days=30)
            )
    return ids
