"""Validation learners: behaviour that follows a hidden dropout propensity, the known ground truth the at-risk
score is measured against (`manage.py risk_evaluate`).

Each learner gets a propensity p ~ Beta(2, 3). With probability 2.2 (p - 0.25), within 3-95%, they drop out in a
week drawn from 2-10 (earlier for larger p); before that their weekly study time decays faster the larger p is,
their sessions thin out, they fail logins more often and fall behind in their course. The others study through
week 12 and may complete. The score never sees p: it sees only the activity rows this writes, through the
rollups."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

COURSES = [(f"VAL-{101 + i}", f"Validation course {i + 1}") for i in range(5)]
MODULES = 8
WEEKS = 12


@dataclass
class CohortLearner:
    index: int
    joined: datetime
    propensity: float
    dropout_week: int | None  # the first week with no activity at all; None: stays to the end
    course: str
    rows: list[tuple[str, str, datetime]] = field(default_factory=list)  # (type, data JSON, time)
    progress: int = 0
    completed_at: datetime | None = None
    time_spent: int = 0

    @property
    def last_activity(self) -> datetime | None:
        return self.rows[-1][2] if self.rows else None


def learners(n: int, seed: int, now: datetime, span_days: int = 14) -> Iterator[CohortLearner]:
    """`n` learners who joined between `span_days` + 12 weeks and 12 weeks (and a day) before `now`."""
    r = random.Random(seed * 7919 + 17)
    for i in range(n):
        joined = now - timedelta(days=WEEKS * 7 + 1) - timedelta(seconds=r.uniform(0, span_days * 86400))
        p = r.betavariate(2, 3)
        drops = r.random() < min(0.95, max(0.03, (p - 0.25) * 2.2))
        week = None
        if drops:
            week = 2 + int((1 - p) * 7 * r.random() + 2 * r.random())  # 2..10, earlier for larger p
        learner = CohortLearner(i, joined, p, week, COURSES[i % len(COURSES)][0])
        _behave(learner, r)
        yield learner


def _behave(x: CohortLearner, r: random.Random) -> None:
    p = x.propensity
    base = r.lognormvariate(math.log(90), 0.5)  # minutes a week at the start
    decay = 0.03 + (0.45 * p if x.dropout_week else 0.10 * p)
    pace = r.uniform(0.9, 1.3) * (1.0 - 0.6 * p)  # progress points per minute x 1/10
    add = x.rows.append
    add(
        (
            "course.enrolled",
            json.dumps({"course": x.course, "progress": 0, "time_spent": 0}),
            x.joined + timedelta(minutes=r.uniform(5, 120)),
        )
    )
    for week in range(WEEKS):
        if x.dropout_week is not None and week >= x.dropout_week:
            if r.random() < 0.5 and week == x.dropout_week:
                at = x.joined + timedelta(days=7 * week + r.uniform(0, 6))
                add(("course.dropped", json.dumps({"course": x.course, "progress": x.progress, "time_spent": 0}), at))
            break
        if x.completed_at is not None:
            # finished learners still look in now and then (certificates, forum)
            if r.random() < 0.6:
                add(("login", "{}", x.joined + timedelta(days=7 * week + r.uniform(0, 6.9))))
            continue
        minutes = base * math.exp(-decay * week) * r.uniform(0.7, 1.3)
        sessions = max(1, round(minutes / r.uniform(20, 45))) if minutes > 5 else (1 if r.random() < 0.5 else 0)
        for _ in range(sessions):
            at = x.joined + timedelta(days=7 * week + r.uniform(0, 6.9))
            add(("login", "{}", at))
            if r.random() < 0.05 + 0.3 * p * (1 if x.dropout_week else 0.3):
                add(("security.login_failed", "{}", at - timedelta(minutes=1)))
            spent = int(minutes / sessions * 60)
            x.time_spent += spent
            x.progress = min(100, x.progress + max(1, round(spent / 60 * pace / 10 * 3)))
            module = f"module-{min(MODULES, 1 + x.progress * MODULES // 101)}"
            kind = "course.completed" if x.progress >= 100 else "course.progress"
            data = {"course": x.course, "progress": x.progress, "time_spent": spent, "course_module": module}
            add((kind, json.dumps(data), at + timedelta(minutes=spent / 60)))
            if kind == "course.completed":
                x.completed_at = at
                break
    x.rows.sort(key=lambda row: row[2])
