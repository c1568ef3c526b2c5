"""Bring every file under BULK_FILES_DIR and PRIVACY_FILES_DIR to the newest FILES_ENCRYPTION_KEYS key: sealed files
under an older key have their data key re-wrapped in place (73 bytes per file, the content is not rewritten), plain
files stored before encryption are sealed. Run it after putting a new key first; drop the old key once it reports
no file left to re-wrap (a second run answers "current" for every file). Safe to run again, and beside running
web and worker processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from adapters.sealed_upkeep import rotate_all, settings_keys


class Command(BaseCommand):
    help = "Re-wrap sealed bulk and privacy files under the newest FILES_ENCRYPTION_KEYS key; seal plain ones."

    def handle(self, *args: Any, **opts: Any) -> None:
        roots = [Path(settings.BULK_FILES_DIR), Path(settings.PRIVACY_FILES_DIR)]
        counts = rotate_all(roots, settings_keys())
        self.stdout.write(
            f"files: {counts['rewrapped']} re-wrapped, {counts['sealed']} sealed (were plain), "
            f"{counts['current']} already current, {counts['failed']} unreadable"
        )
        if counts["failed"]:
            raise CommandError(
                "some files open under no key FILES_ENCRYPTION_KEYS holds (damaged, or their key was dropped): "
                "they stay as they are"
            )
