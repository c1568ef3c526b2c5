"""Deterministic demo and benchmark data (seed_data.py makes it). PostgreSQL loads with COPY and builds the heavy
indexes after the load; SQLite takes batched inserts."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from . import models as m
from .seed_data import HEAVY_ACTIVITIES, Generator, Person


@dataclass
class SeedReport:
    users: int = 0
    courses: int = 0
    enrollments: int = 0
    activities: int = 0
    seconds: float = 0.0
    heavy_user_id: int | None = None
    notes: list[str] = field(default_factory=list)


def seed(users: int, activities_per_user: int, seed_value: int, now: datetime) -> SeedReport:
    """`now` comes from the caller's Clock: the data is laid out backwards from it."""
    started = time.monotonic()
    gen = Generator(seed_value, now, activities_per_user)
    report = SeedReport()
    existing_courses = m.Course.objects.count()
    new_courses = [m.Course(code=c, title=t) for c, t in gen.courses(existing_courses)]
    m.Course.objects.bulk_create(new_courses, ignore_conflicts=True)
    courses = list(m.Course.objects.order_by("id").values_list("id", "code")[:200])
    course_ids = [course_id for course_id, _ in courses]
    gen.codes = dict(courses)
    report.courses = len(new_courses)
    User = get_user_model()
    first_id = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    offset = m.UserProfile.objects.count()
    load = _copy_load if connection.vendor == "postgresql" else _orm_load
    with transaction.atomic():
        load(gen, users, first_id, offset, course_ids, report)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT setval(pg_get_serial_sequence('auth_user', 'id'), (SELECT MAX(id) FROM auth_user))")
            # VACUUM too when it can run (not inside a transaction): a COPY-loaded table has no
            # visibility map, which slows every index-only scan until autovacuum gets to it
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in (
                "auth_user",
                "accounts_userprofile",
                "accounts_enrollment",
                "accounts_useractivitylog",
                "accounts_course",
            ):
                c.execute(f"{verb} {table}")
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _people(gen: Generator, users: int, first_id: int, offset: int, course_ids: list[int]) -> Iterator[Person]:
    for i in range(users):
        p = gen.person(first_id + i, offset + i + 1, course_ids)
        if i == 0 and gen.per_user and users >= 1000:  # one heavy user for the profile benchmark
            # its learning events count in: HEAVY_ACTIVITIES rows in all
            p.activity_count, p.active_until = HEAVY_ACTIVITIES - len(p.learning), gen.now - timedelta(hours=1)
        yield p


def _copy_load(
    gen: Generator, users: int, first_id: int, offset: int, course_ids: list[int], report: SeedReport
) -> None:
    heavy = ["activity_user_time", "activity_type", "profile_search_trgm"]
    with connection.cursor() as c:
        c.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [heavy])
        definitions = c.fetchall()
        for name, _ in definitions:
            c.execute(f'DROP INDEX IF EXISTS "{name}"')
        pg = c.cursor
        last_seen: dict[int, datetime] = {}
        people: list[Person] = []
        with pg.copy(
            "COPY accounts_useractivitylog (user_id, activity_type, activity_data, ip_address, user_agent, "
            "timestamp, session_id) FROM STDIN"
        ) as copy:
            lines: list[str] = []
            for p in _people(gen, users, first_id, offset, course_ids):
                people.append(p)
                # COPY's text format written by hand (no value here holds a tab, newline or backslash):
                # psycopg's per-value adaptation cost as much as generating the rows
                for uid, kind, data, ip, agent, ts, session in gen.activities(p, p.activity_count):
                    lines.append(f"{uid}\t{kind}\t{data}\t{ip}\t{agent}\t{ts.isoformat()}\t{session}\n")
                if len(lines) >= 20_000:
                    copy.write("".join(lines))
                    report.activities += len(lines)
                    lines.clear()
                if p.activity_count:
                    last_seen[p.id] = p.active_until
            copy.write("".join(lines))
            report.activities += len(lines)
        _copy_people(pg, people, last_seen, report)
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the deferred foreign keys before indexing
        for _, definition in definitions:
            c.execute(definition)


def _copy_people(pg: Any, people: list[Person], last_seen: dict[int, datetime], report: SeedReport) -> None:
    cols = list(people[0].profile) if people else []
    with pg.copy(
        "COPY auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, "
        "is_staff, is_active, date_joined) FROM STDIN"
    ) as copy:
        for p in people:
            copy.write_row(p.row)
    with pg.copy(f"COPY accounts_userprofile (user_id, {', '.join(cols)}) FROM STDIN") as copy:
        for p in people:
            p.profile["last_activity"] = last_seen.get(p.id)
            copy.write_row((p.id, *p.profile.values()))
    with pg.copy(
        "COPY accounts_enrollment (user_id, course_id, status, progress, time_spent, enrolled_at, completed_at, "
        "last_accessed_at) FROM STDIN"
    ) as copy:
        for p in people:
            for row in p.enrollments:
                copy.write_row(row)
                report.enrollments += 1
    report.users = len(people)
    report.heavy_user_id = people[0].id if people and people[0].activity_count == HEAVY_ACTIVITIES else None


def _orm_load(
    gen: Generator, users: int, first_id: int, offset: int, course_ids: list[int], report: SeedReport
) -> None:
    User = get_user_model()
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
    people = list(_people(gen, users, first_id, offset, course_ids))
    User.objects.bulk_create([User(**dict(zip(fields, p.row, strict=True))) for p in people], batch_size=500)
    activities = []
    for p in people:
        for row in gen.activities(p, p.activity_count):
            uid, kind, data, ip, ua, ts, session = row
            activities.append(
                m.UserActivityLog(
                    user_id=uid,
                    activity_type=kind,
                    activity_data=json.loads(data),
                    ip_address=ip,
                    user_agent=ua,
                    timestamp=ts,
                    session_id=session,
                )
            )
        if p.activity_count:
            p.profile["last_activity"] = p.active_until
    m.UserActivityLog.objects.bulk_create(activities, batch_size=1000)
    m.UserProfile.objects.bulk_create([m.UserProfile(user_id=p.id, **p.profile) for p in people], batch_size=500)
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
    rows = [m.Enrollment(**dict(zip(ecols, e, strict=True))) for p in people for e in p.enrollments]
    m.Enrollment.objects.bulk_create(rows, batch_size=1000)
    report.users, report.activities, report.enrollments = len(people), len(activities), len(rows)
    report.heavy_user_id = people[0].id if people and people[0].activity_count == HEAVY_ACTIVITIES else None


class DjangoSeeder:
    def seed(self, users: int, activities_per_user: int, seed_value: int, now: datetime) -> SeedReport:
        return seed(users, activities_per_user, seed_value, now)

    def has_learners(self) -> bool:
        return m.UserProfile.objects.exists()

    def seed_cohort(self, learners: int, seed_value: int, now: datetime, span_days: int = 14) -> Any:
        from adapters.orm.analytics.seed import seed_cohort

        return seed_cohort(learners, seed_value, now, span_days)

    def seed_tickets(self, tickets: int, updates_per_ticket: int, seed_value: int, now: datetime) -> Any:
        from adapters.orm.tickets.seed import seed_tickets

        return seed_tickets(tickets, updates_per_ticket, seed_value, now)
