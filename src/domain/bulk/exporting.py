"""export: cells made safe for spreadsheets, and the security event raised when an export is downloaded."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from domain.shared.audit import ExportWatch
from domain.shared.principal import Principal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula


def safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection);
    numbers stay numbers, times become ISO 8601 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: Sequence[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


def csv_cell(value: Any) -> str:
    """A CSV cell as every export writes it, the database's COPY included (adapters.orm.bulk.copy renders the same
    in SQL): text escaped as `safe_cell` does, empty for none, times in UTC as 2026-03-02T12:00:00.000000+00:00,
    booleans true/false, numbers in their shortest form (1.0 as 1, as PostgreSQL prints a float)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(safe_cell(value))


def csv_text(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows as CSV lines (UTF-8, `\\n` line ends, quoted only where needed), each cell through `csv_cell`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue().encode()


def plain_row(row: Sequence[Any]) -> list[Any]:
    """For JSON: values as they are (no spreadsheet reads it), times as ISO 8601 text."""
    return [v.isoformat() if isinstance(v, datetime) else v for v in row]


class PersonalDataExportAlarm:
    """ports.ExportAlarm: an export's download is personal data leaving the system, raised by the detection rule
    (domain.security.detection: medium for one person, high for a bulk export) in the download's unit of work."""

    def __init__(self, detector: ExportWatch):
        self.detector = detector

    def personal_data_export(self, actor: Principal, operation_id: int, rows: int, fields: Sequence[str]) -> None:
        what = f"bulk operation {operation_id}: {', '.join(fields)}"
        self.detector.personal_data_exported(actor, (), what, count=rows)
