"""export: cells made safe for spreadsheets, and the security event raised when an export is downloaded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.security.model import NewSecurityEvent, Severity
from domain.security.service import SecurityEvents
from domain.shared.clock import Clock
from domain.shared.principal import Principal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula
PERSONAL_DATA_EXPORT = "personal_data_export"


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
    """The one place the `personal_data_export` security event is raised (ports.ExportAlarm). The lead may route it
    through the detection rules by replacing this class in the composition root."""

    def __init__(self, events: SecurityEvents, clock: Clock):
        self.events, self.clock = events, clock

    def personal_data_export(self, actor: Principal, operation_id: int, rows: int, fields: Sequence[str]) -> None:
        self.events.raise_event(
            NewSecurityEvent(
                PERSONAL_DATA_EXPORT,
                Severity.MEDIUM,
                PERSONAL_DATA_EXPORT,
                self.clock.now(),
                actor.user_id,
                f"An export of {rows} people's data (bulk operation {operation_id}) was downloaded.",
                {"operation_id": operation_id, "rows": rows, "fields": list(fields)},
                actor.meta.ip,
                actor.meta.user_agent,
            )
        )
