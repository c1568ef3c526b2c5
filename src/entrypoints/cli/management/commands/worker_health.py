from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from .run_worker import heartbeat_path


class Command(BaseCommand):
    help = "Exit 0 when this machine's run_worker beat within --max-age seconds (the worker's health check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-age", type=float, default=30.0)

    def handle(self, *args: Any, **opts: Any) -> None:
        path = heartbeat_path()
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError as exc:
            raise CommandError(f"no heartbeat at {path}: is run_worker running?") from exc
        if age > opts["max_age"]:
            raise CommandError(f"the worker's last heartbeat is {age:.0f} s old")
        self.stdout.write(f"worker alive (heartbeat {age:.1f} s ago)")
