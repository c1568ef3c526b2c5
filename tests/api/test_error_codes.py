"""The catalogue of error codes is the whole truth: the source raises no code it lacks, it lists no code the
source never raises, each code keeps one status, and docs/errors.md is rendered from it."""

from __future__ import annotations

import re
from pathlib import Path

from domain.shared.error_codes import CATALOGUE, ErrorCode, parts, render
from entrypoints.api.errors import CODE_BY_STATUS, STATUS_BY_KIND

ROOT = Path(__file__).resolve().parents[2]
KINDS = {
    "InvalidInput": "invalid",
    "Unprocessable": "unprocessable",
    "NotAuthenticated": "unauthenticated",
    "PermissionDenied": "forbidden",
    "NotFound": "not_found",
    "Conflict": "conflict",
    "Throttled": "throttled",
}
RAISED = re.compile(
    r"\b(InvalidInput|Unprocessable|NotAuthenticated|PermissionDenied|NotFound|Conflict|Throttled)\((?:[^()]|\([^()]*\))*?code=\"([a-z_]+)\"",
    re.S,
)
OTHER_LITERALS = [
    re.compile(r"^\s+code = \"([a-z_]+)\"", re.M),  # an error class's default code
    re.compile(r"\binvalid\(\"[a-z_]+\", \"([a-z_]+)\""),  # knowledge's field errors (422)
    re.compile(r"error_response\(\s*\d{3}, \"([a-z_]+)\""),
    re.compile(r"(?:return|==) \"((?:not|team)_[a-z_]+)\""),  # the agent directory reports its refusals
]


def _sources() -> dict[Path, str]:
    return {p: p.read_text() for p in (ROOT / "src").rglob("*.py") if "migrations" not in p.parts}


def _raised() -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for text in _sources().values():
        for cls, code in RAISED.findall(text):
            found.setdefault(code, set()).add(STATUS_BY_KIND[KINDS[cls]])
        for pattern in OTHER_LITERALS:
            for code in pattern.findall(text):
                found.setdefault(code, set())
    for code in CODE_BY_STATUS.values():
        found.setdefault(code, set())
    found.pop("domain_error", None)  # the abstract base's placeholder, never sent
    return found


def test_every_code_the_source_raises_is_catalogued_with_its_status() -> None:
    raised = _raised()
    missing = sorted(set(raised) - {c.value for c in ErrorCode})
    assert not missing, f"add these codes to the error_codes.py of the module that raises them: {missing}"
    wrong = {
        c: (sorted(s), CATALOGUE[ErrorCode(c)][0]) for c, s in raised.items() if s and s != {CATALOGUE[ErrorCode(c)][0]}
    }
    assert not wrong, f"raised with another status than catalogued: {wrong}"


def test_every_module_s_codes_are_in_the_catalogue() -> None:
    files = {f"domain.{p.parent.name}.error_codes" for p in (ROOT / "src/domain").glob("*/error_codes.py")}
    assert files - {"domain.shared.error_codes"} == {module for module, _ in parts()}


def test_the_catalogue_lists_no_code_that_is_never_raised() -> None:
    assert not sorted({c.value for c in ErrorCode} - set(_raised()))


def test_every_code_has_a_status_and_a_meaning() -> None:
    assert set(CATALOGUE) == set(ErrorCode)
    assert all(400 <= status < 600 and meaning for status, meaning in CATALOGUE.values())


def test_docs_errors_md_is_rendered_from_the_catalogue() -> None:
    assert (ROOT / "docs/errors.md").read_text() == render(), (
        "run: PYTHONPATH=src .venv/bin/python -m domain.shared.error_codes > docs/errors.md"
    )


def test_the_error_body_declares_the_codes_as_an_enum(client) -> None:  # type: ignore[no-untyped-def]
    from entrypoints.api import api

    schema = api.get_openapi_schema()
    enum = schema["components"]["schemas"]["ErrorCode"]["enum"]
    assert enum == [c.value for c in ErrorCode]
