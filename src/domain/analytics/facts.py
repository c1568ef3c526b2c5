"""What analytics reads of one activity row, and which rows and learners it counts (the two exclusion seams)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

LEARNING_PREFIX = "course."
LEARNING_EVENTS = frozenset({"enrolled", "progress", "completed", "dropped"})
MAX_SECONDS = 7 * 24 * 3600
LOGIN_TYPES = frozenset({"login", "auth.login"})


@dataclass(frozen=True)
class Fact:
    """One counted activity: who, when, what, and for a learning event its course, progress, module and time."""

    user_id: int
    at: datetime
    activity_type: str
    course: str = ""
    event: str = ""  # a learning event's kind: enrolled | progress | completed | dropped
    progress: int | None = None
    seconds: int = 0
    module: str = ""

    @property
    def is_login(self) -> bool:
        return self.activity_type in LOGIN_TYPES


def fact(user_id: int, at: datetime, activity_type: str, data: Mapping[str, Any]) -> Fact:
    """The same reading for an item being ingested and for a stored row being rebuilt: `time_spent` (seconds)
    counts as time learned on any activity; `course`, `progress` and `course_module` on learning events."""
    raw_seconds = data.get("time_spent")
    seconds = raw_seconds if isinstance(raw_seconds, int) and not isinstance(raw_seconds, bool) else 0
    seconds = min(max(seconds, 0), MAX_SECONDS)
    event = activity_type.removeprefix(LEARNING_PREFIX) if activity_type.startswith(LEARNING_PREFIX) else ""
    if event not in LEARNING_EVENTS:
        return Fact(user_id, at, activity_type, seconds=seconds)
    progress = data.get("progress")
    module = data.get("course_module")
    return Fact(
        user_id,
        at,
        activity_type,
        course=str(data.get("course") or ""),
        event=event,
        progress=progress if isinstance(progress, int) and not isinstance(progress, bool) else None,
        seconds=seconds,
        module=str(module)[:100] if module else "",
    )


def counted_activity(activity_type: str, data: Mapping[str, Any]) -> bool:
    """THE predicate for which activity rows analytics counts (rollups, journeys, the risk score's inputs).

    Every row counts today. Activity recorded under impersonation is to be left out: when activity rows gain
    that flag (issue 11), this function and its SQL twin `adapters.orm.analytics.rows.counted_activity_rows()`
    are the two places to extend; rebuild_rollups then re-derives every rollup with the rule."""
    return True


@dataclass(frozen=True)
class FixedExclusions:
    """A set given up front (tests, and operators excluding test accounts)."""

    ids: frozenset[int]

    def excluded_learners(self, among: Collection[int] | None = None) -> frozenset[int]:
        return self.ids if among is None else self.ids & frozenset(among)
