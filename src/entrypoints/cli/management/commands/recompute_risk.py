from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Recompute every learner's at-risk score now (what the nightly analytics.nightly_risk task does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(self, *args: Any, **opts: Any) -> None:
        r = container().analytics.recompute_all(batch=opts["batch"])
        self.stdout.write(f"scored {r.learners} learners ({r.history_points} history points) in {r.seconds} s")
