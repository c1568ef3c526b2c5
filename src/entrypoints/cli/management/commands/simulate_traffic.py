"""`manage.py simulate_traffic`: learners keep coming to the demo (heartbeats, page views, now and then an error),
so the monitoring dashboard moves. Ctrl-C stops it."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entrypoints.bootstrap import container
from entrypoints.cli.demo_telemetry import demo_learners
from entrypoints.cli.traffic import Traffic


class Command(BaseCommand):
    help = "Send browser telemetry for demo learners until stopped (Ctrl-C), so the dashboard moves."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=25, help="learners online at once (default 25)")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between ticks (default 5)")
        parser.add_argument("--error-rate", type=float, default=0.05, help="chance a page view errs (default 0.05)")
        parser.add_argument("--ticks", type=int, default=0, help="stop after this many ticks (default: never)")
        parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable run")

    def handle(self, *args: Any, **opts: Any) -> None:
        tabs, interval, error_rate = opts["learners"], opts["interval"], opts["error_rate"]
        if not 1 <= tabs <= 10_000 or not 0.05 <= interval <= 3600 or not 0 <= error_rate <= 1:
            raise CommandError("--learners 1-10000, --interval 0.05-3600 s, --error-rate 0-1.")
        learners = demo_learners(max(tabs * 2, tabs + 5))
        if not learners:
            raise CommandError("No learners to simulate: run `make run` (or `manage.py seed_demo`) first.")
        traffic = Traffic(learners, min(tabs, len(learners)), error_rate, random.Random(opts["seed"]))
        clock = container().clock
        self.stdout.write(f"Simulating {traffic.tabs} learners every {interval:g} s. Ctrl-C stops.")
        ticks = 0
        try:
            while True:
                accepted = traffic.send(clock.now())
                ticks += 1
                self.stdout.write(f"  tick {ticks}: {accepted} items, {len(traffic.open)} online", ending="\n")
                if opts["ticks"] and ticks >= opts["ticks"]:
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
