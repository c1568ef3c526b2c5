"""clients/typescript/openapi.json, which the TypeScript client's types come from, is the API's current document."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from entrypoints.cli.management.commands.openapi import openapi_document
from tests.support.live import ROOT

COMMITTED = ROOT / "clients" / "typescript" / "openapi.json"


def test_the_committed_document_is_the_apis() -> None:
    committed, current = COMMITTED.read_text(encoding="utf-8"), openapi_document()
    if committed != current:
        diff = difflib.unified_diff(committed.splitlines(), current.splitlines(), "committed", "current", lineterm="")
        shown = "\n".join(list(diff)[:40])
        pytest.fail(
            f"{COMMITTED.relative_to(ROOT)} is stale: run `make client` and commit it with src/schema.d.ts\n{shown}"
        )


def test_the_command_writes_the_served_document_with_sorted_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("openapi", output=str(tmp_path / "openapi.json"))
    written = (tmp_path / "openapi.json").read_text(encoding="utf-8")
    assert json.loads(written) == Client().get("/api/openapi.json").json()
    assert written == json.dumps(json.loads(written), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    call_command("openapi")
    assert capsys.readouterr().out == written
