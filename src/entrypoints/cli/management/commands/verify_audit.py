from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero at the first broken link."

    def handle(self, *args: Any, **opts: Any) -> None:
        report = container().audit.verify()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry {report.broken_at}: {report.reason} "
                f"({report.checked} entries before it are intact)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} entries"))
