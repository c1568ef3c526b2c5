from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Load deterministic demo/benchmark learners, courses, enrollments and activity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--activities-per-user", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when learners exist already")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["users"] < 1 or opts["activities_per_user"] < 0:
            self.stderr.write("--users must be at least 1 and --activities-per-user not negative")
            raise SystemExit(2)
        seeder = container().seeder
        assert seeder is not None, "the in-memory container has no seeder"
        if opts["if_empty"] and seeder.has_learners():
            self.stdout.write("learners exist already: nothing seeded")
            return
        report = seeder.seed(opts["users"], opts["activities_per_user"], opts["seed"])
        self.stdout.write(
            f"seeded {report.users} users, {report.courses} new courses, {report.enrollments} enrollments, "
            f"{report.activities} activities in {report.seconds} s"
            + (f"; user {report.heavy_user_id} has 10,000 activities" if report.heavy_user_id else "")
        )
