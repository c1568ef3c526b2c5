"""The security event any module may raise (identity's sessions, impersonation's journal, accounts' ingestion):
the shared kernel's vocabulary, so that raising one does not tie a module to the security module that stores it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a security event is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True)
class NewSecurityEvent:
    """What a use case (or a platform service, through ingestion) raises. `rule` names what decided it; `facts`
    are what made the rule fire (never secrets). `user_id` is None for an event about a network, not a person."""

    event_type: str
    severity: Severity
    rule: str
    timestamp: datetime
    user_id: int | None = None
    description: str = ""
    facts: Mapping[str, Any] = field(default_factory=dict)
    ip: str | None = None
    user_agent: str = ""

    @property
    def alert_key(self) -> str:
        """Alerts are de-duplicated per rule and subject (the person, else the network)."""
        subject = f"user:{self.user_id}" if self.user_id is not None else f"ip:{self.ip or '-'}"
        return f"{self.rule}|{subject}"
