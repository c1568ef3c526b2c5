"""Deterministic people for the demo and benchmark data: names, courses, enrollments in every state, and
18 months of activity with a long tail of inactive people (seed.py loads them). Each enrollment of a person ever
active is also in the activity log as the learning events analytics reads (`course.enrolled`, `course.progress`,
`course.completed`, `course.dropped`), so journeys and course segments agree with the enrollments."""

from __future__ import annotations

import bisect
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.accounts.model import completion_rate
from domain.accounts.search import SearchKeys

from . import models as m

FIRST = (
    "Aaliyah Aaron Abigail Adam Adrian Aisha Alan Alba Alejandro Alex Alice Amara Amir Ana Andrea Andrew Anna Anton "
    "Arjun Astrid Ava Ben Bianca Boris Bruno Caleb Camila Carlos Carmen Charlotte Chen Chloe Chris Clara Daniel "
    "Dara David Diana Diego Dmitri Elena Eli Elif Elise Emeka Emil Emily Emma Eric Esther Ethan Eva Fatima Felix "
    "Fiona Francesca Freya Gabriel Grace Hana Hannah Hassan Helen Henry Hugo Ibrahim Ines Ingrid Isaac Isabel Ivan "
    "Jack Jade James Jana Javier Jin Joao John Jonas Jose Joseph Julia Kai Karim Kate Kenji Laila Lars Laura Leo "
    "Lena Liam Lina Lucas Lucia Luis Maja Malik Marco Maria Mark Marta Mateo Maya Mei Mia Mohammed Nadia Nina Noah "
    "Nora Olga Oliver Omar Oscar Paula Pedro Priya Rafael Rahul Rania Rosa Ruth Ryan Sara Sebastian Sofia Sophie "
    "Stefan Tara Thomas Tim Tomas Uma Valentina Victor Wei Yara Yusuf Zara Zoe"
).split()
LAST = (
    "Abbott Adeyemi Ahmed Ali Almeida Andersen Anderson Bauer Becker Bennett Berg Bianchi Brown Campbell Carter "
    "Chen Clarke Cohen Costa Cruz Dang Davies Diaz Dubois Edwards Evans Farouk Fernandez Fischer Fontaine Garcia "
    "Gomez Gonzalez Green Gupta Hall Hansen Harris Hoffmann Huang Hughes Ibrahim Ivanova Jackson Jensen Johansson "
    "Johnson Jones Kaur Kelly Khan Kim Klein Kowalski Kumar Larsen Lee Lewis Li Lindqvist Liu Lopez Martin Martinez "
    "Meyer Miller Moreau Morris Muller Murphy Nakamura Nguyen Nielsen Novak Okafor Olsen Ortiz Park Patel Perez "
    "Petrov Popescu Quinn Ramirez Reyes Richter Roberts Rodriguez Rossi Russo Sanchez Santos Sato Schmidt Schneider "
    "Shah Silva Singh Smith Sousa Suzuki Tanaka Taylor Thomas Thompson Torres Tran Turner Vasquez Wagner Walker "
    "Wang Watanabe Weber White Williams Wilson Wong Wright Wu Yamamoto Yang Young Zhang Zhou"
).split()
DOMAINS = ["example.com", "example.org", "mail.example.net", "uni.example.edu", "school.example.ac"]
SUBJECTS = (
    "Python Statistics Algebra Calculus Chemistry Biology Physics History Economics Marketing Design Writing "
    "Spanish French German Music Photography Databases Networks Security Ethics Accounting Leadership Psychology"
).split()
LEVELS = [
    "Foundations of",
    "Introduction to",
    "Intermediate",
    "Advanced",
    "Applied",
    "Projects in",
    "Topics in",
    "Mastering",
]
ACTIVITY_TYPES = [
    ("login", 22),
    ("course.view", 25),
    ("lesson.complete", 14),
    ("video.play", 14),
    ("quiz.submit", 8),
    ("forum.post", 4),
    ("logout", 10),
    ("assignment.submit", 2),
    ("security.login_failed", 1),
]
ACT_NAMES = [a for a, _ in ACTIVITY_TYPES]
ACT_CUMULATIVE = list(itertools.accumulate(w for _, w in ACTIVITY_TYPES))
PAGED = {"course.view", "video.play"}
PAGE_DATA = [json.dumps({"page": n}) for n in range(1, 41)]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0) Chrome/130",
    "Mozilla/5.0 (Macintosh) Safari/17",
    "LearnApp/4.2 (Android 14)",
    "LearnApp/4.2 (iOS 18)",
    "Mozilla/5.0 (X11; Linux) Firefox/132",
]
STATUSES = (["active"] * 85) + (["suspended"] * 5) + (["pending"] * 4) + (["disabled"] * 4) + (["archived"] * 2)
PRIORITIES = (["normal"] * 80) + (["low"] * 10) + (["high"] * 7) + (["urgent"] * 3)
ROLES = (["learner"] * 93) + (["instructor"] * 6) + ["staff"]
ENROLL = (["enrolled"] * 20) + (["in_progress"] * 40) + (["completed"] * 30) + (["dropped"] * 10)
HEAVY_ACTIVITIES = 10_000
MODULES = 8  # a course's modules, as learning events name them (course_module)


