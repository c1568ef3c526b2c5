"""A small hand-checked data set (Europe/Berlin, UTC+1 in January) shared by the analytics tests.

Learners: A and B joined 2025-12-01, C joined 2026-01-06 (new that week), D joined 2025-11-01.
Local times (Berlin):
  A  Fri 2026-01-02 12:00  login                          (the week before: A returns)
  A  Mon 2026-01-05 23:30  PY-101 progress 30%, 25 min     (local Monday, night)
  A  Sat 2026-01-10 10:00  PY-101 progress 40%, 5 min      (weekend)
  B  Tue 2026-01-06 00:30  login                          (23:30 UTC on Monday: counts on local Tuesday, night)
  B  Wed 2026-01-07 18:00  PY-101 progress 60%, 70 min     (deep session)
  C  Tue 2026-01-06 11:00  PY-101 enrolled + progress 10%, 9 min  (short sessions only)
  D  Wed 2025-12-31 12:00  login                          (the week before only: dormant)
Week Mon 2026-01-05 .. Sun 2026-01-11, by hand:
  active A, B, C = 3; daily active 1, 2, 1, 0, 0, 1, 0 (average 5/7 = 0.71); WAU 3; MAU (Dec 13 - Jan 11) 4
  minutes 25 + 5 + 70 + 9 = 109; learner-days' minutes 0, 5, 9, 25, 70: median 9, p90 70
  lifecycle: new C, returning A, resurrecting B, dormant D
  patterns: night A, B (2/3); weekend A (1/3); deep B (1/3); short sessions C (1/3)"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from adapters.memory.accounts import Person
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

SERVICE = Principal(9, "lms", frozenset({Role.SERVICE}))
UX = Principal(10, "ux", frozenset({Role.UX_MANAGER}))
CS = Principal(11, "cs", frozenset({Role.CUSTOMER_SUCCESS}))
AGENT = Principal(12, "agent", frozenset({Role.SUPPORT_AGENT}))
WEEK = (date(2026, 1, 5), date(2026, 1, 11))
NOW = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)


def utc(y: int, mo: int, d: int, h: int, mi: int = 0) -> str:
    return datetime(y, mo, d, h, mi, tzinfo=UTC).isoformat()


def login(uid: int, ts: str) -> dict[str, Any]:
    return {"kind": "activity", "user_id": uid, "activity_type": "login", "timestamp": ts}


def progress(uid: int, ts: str, pct: int, minutes: int, module: str = "", event: str = "progress") -> dict[str, Any]:
    item = {
        "kind": "learning",
        "user_id": uid,
        "course": "PY-101",
        "course_title": "Python",
        "event": event,
        "progress": pct,
        "time_spent": minutes * 60,
        "timestamp": ts,
    }
    if module:
        item["course_module"] = module
    return item


def people(c: TestContainer) -> dict[str, int]:
    def add(name: str, joined: datetime) -> int:
        return c.people.add(Person(name, f"{name}@example.com", date_joined=joined)).user_id

    return {
        "A": add("alice", datetime(2025, 12, 1, 9, tzinfo=UTC)),
        "B": add("bruno", datetime(2025, 12, 1, 9, tzinfo=UTC)),
        "C": add("chen", datetime(2026, 1, 6, 9, tzinfo=UTC)),
        "D": add("dara", datetime(2025, 11, 1, 9, tzinfo=UTC)),
    }


def events(ids: dict[str, int]) -> list[dict[str, Any]]:
    a, b, c, d = ids["A"], ids["B"], ids["C"], ids["D"]
    return [
        login(a, utc(2026, 1, 2, 11)),
        progress(a, utc(2026, 1, 5, 22, 30), 30, 25, "m1"),
        progress(a, utc(2026, 1, 10, 9), 40, 5, "m2"),
        login(b, utc(2026, 1, 5, 23, 30)),
        progress(b, utc(2026, 1, 7, 17), 60, 70, "m3"),
        progress(c, utc(2026, 1, 6, 10), 0, 0, event="enrolled"),
        progress(c, utc(2026, 1, 6, 10, 1), 10, 9, "m1"),
        login(d, utc(2025, 12, 31, 11)),
    ]


def load(c: TestContainer) -> dict[str, int]:
    c.clock.set(NOW)
    ids = people(c)
    result = c.ingestion.ingest(SERVICE, events(ids))
    assert result.accepted == 8, result
    return ids
