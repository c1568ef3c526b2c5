"""The rollups: per learner per day, per learner per course per day, and each day's summary per segment.

Ingestion turns a batch into `Deltas` (added to the stored rows); `summarize` derives a day's summaries from that
day's learner rows, so an incremental day and a rebuilt day are the same function of the same rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from .days import NIGHT_HOURS, Calendar, month_key
from .facts import Fact
from .learnerset import LearnerSet

SHORT_MINUTES = 10  # a day under this many minutes learned is a "short session" day
LONG_MINUTES = 60
MILESTONES = (25, 50, 75)


@dataclass
class LearnerDay:
    user_id: int
    day: date
    events: int = 0
    seconds: int = 0
    hours: int = 0  # bit h: active in local hour h
    types: dict[str, int] = field(default_factory=dict)

    @property
    def minutes(self) -> int:
        return self.seconds // 60

    def add(self, other: LearnerDay) -> None:
        self.events += other.events
        self.seconds += other.seconds
        self.hours |= other.hours
        for k, v in other.types.items():
            self.types[k] = self.types.get(k, 0) + v


@dataclass
class CourseDay:
    """One learner's learning in one course on one day."""

    user_id: int
    course: str
    day: date
    events: int = 0
    seconds: int = 0
    progress_steps: int = 0
    completions: int = 0
    max_progress: int = 0
    drops: int = 0

    def add(self, other: CourseDay) -> None:
        self.events += other.events
        self.seconds += other.seconds
        self.progress_steps += other.progress_steps
        self.completions += other.completions
        self.drops += other.drops
        self.max_progress = max(self.max_progress, other.max_progress)


@dataclass
class Journey:
    """A learner's milestones in one course (`course` "" = across courses: first login, first enrolment, first
    time any course reached 25/50/75%, first completion); the earliest time wins, the latest module is kept."""

    user_id: int
    course: str
    first_login: datetime | None = None
    enrolled: datetime | None = None
    p25: datetime | None = None
    p50: datetime | None = None
    p75: datetime | None = None
    completed: datetime | None = None
    last_seen: datetime | None = None
    last_module: str = ""
    module_at: datetime | None = None

    STEPS = ("first_login", "enrolled", "p25", "p50", "p75", "completed")

    def add(self, other: Journey) -> None:
        for name in self.STEPS:
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs is not None and (mine is None or theirs < mine):
                setattr(self, name, theirs)
        if other.last_seen is not None and (self.last_seen is None or other.last_seen > self.last_seen):
            self.last_seen = other.last_seen
        if other.module_at is not None and (self.module_at is None or other.module_at >= self.module_at):
            self.last_module, self.module_at = other.last_module, other.module_at


@dataclass
class Deltas:
    learner_days: dict[tuple[int, date], LearnerDay] = field(default_factory=dict)
    course_days: dict[tuple[int, str, date], CourseDay] = field(default_factory=dict)
    journeys: dict[tuple[int, str], Journey] = field(default_factory=dict)

    @property
    def days(self) -> set[date]:
        return {d for _, d in self.learner_days}

    @property
    def users(self) -> set[int]:
        return {u for u, _ in self.learner_days}

    def add(self, f: Fact, cal: Calendar) -> None:
        """One fact into the deltas (the hot path of a rebuild: no temporary objects for the common case)."""
        local = cal.local(f.at)
        day, uid, at = local.date(), f.user_id, f.at
        ld = self.learner_days.get((uid, day))
        if ld is None:
            ld = self.learner_days[(uid, day)] = LearnerDay(uid, day)
        ld.events += 1
        ld.seconds += f.seconds
        ld.hours |= 1 << local.hour
        ld.types[f.activity_type] = ld.types.get(f.activity_type, 0) + 1
        overall = self.journeys.get((uid, ""))
        if overall is None:
            overall = self.journeys[(uid, "")] = Journey(uid, "")
        if overall.last_seen is None or at > overall.last_seen:
            overall.last_seen = at
        if f.is_login and (overall.first_login is None or at < overall.first_login):
            overall.first_login = at
        if not f.course:
            return
        cd = self.course_days.get((uid, f.course, day))
        if cd is None:
            cd = self.course_days[(uid, f.course, day)] = CourseDay(uid, f.course, day)
        progress = 100 if f.event == "completed" else (f.progress or 0)
        cd.events += 1
        cd.seconds += f.seconds
        cd.progress_steps += f.event == "progress"
        cd.completions += f.event == "completed"
        cd.drops += f.event == "dropped"
        cd.max_progress = max(cd.max_progress, progress)
        reached = [at if progress >= pct else None for pct in MILESTONES]
        done = at if f.event == "completed" else None
        step = Journey(uid, "", None, at, reached[0], reached[1], reached[2], done, at)
        overall.add(step)
        course = self.journeys.get((uid, f.course))
        if course is None:
            course = self.journeys[(uid, f.course)] = Journey(uid, f.course)
        step.course = f.course
        if f.module:
            step.last_module, step.module_at = f.module, at
        course.add(step)


def deltas(facts: Iterable[Fact], cal: Calendar, excluded: frozenset[int] = frozenset()) -> Deltas:
    out = Deltas()
    for f in facts:
        if f.user_id not in excluded:
            out.add(f, cal)
    return out


@dataclass(frozen=True)
class Attributes:
    """What segments a learner falls in when their day is rolled up."""

    platform_role: str
    support_priority: str
    account_status: str
    signup_month: str
    enrolment_month: str  # "" before a first enrolment


SEGMENT_DIMENSIONS = ("platform_role", "support_priority", "account_status", "signup_month", "enrolment_month")
ALL = ("all", "")


