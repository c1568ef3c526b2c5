"""Days and hours in the platform's time zone (ANALYTICS_TIMEZONE): every rollup is keyed by the local day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4, 5})  # local hours that count as "at night"


@dataclass(frozen=True)
class Calendar:
    """The platform's local calendar: a learner active at 23:30 local time counts on that local day."""

    zone: str = "UTC"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.tz)

    def day(self, at: datetime) -> date:
        return self.local(at).date()

    def hour(self, at: datetime) -> int:
        return self.local(at).hour

    def start(self, day: date) -> datetime:
        """The UTC instant the local day begins (DST-safe: the local midnight, or the first instant after it)."""
        return datetime.combine(day, time(0), self.tz).astimezone(UTC)

    def bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start of `first`, start of the day after `last`) in UTC."""
        return self.start(first), self.start(last + timedelta(days=1))


def days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def week_start(d: date) -> date:
    """ISO weeks: Monday."""
    return d - timedelta(days=d.weekday())


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    months = d.year * 12 + d.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)


def period_start(d: date, interval: str) -> date:
    if interval == "week":
        return week_start(d)
    if interval == "month":
        return month_start(d)
    return d


def next_period(d: date, interval: str) -> date:
    if interval == "week":
        return d + timedelta(days=7)
    if interval == "month":
        return add_months(d, 1)
    return d + timedelta(days=1)


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def months(first: date, last: date) -> list[date]:
    """The first days of the months from `first`'s to `last`'s."""
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out
