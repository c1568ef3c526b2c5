"""SLA clocks in business time: a policy per priority, counted in business hours (urgent and
critical run around the clock), with 80% warning points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

WARN_AT = 0.8


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
    CRITICAL = "critical"

    def raised(self) -> Priority:
        order = list(Priority)
        return order[min(order.index(self) + 1, len(order) - 1)]

    @property
    def weight(self) -> int:
        """How much an open ticket of this priority loads its assignee."""
        return list(Priority).index(self) + 1


class WindowKind(StrEnum):
    """The SLA windows a ticket runs."""

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"  # owed again after each learner reply
    RESOLUTION = "resolution"


class SlaState(StrEnum):
    OK = "ok"
    AT_RISK = "at_risk"  # a running window is past its warning point
    BREACHED = "breached"  # a window was missed, now or before


def sla_state(breached: bool, next_due: datetime | None, warn_at: datetime | None, now: datetime) -> SlaState:
    """A ticket's SLA state from its stored breaches, nearest running deadline and nearest warning point (the
    queue's SQL reads the same three from their columns)."""
    if breached or (next_due is not None and next_due <= now):
        return SlaState.BREACHED
    if warn_at is not None and warn_at <= now:
        return SlaState.AT_RISK
    return SlaState.OK


@dataclass(frozen=True)
class Window:
    """A running SLA window: when it is due and when it warns. `key` names it in a ticket's warned and escalated
    lists; a next response is owed anew after each learner reply, so its key carries its due time."""

    kind: WindowKind
    due: datetime
    warn: datetime | None = None

    @property
    def key(self) -> str:
        if self.kind is WindowKind.NEXT_RESPONSE:
            return f"{self.kind.value}@{self.due.isoformat()}"
        return self.kind.value

    @property
    def label(self) -> str:
        return self.kind.value.replace("_", " ")


def workload(open_tickets: Mapping[Priority, int]) -> int:
    """An agent's load: their open tickets, each weighing its priority's weight."""
    return sum(priority.weight * count for priority, count in open_tickets.items())


@dataclass(frozen=True)
class Targets:
    first_response: int  # minutes
    next_response: int
    resolution: int
    around_the_clock: bool = False


DEFAULT_POLICY: dict[Priority, Targets] = {
    Priority.LOW: Targets(8 * 60, 16 * 60, 5 * 8 * 60),
    Priority.NORMAL: Targets(4 * 60, 8 * 60, 3 * 8 * 60),
    Priority.HIGH: Targets(2 * 60, 4 * 60, 8 * 60),
    Priority.URGENT: Targets(60, 2 * 60, 8 * 60, around_the_clock=True),
    Priority.CRITICAL: Targets(15, 30, 4 * 60, around_the_clock=True),
}


@dataclass(frozen=True)
class BusinessHours:
    """Working windows: `days` (0 = Monday) from `start` to `end` in `zone`."""

    zone: str = "UTC"
    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))

    def __post_init__(self) -> None:
        if self.end <= self.start or not self.days:
            raise ValueError("business hours need start < end and at least one day")

    def _window(self, day: datetime) -> tuple[datetime, datetime] | None:
        if day.weekday() not in self.days:
            return None
        tz = ZoneInfo(self.zone)
        d = day.date()
        return datetime.combine(d, self.start, tz), datetime.combine(d, self.end, tz)

    def add(self, at: datetime, minutes: float) -> datetime:
        """The moment `minutes` of business time after `at`."""
        remaining = timedelta(minutes=minutes)
        cursor = at.astimezone(ZoneInfo(self.zone))
        for _ in range(3660):  # ten years of days: bounded
            window = self._window(cursor)
            if window is not None and cursor < window[1]:
                begin = max(cursor, window[0])
                available = window[1] - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(UTC)
                remaining -= available
            cursor = datetime.combine(cursor.date() + timedelta(days=1), time(0), cursor.tzinfo)
        raise ValueError("no business time within ten years")

    def between(self, a: datetime, b: datetime) -> float:
        """Minutes of business time from `a` to `b` (0 when b <= a)."""
        if b <= a:
            return 0.0
        tz = ZoneInfo(self.zone)
        cursor, end, total = a.astimezone(tz), b.astimezone(tz), timedelta()
        while cursor < end:
            window = self._window(cursor)
            if window is not None:
                lo, hi = max(cursor, window[0]), min(end, window[1])
                if hi > lo:
                    total += hi - lo
            cursor = datetime.combine(cursor.date() + timedelta(days=1), time(0), tz)
        return total.total_seconds() / 60


class AroundTheClock:
    """Every minute counts (urgent and critical tickets)."""

    def add(self, at: datetime, minutes: float) -> datetime:
        return at + timedelta(minutes=minutes)

    def between(self, a: datetime, b: datetime) -> float:
        return max(0.0, (b - a).total_seconds() / 60)


ALWAYS = AroundTheClock()


@dataclass(frozen=True)
class SlaPolicy:
    hours: BusinessHours = field(default_factory=BusinessHours)
    targets: dict[Priority, Targets] = field(default_factory=lambda: dict(DEFAULT_POLICY))

    def calendar(self, priority: Priority) -> BusinessHours | AroundTheClock:
        return ALWAYS if self.targets[priority].around_the_clock else self.hours

    def due(self, priority: Priority, start: datetime, minutes: float) -> datetime:
        return self.calendar(priority).add(start, minutes)

    def warn(self, priority: Priority, start: datetime, minutes: float) -> datetime:
        return self.calendar(priority).add(start, minutes * WARN_AT)

    def shift(
        self, priority: Priority, moment: datetime | None, paused_from: datetime, paused_to: datetime
    ) -> datetime | None:
        """Move a deadline on by the business time a pause lasted."""
        if moment is None:
            return None
        cal = self.calendar(priority)
        return cal.add(moment, cal.between(paused_from, paused_to))
