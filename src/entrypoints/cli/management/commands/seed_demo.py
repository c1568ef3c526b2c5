from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Load deterministic demo/benchmark learners, courses, enrollments and activity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--activities-per-user", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--tickets", type=int, default=0, help="support tickets to add (after the learners)")
        parser.add_argument("--updates-per-ticket", type=int, default=10)
        parser.add_argument("--tickets-only", action="store_true", help="add tickets for the learners already there")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when learners exist already")
        parser.add_argument(
            "--cohort",
            type=int,
            default=0,
            help="validation learners whose behaviour follows hidden dropout propensities (risk_evaluate's ground "
            "truth); they joined 12-14 weeks ago",
        )
        parser.add_argument("--cohort-span-days", type=int, default=14, help="over how many days the cohort joined")
        parser.add_argument(
            "--no-rollups", action="store_true", help="leave the analytics rollups and risk scores to rebuild_rollups"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["users"] < 1 or opts["activities_per_user"] < 0 or opts["cohort"] < 0:
            self.stderr.write("--users must be at least 1, --activities-per-user and --cohort not negative")
            raise SystemExit(2)
        c = container()
        seeder, now = c.seeder, c.clock.now()
        assert seeder is not None, "the in-memory container has no seeder"
        if opts["tickets"] < 0 or opts["updates_per_ticket"] < 1:
            self.stderr.write("--tickets must not be negative and --updates-per-ticket at least 1")
            raise SystemExit(2)
        seeded = False
        if not opts["tickets_only"]:
            seeded = self._learners(seeder, opts, now)
        if opts["tickets"]:
            t = seeder.seed_tickets(opts["tickets"], opts["updates_per_ticket"], opts["seed"], now)
            self.stdout.write(
                f"seeded {t.tickets} tickets with {t.updates} updates ({t.agents} agents) in {t.seconds} s"
            )
        if seeded and not opts["no_rollups"]:
            r = c.analytics.rebuild(None, None)
            self.stdout.write(
                f"rolled up {r.activities} activities into {r.learner_days} learner-days in {r.seconds} s"
            )
            s = c.analytics.recompute_all()
            self.stdout.write(f"scored {s.learners} learners in {s.seconds} s")

    def _learners(self, seeder: Any, opts: dict[str, Any], now: datetime) -> bool:
        if opts["if_empty"] and seeder.has_learners():
            self.stdout.write("learners exist already: nothing seeded")
            return False
        report = seeder.seed(opts["users"], opts["activities_per_user"], opts["seed"], now)
        self.stdout.write(
            f"seeded {report.users} users, {report.courses} new courses, {report.enrollments} enrollments, "
            f"{report.activities} activities in {report.seconds} s"
            + (f"; user {report.heavy_user_id} has 10,000 activities" if report.heavy_user_id else "")
        )
        if opts["cohort"]:
            cohort = seeder.seed_cohort(opts["cohort"], opts["seed"], now, opts["cohort_span_days"])
            self.stdout.write(
                f"seeded {cohort.learners} validation learners ({cohort.dropped_out} drop out), "
                f"{cohort.activities} activities in {cohort.seconds} s"
            )
        return True
