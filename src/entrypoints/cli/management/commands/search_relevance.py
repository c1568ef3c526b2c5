from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.accounts.relevance import measure, report
from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = (
        "How often the learner search puts the right person first and in the top 5, over a labelled set of queries "
        "built from the seeded people (typos, accents, surname first, partial words; domain.accounts.relevance)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", type=int, default=560, help="people to build one query each from")
        parser.add_argument("--seed", type=int, default=27)
        parser.add_argument("--min-first", type=float, default=0.90, help="fail below this rate of right first")
        parser.add_argument("--min-top5", type=float, default=0.98, help="fail below this rate of right in top 5")

    def handle(self, *args: Any, **opts: Any) -> None:
        s = measure(container().accounts.queries, opts["queries"], opts["seed"])
        self.stdout.write(report(s))
        if s.rate(s.first) < opts["min_first"] or s.rate(s.top5) < opts["min_top5"]:
            raise CommandError(f"below the bar: first {opts['min_first']:.0%}, top 5 {opts['min_top5']:.0%}")