@dataclass
class Person:
    id: int
    row: tuple[Any, ...]
    profile: dict[str, Any]
    enrollments: list[tuple[Any, ...]]
    activity_count: int
    active_until: datetime
    learning: list[tuple[datetime, str, str]] = field(default_factory=list)  # (when, activity type, data)


class Generator:
    def __init__(self, seed: int, now: datetime, activities_per_user: int):
        self.r = random.Random(seed)
        self.now = now
        self.per_user = activities_per_user
        self.codes: dict[int, str] = {}  # course id -> code, for the learning events (seed.py fills it)

    def courses(self, existing: int) -> list[tuple[str, str]]:
        out = []
        for i in range(existing, 200):
            subject = SUBJECTS[i % len(SUBJECTS)]
            level = LEVELS[(i // len(SUBJECTS)) % len(LEVELS)]
            out.append((f"{subject[:4].upper()}-{100 + i}", f"{level} {subject}"))
        return out

    def person(self, uid: int, n: int, course_ids: list[int]) -> Person:
        r = self.r
        first, last = r.choice(FIRST), r.choice(LAST)
        username = f"{first[0]}{last}{n}".lower()
        email = f"{first}.{last}{n}@{r.choice(DOMAINS)}".lower()
        joined = self.now - timedelta(days=r.uniform(1, 730))
        # a long tail: most people were last seen long ago, some never
        bucket = r.random()
        if bucket < 0.12:
            active_until = None
        elif bucket < 0.40:
            active_until = self.now - timedelta(days=r.uniform(0, 30))
        elif bucket < 0.70:
            active_until = self.now - timedelta(days=r.uniform(30, 180))
        else:
            active_until = self.now - timedelta(days=r.uniform(180, 540))
        if active_until is not None and active_until < joined:
            joined = active_until - timedelta(days=r.uniform(1, 60))
        status = r.choice(STATUSES)
        # lognormvariate(0, 0.9) averages 1.5 and 88% of people are ever active: 0.76 makes the
        # average over everyone activities_per_user
        count = 0 if active_until is None else max(1, int(r.lognormvariate(0, 0.9) * self.per_user * 0.76))
        enrollments, completed, spent = [], 0, 0
        for course_id in r.sample(course_ids, k=min(len(course_ids), r.choice((0, 1, 2, 3, 3, 4, 5, 6, 8)))):
            state = r.choice(ENROLL)
            enrolled_at = joined + timedelta(days=r.uniform(0, 60))
            progress = {"enrolled": 0, "completed": 100}.get(state, r.randint(1, 99))
            seconds = int(progress * r.uniform(60, 600))
            done = enrolled_at + timedelta(days=r.uniform(5, 120)) if state == "completed" else None
            accessed = None if state == "enrolled" else min(self.now, enrolled_at + timedelta(days=r.uniform(1, 200)))
            enrollments.append((uid, course_id, state, progress, seconds, enrolled_at, done, accessed))
            completed += state == "completed"
            spent += seconds
        total = len(enrollments)
        risk = round(min(100.0, r.betavariate(2, 5) * 100 + (25 if active_until is None else 0)), 1)
        profile = {
            "account_status": status,
            "status_reason": "" if status in ("active", "pending") else "seeded: " + status,
            "support_priority": r.choice(PRIORITIES),
            "platform_role": r.choice(ROLES),
            "risk_score": risk,
            "date_joined": joined,
            "enrollment_count": total,
            "completed_count": completed,
            "completion_rate": completion_rate(completed, total),
            "total_learning_time": spent,
            "marketing_consent": r.random() < 0.4,
            "data_consent_date": joined if r.random() < 0.9 else None,
            "last_activity": None,
            **m.key_values(SearchKeys.of(username, email, first, last)),
        }
        row = (uid, "!seeded", None, False, username, first, last, email, False, status == "active", joined)
        learning = self.learning(enrollments, joined, active_until) if active_until else []
        return Person(uid, row, profile, enrollments, count, active_until or joined, learning)

    def learning(
        self, enrollments: list[tuple[Any, ...]], joined: datetime, until: datetime
    ) -> list[tuple[datetime, str, str]]:
        """The learning events of a person's enrollments, between their signup and their last visit (no random
        draws: the rest of the data stays as the seed made it)."""
        events = []
        for _, course_id, state, progress, seconds, enrolled_at, done, accessed in enrollments:
            code = self.codes.get(course_id)
            if code is None:
                continue
            start = max(joined, min(enrolled_at, until))
            events.append((start, "course.enrolled", _learning(code, 0, 0)))
            if state == "completed":
                at = max(start, min(done, until))
                events.append((at, "course.completed", _learning(code, 100, min(seconds, 5400))))
            elif state in ("in_progress", "dropped"):
                at = max(start, min(accessed, until))
                events.append((at, "course.progress", _learning(code, progress, min(seconds, 5400))))
                if state == "dropped":
                    events.append((at, "course.dropped", _learning(code, progress, 0)))
        return events

    def activities(self, p: Person, count: int) -> Iterator[tuple[Any, ...]]:
        """`count` rows ending at the person's last visit; the hot path of seeding (about 5M rows at 100k
        users), hence random() and lookup tables instead of choices()/randint()/json.dumps()."""
        rnd = self.r.random
        start = max(p.profile["date_joined"], self.now - timedelta(days=540))
        end = p.active_until
        span = max(1.0, (end - start).total_seconds())
        stamps = [start + timedelta(seconds=s) for s in sorted(rnd() * span for _ in range(count - 1))]
        if count:
            stamps.append(end)
        session = ""
        for i, ts in enumerate(stamps):
            kind = ACT_NAMES[bisect.bisect(ACT_CUMULATIVE, rnd() * ACT_CUMULATIVE[-1])]
            if kind == "login" or not session:
                session = f"s{p.id}-{i}"
            data = PAGE_DATA[int(rnd() * len(PAGE_DATA))] if kind in PAGED else "{}"
            ip = f"198.51.{int(rnd() * 256)}.{1 + int(rnd() * 254)}"
            yield (p.id, kind, data, ip, AGENTS[int(rnd() * len(AGENTS))], ts, session)
        if count:
            ip, agent = f"198.51.100.{1 + p.id % 254}", AGENTS[p.id % len(AGENTS)]
            for ts, kind, data in p.learning:
                yield (p.id, kind, data, ip, agent, ts, f"s{p.id}-learning")


def _learning(course: str, progress: int, seconds: int) -> str:
    module = f"module-{min(MODULES, 1 + progress * MODULES // 101)}"
    return json.dumps({"course": course, "progress": progress, "time_spent": seconds, "course_module": module})
