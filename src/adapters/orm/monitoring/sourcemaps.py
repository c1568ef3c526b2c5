"""Source maps on Django: one row per release and minified file name."""

from __future__ import annotations

from datetime import datetime

from .models import SourceMapFile


class DjangoSourceMapStore:
    def save(self, release: str, name: str, text: str, uploaded_at: datetime, uploaded_by: int) -> None:
        SourceMapFile.objects.update_or_create(
            release=release, name=name, defaults={"text": text, "uploaded_at": uploaded_at, "uploaded_by": uploaded_by}
        )

    def load(self, release: str, name: str) -> tuple[str, datetime] | None:
        row = SourceMapFile.objects.filter(release=release, name=name).values_list("text", "uploaded_at").first()
        return None if row is None else (row[0], row[1])
