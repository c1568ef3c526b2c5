"""Write the API's OpenAPI document, deterministically (sorted keys, two-space indent), for generated clients."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def openapi_document() -> str:
    """The document as /api/openapi.json serves it, serialised the same way every time."""
    from entrypoints.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI document, or write it to --output (clients/typescript/openapi.json: `make client`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")

    def handle(self, *args: Any, **opts: Any) -> None:
        text = openapi_document()
        if opts["output"]:
            Path(opts["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
