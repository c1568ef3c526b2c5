from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Run the SLA sweep now: warnings at 80%, escalations on breach, auto-close after 7 days resolved."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="ISO time to sweep as of (default: now), e.g. 2026-01-05T17:00:00Z")

    def handle(self, *args: Any, **opts: Any) -> None:
        at = None
        if opts["at"]:
            try:
                at = datetime.fromisoformat(opts["at"].replace("Z", "+00:00"))
            except ValueError as exc:
                raise CommandError("--at must be an ISO 8601 time") from exc
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
        report = container().sweep.run(at)
        self.stdout.write(f"warned {report.warned}, escalated {report.escalated}, closed {report.closed}")
