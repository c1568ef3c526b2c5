from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.shared.clock import FixedClock
from entrypoints.bootstrap import build_container, container


class Command(BaseCommand):
    help = "Run the SLA sweep now: warnings at 80%, escalations on breach, auto-close after 7 days resolved."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at",
            help="sweep as of this ISO time (default: now), e.g. 2026-01-05T17:00:00Z; "
            "everything it writes, audit entries included, carries this time",
        )
        parser.add_argument("--dry-run", action="store_true", help="count what would happen; write nothing")

    def handle(self, *args: Any, **opts: Any) -> None:
        c = container()
        if opts["at"]:
            try:
                at = datetime.fromisoformat(opts["at"].replace("Z", "+00:00"))
            except ValueError as exc:
                raise CommandError("--at must be an ISO 8601 time") from exc
            c = build_container(clock=FixedClock(at if at.tzinfo else at.replace(tzinfo=UTC)))
        report = c.sweep.run(dry_run=opts["dry_run"])
        verb = "would warn" if opts["dry_run"] else "warned"
        self.stdout.write(
            f"{verb} {report.warned}, {'escalate' if opts['dry_run'] else 'escalated'} {report.escalated}, "
            f"{'close' if opts['dry_run'] else 'closed'} {report.closed}"
        )
