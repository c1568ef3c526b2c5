from __future__ import annotations

import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.analytics.risk import WEIGHTS
from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = (
        "Measure the at-risk score on seed_demo's validation learners (seed_demo --cohort N): each scored as of "
        "week 4 from what was known then, against whether they dropped out by week 12. Prints AUC, precision at "
        "the top 10% and calibration by band."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--min-auc", type=float, default=None, help="exit 1 when the AUC is below this")

    def handle(self, *args: Any, **opts: Any) -> None:
        result = container().analytics.evaluate()
        if not result.learners:
            raise CommandError("no validation learners: run seed_demo --cohort N first")
        self.stdout.write("weights: " + ", ".join(f"{k} {v:g}" for k, v in WEIGHTS.items()))
        for line in result.lines():
            self.stdout.write(line)
        if opts["min_auc"] is not None and (math.isnan(result.auc) or result.auc < opts["min_auc"]):
            raise CommandError(f"AUC {result.auc:.3f} is below {opts['min_auc']}")
