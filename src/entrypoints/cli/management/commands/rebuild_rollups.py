from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entrypoints.bootstrap import container


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{name} must be a day, YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = (
        "Recompute the learner analytics rollups from the activity log: every day, or the local days "
        "(ANALYTICS_TIMEZONE) from --from to --to inclusive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", help="first local day, YYYY-MM-DD (default: the earliest)")
        parser.add_argument("--to", dest="last", help="last local day, YYYY-MM-DD (default: the latest)")
        parser.add_argument("--rescore", action="store_true", help="recompute every risk score afterwards")

    def handle(self, *args: Any, **opts: Any) -> None:
        first, last = _day(opts["first"], "--from"), _day(opts["last"], "--to")
        if first and last and first > last:
            raise CommandError("--from must not be after --to")
        c = container()
        r = c.analytics.rebuild(first, last)
        span = f"{r.first} to {r.last}" if r.first else "nothing (no activity)"
        self.stdout.write(
            f"rebuilt {span}: {r.activities} activities, {r.learner_days} learner-days, {r.summaries} day summaries "
            f"in {r.seconds} s"
        )
        if opts["rescore"]:
            s = c.analytics.recompute_all()
            self.stdout.write(f"scored {s.learners} learners in {s.seconds} s")
