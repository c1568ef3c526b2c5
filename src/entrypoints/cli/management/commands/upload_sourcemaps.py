"""manage.py upload_sourcemaps --release web@1.4.0 dist/: a release's source maps, once, from its build's output
(every *.map under the folders given). Error groups then show the original file, line and function."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.monitoring.sourcemaps import MAX_FILES
from domain.shared.errors import DomainError
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Upload a release's source maps (every *.map under the paths given); audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="*.map files or folders holding them (searched recursively)")
        parser.add_argument("--release", required=True, help="the release the front end reports, e.g. web@1.4.0")

    def handle(self, *args: Any, **opts: Any) -> None:
        found: list[Path] = []
        for given in opts["paths"]:
            path = Path(given)
            if path.is_dir():
                found += sorted(path.rglob("*.map"))
            elif path.is_file():
                found.append(path)
            else:
                raise CommandError(f"{given}: no such file or folder")
        if not found:
            raise CommandError("no *.map file found")
        maps = container().monitoring.sourcemaps
        stored = []
        try:
            for start in range(0, len(found), MAX_FILES):
                files = [(p.name, p.read_text(encoding="utf-8")) for p in found[start : start + MAX_FILES]]
                stored += maps.upload(SYSTEM, opts["release"], files)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for u in stored:
            self.stdout.write(f"{u.name}: {u.bytes} bytes, {u.sources} sources")
        self.stdout.write(self.style.SUCCESS(f"{len(stored)} source maps stored for {opts['release']}"))
