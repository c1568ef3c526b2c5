"""Days marked for work (a day summary to make again, a signup day's funnel to tally again): a mark carries a
version that every new mark of the day raises, so work done from a stale read of the rows never clears a newer
mark. DirtyDay and StaleFunnel are both such marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction


def mark(model: Any, days: Iterable[date], now: datetime) -> None:
    """Mark these days (as first marked at `now`, unless they already were): one statement per 500 days, in day
    order (concurrent markers lock the rows in the same order)."""
    table, ordered = model._meta.db_table, sorted(set(days))
    with connection.cursor() as c:
        for i in range(0, len(ordered), 500):
            chunk = ordered[i : i + 500]
            c.execute(
                f"INSERT INTO {table} (day, version, since) VALUES {', '.join(['(%s, 1, %s)'] * len(chunk))} "
                f"ON CONFLICT (day) DO UPDATE SET version = {table}.version + 1",
                [v for d in chunk for v in (d, now)],
            )


def redo_marked(
    model: Any, work: Callable[[date], object], first: date | None, last: date | None, before: datetime | None
) -> int:
    """Do `work` for each marked day (within [first, last], and first marked before `before`, when given), each
    day in its own transaction holding the day's mark; the mark goes unless the day was marked again meanwhile.
    How many days were done."""
    marked = model.objects.all()
    if before is not None:
        marked = marked.filter(since__lt=before)
    if first is not None:
        marked = marked.filter(day__gte=first)
    if last is not None:
        marked = marked.filter(day__lte=last)
    done = 0
    for day in list(marked.values_list("day", flat=True)):
        with transaction.atomic():
            held = model.objects.select_for_update().filter(day=day).first()
            if held is None:
                continue  # another process did it meanwhile
            work(day)
            model.objects.filter(day=day, version=held.version).delete()
            done += 1
    return done
