"""Where run-time policies are kept, and where a change is raised."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.shared.security_events import NewSecurityEvent


@dataclass(frozen=True)
class StoredGroup:
    """One group's override: `values` empty means none (back to the defaults); `version` grows with each write."""

    group: str
    values: Mapping[str, Any]
    version: int
    updated_by: str
    updated_at: datetime | None


class PolicyStore(Protocol):
    def all(self) -> dict[str, StoredGroup]:
        """Every group ever written, by name (a group never written is absent: version 0)."""
        ...

    def put(self, group: str, values: Mapping[str, Any], expected: int, by: str, at: datetime) -> StoredGroup | None:
        """Write the group's values when its version is `expected` (0: never written), as version `expected + 1`;
        None, changing nothing, when another write came first. Of two concurrent writes of one version, one wins."""
        ...


class SecurityLog(Protocol):
    """Where a change is raised: the security module's event log (held by tests/contracts/test_security_log.py)."""

    def raise_event(self, new: NewSecurityEvent) -> object: ...
