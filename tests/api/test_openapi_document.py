"""clients/typescript/openapi.json, which the TypeScript client's types come from, is the API's current document."""

from __future__ import annotations

import difflib
import json
import re
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


def generated_summary(operation_id: str) -> str:
    """What django-ninja writes when a view gives no summary: its function name in title case ("Login Mfa")."""
    return " ".join(word.capitalize() for word in re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower().split("_"))


def test_every_operation_has_a_written_summary_and_description() -> None:
    document = json.loads(openapi_document())
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) > 100
    problems = []
    for op in operations:
        summary, description = op.get("summary", ""), op.get("description", "")
        if not summary or summary == generated_summary(op["operationId"]) or len(summary) > 80:
            problems.append(f"{op['operationId']}: summary {summary!r} (write one: summary= on the decorator)")
        if len(description) < 40:
            problems.append(f"{op['operationId']}: description {description!r} (the view's docstring)")
    assert not problems, "\n".join(problems)
    assert "as modules land" not in document["info"]["description"]
