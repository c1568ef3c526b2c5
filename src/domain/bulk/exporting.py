"""export: cells made safe for spreadsheets, and the security event raised when an export is downloaded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.security.detection.detector import Detector
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


def plain_row(row: Sequence[Any]) -> list[Any]:
    """For JSON: values as they are (no spreadsheet reads it), times as ISO 8601 text."""
    return [v.isoformat() if isinstance(v, datetime) else v for v in row]


class PersonalDataExportAlarm:
    """ports.ExportAlarm: an export's download is personal data leaving the system, raised by the detection rule
    (domain.security.detection: medium for one person, high for a bulk export) in the download's unit of work."""

    def __init__(self, detector: Detector):
        self.detector = detector

    def personal_data_export(self, actor: Principal, operation_id: int, rows: int, fields: Sequence[str]) -> None:
        what = f"bulk operation {operation_id}: {', '.join(fields)}"
        self.detector.personal_data_exported(actor, (), what, count=rows)
