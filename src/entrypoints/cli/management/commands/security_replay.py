from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adapters.memory.security import InMemoryLoginHistory
from adapters.user_agents import UaParserDevices
from domain.security.detection.policy import DetectionPolicy
from entrypoints.cli.security_replay.run import measure
from entrypoints.cli.security_replay.score import Report

TARGET_RECALL, TARGET_FP, TARGET_SECONDS = 1.0, 0.01, 60.0


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def table(report: Report) -> list[str]:
    lines = [f"{'rule':28} {'injected':>8} {'detected':>8} {'TP':>6} {'FP':>6} {'precision':>9} {'recall':>7}"]
    for r in report.rules:
        lines.append(
            f"{r.rule:28} {r.injected:8} {r.detected:8} {r.true_positives:6} {r.false_positives:6} "
            f"{pct(r.precision):>9} {pct(r.recall):>7}"
        )
    return lines


class Command(BaseCommand):
    help = (
        "Replay a generated week of normal traffic for N people with injected attacks of every kind through the "
        "detection rules (in memory: nothing is written), and print precision and recall per rule, the share of "
        "normal users with a false positive, and the time taken. Deterministic for a seed. docs/benchmarks.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--check", action="store_true", help="exit non-zero when a target is missed")

    def handle(self, *args: Any, **options: Any) -> None:
        users, seed = options["users"], options["seed"]
        if not 50 <= users <= 1_000_000:
            raise CommandError("--users must be between 50 and 1,000,000")
        policy = DetectionPolicy(mass_access_profiles=settings.MASS_ACCESS_PROFILES)
        started = time.perf_counter()
        report, facts = measure(users, seed, InMemoryLoginHistory(), UaParserDevices().family, policy)
        elapsed = time.perf_counter() - started
        out = [f"security_replay --users {users} --seed {seed}: {facts:,} facts over one week", "", *table(report), ""]
        out += [
            f"recall on injected attacks: {pct(report.recall)} (target 100%)",
            f"normal users with a false positive (a high or critical event about them, the ones e-mailed): "
            f"{report.normal_alerted} of {report.normal_users} = {pct(report.alerted_share)} (target at most 1%)",
            f"normal users with any event, medium included (new device or network, 5 failed logins; stored, not "
            f"e-mailed): {report.normal_any} = {pct(report.any_share)}",
            f"login attempts refused by the throttle before a password check: {report.refused}",
            f"elapsed: {elapsed:.1f} s (target 60 s for 10,000 users)",
        ]
        self.stdout.write("\n".join(out))
        missed = report.recall < TARGET_RECALL or report.alerted_share > TARGET_FP
        if options["check"] and (missed or (users <= 10_000 and elapsed > TARGET_SECONDS)):
            raise CommandError("a target was missed")
