from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Apply the retention policies now (PRIVACY_RETENTION_DAYS); --dry-run prints what would go."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only: nothing is deleted")

    def handle(self, *args: Any, **opts: Any) -> None:
        retention = container().privacy.retention
        dry = bool(opts["dry_run"])
        report = retention.run(dry_run=dry)
        verb = "would remove" if dry else "removed"
        for run in report.runs:
            self.stdout.write(
                f"{run.data_class.value:<20} {verb} {run.rows:>8} rows older than "
                f"{run.cutoff.date().isoformat()} ({run.duration_ms} ms)"
            )
        due = retention.due_erasures() if dry else report.erasures_requested
        label = "would open erasure requests for" if dry else "opened erasure requests for"
        self.stdout.write(f"data_retention_date reached: {label} {len(due)} people {due[:20]}")
