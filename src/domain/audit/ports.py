from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from domain.shared.pagination import Page, PageRequest

from .model import AuditEntry, AuditFilter, AuditRecord


class AuditLog(Protocol):
    def append(self, record: AuditRecord) -> AuditEntry:
        """Append in the caller's transaction, linking to the previous entry's hash."""
        ...

    def search(self, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        """Newest first, keyset-paginated on seq."""
        ...

    def chain(self) -> Iterator[AuditEntry]:
        """Every entry in seq order, as stored."""
        ...
