"""Source maps in memory: the same answers as the table, checked by one contract."""

from __future__ import annotations

from datetime import datetime


class InMemorySourceMapStore:
    def __init__(self) -> None:
        self.maps: dict[tuple[str, str], tuple[str, datetime, int]] = {}

    def save(self, release: str, name: str, text: str, uploaded_at: datetime, uploaded_by: int) -> None:
        self.maps[(release, name)] = (text, uploaded_at, uploaded_by)

    def load(self, release: str, name: str) -> tuple[str, datetime] | None:
        found = self.maps.get((release, name))
        return None if found is None else (found[0], found[1])
