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
        "(ANALYTICS_TIMEZONE) from --from to --to inclusive; with --pending, only what the every-minute refresh "
        "task would do now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", help="first local day, YYYY-MM-DD (default: the earliest)")
        parser.add_argument("--to", dest="last", help="last local day, YYYY-MM-DD (default: the latest)")
        parser.add_argument("--rescore", action="store_true", help="recompute every risk score afterwards")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="summarize only the days and signup-day funnels marked as changed (e.g. after an upgrade), now",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        first, last = _day(opts["first"], "--from"), _day(opts["last"], "--to")
        if first and last and first > last:
            raise CommandError("--from must not be after --to")
        c = container()
        if opts["pending"]:
            if first or last:
                raise CommandError("--pending takes no --from or --to")
            self.stdout.write(f"summarized {c.analytics.refresh()} changed days and signup-day funnels")
            return
        r = c.analytics.rebuild(first, last)
        span = f"{r.first} to {r.last}" if r.first else "nothing (no activity)"
        self.stdout.write(
            f"rebuilt {span}: {r.activities} activities, {r.learner_days} learner-days, {r.summaries} day summaries "
            f"in {r.seconds} s"
        )
        if opts["rescore"]:
            s = c.analytics.recompute_all()
            self.stdout.write(f"scored {s.learners} learners in {s.seconds} s")