@dataclass
class DaySummary:
    """One local day of one segment (`dimension`, `value`); ("all", "") is everyone, ("course", code) a course."""

    day: date
    dimension: str = "all"
    value: str = ""
    learners: LearnerSet = field(default_factory=LearnerSet)
    night: LearnerSet = field(default_factory=LearnerSet)  # active 22:00-05:59 local
    long: LearnerSet = field(default_factory=LearnerSet)  # learned >= SHORT_MINUTES
    deep: LearnerSet = field(default_factory=LearnerSet)  # learned >= LONG_MINUTES
    completers: LearnerSet = field(default_factory=LearnerSet)  # completed a course that day
    joined: LearnerSet = field(default_factory=LearnerSet)  # signed up that day (in the "all" summary only)
    minutes: Counter[int] = field(default_factory=Counter)  # minutes learned -> learner-days
    hours: list[int] = field(default_factory=lambda: [0] * 24)  # learners active in each local hour
    events: int = 0
    seconds: int = 0
    progress_steps: int = 0
    completions: int = 0
    types: Counter[str] = field(default_factory=Counter)

    @property
    def key(self) -> tuple[str, str]:
        return self.dimension, self.value

    def payload(self) -> dict[str, object]:
        """The numbers besides the sets, JSON-ready."""
        return {
            "minutes": {str(k): v for k, v in sorted(self.minutes.items())},
            "hours": self.hours,
            "events": self.events,
            "seconds": self.seconds,
            "progress_steps": self.progress_steps,
            "completions": self.completions,
            "types": dict(sorted(self.types.items())),
        }

    def load_payload(self, data: Mapping[str, object]) -> DaySummary:
        minutes = data.get("minutes") or {}
        types = data.get("types") or {}
        assert isinstance(minutes, Mapping) and isinstance(types, Mapping)
        self.minutes = Counter({int(k): int(v) for k, v in minutes.items()})
        self.types = Counter({str(k): int(v) for k, v in types.items()})
        hours = data.get("hours") or [0] * 24
        assert isinstance(hours, list)
        self.hours = [int(h) for h in hours]
        for name in ("events", "seconds", "progress_steps", "completions"):
            value = data.get(name, 0)
            setattr(self, name, int(value) if isinstance(value, int) else 0)
        return self


def _learner_into(s: DaySummary, ids: dict[str, list[int]], row: LearnerDay) -> None:
    ids["learners"].append(row.user_id)
    if row.hours & sum(1 << h for h in NIGHT_HOURS):
        ids["night"].append(row.user_id)
    if row.minutes >= SHORT_MINUTES:
        ids["long"].append(row.user_id)
    if row.minutes >= LONG_MINUTES:
        ids["deep"].append(row.user_id)
    s.minutes[row.minutes] += 1
    for h in range(24):
        if row.hours >> h & 1:
            s.hours[h] += 1
    s.events += row.events
    s.seconds += row.seconds
    s.types.update(row.types)


def summarize(
    day: date,
    learner_days: Iterable[LearnerDay],
    course_days: Iterable[CourseDay],
    attributes: Mapping[int, Attributes],
    joined: Iterable[int] = (),
) -> list[DaySummary]:
    """Every segment's summary of one day, from that day's rows (learners without attributes count in "all"
    and their courses only); `joined`: the learners who signed up that day (lifecycle's "new")."""
    summaries: dict[tuple[str, str], DaySummary] = {}
    signups = LearnerSet.of(joined)
    if signups:
        summaries[ALL] = DaySummary(day, *ALL, joined=signups)
    ids: dict[tuple[str, str], dict[str, list[int]]] = {}

    def into(key: tuple[str, str]) -> tuple[DaySummary, dict[str, list[int]]]:
        if key not in summaries:
            summaries[key] = DaySummary(day, *key)
        if key not in ids:
            ids[key] = {"learners": [], "night": [], "long": [], "deep": [], "completers": []}
        return summaries[key], ids[key]

    for row in learner_days:
        keys = [ALL]
        attrs = attributes.get(row.user_id)
        if attrs is not None:
            keys += [(dim, getattr(attrs, dim)) for dim in SEGMENT_DIMENSIONS if getattr(attrs, dim)]
        for key in keys:
            _learner_into(*into(key), row)
    for cd in course_days:
        s, members = into(("course", cd.course))
        members["learners"].append(cd.user_id)
        minutes = cd.seconds // 60
        s.minutes[minutes] += 1
        if minutes >= SHORT_MINUTES:
            members["long"].append(cd.user_id)
        if minutes >= LONG_MINUTES:
            members["deep"].append(cd.user_id)
        s.events += cd.events
        s.seconds += cd.seconds
        s.progress_steps += cd.progress_steps
        s.completions += cd.completions
        if cd.completions:
            members["completers"].append(cd.user_id)
    for key, summary in summaries.items():
        for name, found in ids.get(key, {}).items():
            setattr(summary, name, LearnerSet.of(found))
    if ALL in summaries:
        by_user: dict[int, tuple[int, int]] = {}
        for cd in course_days:
            steps, done = by_user.get(cd.user_id, (0, 0))
            by_user[cd.user_id] = (steps + cd.progress_steps, done + cd.completions)
        for uid, (steps, done) in by_user.items():
            attrs = attributes.get(uid)
            keys = [ALL] + ([(d, getattr(attrs, d)) for d in SEGMENT_DIMENSIONS if getattr(attrs, d)] if attrs else [])
            for key in keys:
                if key in summaries:
                    summaries[key].progress_steps += steps
                    summaries[key].completions += done
                    if done:
                        summaries[key].completers = summaries[key].completers | LearnerSet.of([uid])
    return sorted(summaries.values(), key=lambda s: s.key)


def signup_month(joined: datetime, cal: Calendar) -> str:
    return month_key(cal.day(joined))
