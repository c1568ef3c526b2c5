"""Loads validation learners (seed_data.py) with their activity, enrolments and hidden propensities, then rebuilds
the rollups of the days they touch. PostgreSQL takes COPY; SQLite batched inserts."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from adapters.orm.accounts import models as am
from adapters.orm.accounts.seed_data import Generator
from domain.accounts.model import completion_rate

from . import models as m
from .seed_data import COURSES, CohortLearner, learners


@dataclass
class CohortReport:
    learners: int = 0
    activities: int = 0
    dropped_out: int = 0
    seconds: float = 0.0


def seed_cohort(n: int, seed_value: int, now: datetime, span_days: int = 14) -> CohortReport:
    started = time.monotonic()
    report = CohortReport()
    for code, title in COURSES:
        am.Course.objects.get_or_create(code=code, defaults={"title": title})
    course_ids = dict(am.Course.objects.filter(code__in=[c for c, _ in COURSES]).values_list("code", "id"))
    User = get_user_model()
    first_id = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    offset = am.UserProfile.objects.count()
    names = Generator(seed_value + 101, now, 0)
    with transaction.atomic():
        users: list[tuple[object, ...]] = []
        profiles: list[tuple[int, dict[str, object]]] = []
        enrollments: list[tuple[object, ...]] = []
        truth: list[m.SeededPropensity] = []
        activity: list[tuple[int, str, str, datetime]] = []
        for x in learners(n, seed_value, now, span_days):
            uid = first_id + x.index
            person = names.person(uid, offset + x.index + 1, [])
            person.row = (*person.row[:-1], x.joined)
            status = "completed" if x.completed_at else ("dropped" if x.dropout_week else "in_progress")
            profile = person.profile | {
                "account_status": "active",
                "status_reason": "",
                "platform_role": "learner",
                "risk_score": 0.0,
                "date_joined": x.joined,
                "last_activity": x.last_activity,
                "enrollment_count": 1,
                "completed_count": int(bool(x.completed_at)),
                "completion_rate": completion_rate(int(bool(x.completed_at)), 1),
                "total_learning_time": x.time_spent,
            }
            users.append(person.row)
            profiles.append((uid, profile))
            enrollments.append(
                (
                    uid,
                    course_ids[x.course],
                    status,
                    x.progress,
                    x.time_spent,
                    x.rows[0][2],
                    x.completed_at,
                    x.last_activity,
                )
            )
            truth.append(
                m.SeededPropensity(user_id=uid, propensity=round(x.propensity, 4), dropout_week=x.dropout_week)
            )
            activity.extend((uid, kind, data, at) for kind, data, at in x.rows)
            report.dropped_out += x.dropout_week is not None
            _flush_if_big(users, profiles, enrollments, truth, activity, report)
        _write(users, profiles, enrollments, truth, activity, report)
    report.learners = n
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT setval(pg_get_serial_sequence('auth_user', 'id'), (SELECT MAX(id) FROM auth_user))")
    report.seconds = round(time.monotonic() - started, 1)
    return report


BIG = 50_000


def _flush_if_big(
    users: list[tuple[object, ...]],
    profiles: list[tuple[int, dict[str, object]]],
    enrollments: list[tuple[object, ...]],
    truth: list[m.SeededPropensity],
    activity: list[tuple[int, str, str, datetime]],
    report: CohortReport,
) -> None:
    if len(users) >= BIG:
        _write(users, profiles, enrollments, truth, activity, report)


def _write(
    users: list[tuple[object, ...]],
    profiles: list[tuple[int, dict[str, object]]],
    enrollments: list[tuple[object, ...]],
    truth: list[m.SeededPropensity],
    activity: list[tuple[int, str, str, datetime]],
    report: CohortReport,
) -> None:
    if not users:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            pg = c.cursor
            with pg.copy(
                "COPY auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, "
                "is_staff, is_active, date_joined) FROM STDIN"
            ) as copy:
                for row in users:
                    copy.write_row(row)
            cols = list(profiles[0][1])
            with pg.copy(f"COPY accounts_userprofile (user_id, {', '.join(cols)}) FROM STDIN") as copy:
                for uid, prof in profiles:
                    copy.write_row((uid, *prof.values()))
            with pg.copy(
                "COPY accounts_enrollment (user_id, course_id, status, progress, time_spent, enrolled_at, "
                "completed_at, last_accessed_at) FROM STDIN"
            ) as copy:
                for row in enrollments:
                    copy.write_row(row)
            with pg.copy(
                "COPY accounts_useractivitylog (user_id, activity_type, activity_data, ip_address, user_agent, "
                "timestamp, session_id) FROM STDIN"
            ) as copy:
                lines = [
                    f"{u}\t{k}\t{d}\t203.0.113.9\tLearnApp/4.2\t{t.isoformat()}\tv{u}\n" for u, k, d, t in activity
                ]
                copy.write("".join(lines))
    else:
        fields = [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
        ]
        User = get_user_model()
        User.objects.bulk_create([User(**dict(zip(fields, row, strict=True))) for row in users], batch_size=500)
        am.UserProfile.objects.bulk_create([am.UserProfile(user_id=u, **p) for u, p in profiles], batch_size=500)
        ecols = [
            "user_id",
            "course_id",
            "status",
            "progress",
            "time_spent",
            "enrolled_at",
            "completed_at",
            "last_accessed_at",
        ]
        am.Enrollment.objects.bulk_create([am.Enrollment(**dict(zip(ecols, e, strict=True))) for e in enrollments])
        am.UserActivityLog.objects.bulk_create(
            [
                am.UserActivityLog(
                    user_id=u,
                    activity_type=k,
                    activity_data=json.loads(d),
                    timestamp=t,
                    session_id=f"v{u}",
                    ip_address="203.0.113.9",
                    user_agent="LearnApp/4.2",
                )
                for u, k, d, t in activity
            ],
            batch_size=1000,
        )
    m.SeededPropensity.objects.bulk_create(truth, batch_size=1000)
    report.activities += len(activity)
    for lst in (users, profiles, enrollments, truth, activity):
        lst.clear()


__all__ = ["CohortLearner", "seed_cohort"]
