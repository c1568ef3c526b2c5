"""What the audit module tells the event stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import AUDIT
from domain.shared.events import Event

from .model import AuditRecord


@dataclass(frozen=True)
class AuditRecorded(Event):
    """An entry was written (never its details): sent live, and again when a client replays from its seq."""

    TYPE = "audit.recorded"
    seq: int
    action: str
    actor_id: int | None
    target_type: str
    target_id: str
    at: datetime
    on_behalf_of: int | None = None  # under impersonation: actor_id is the staff member, this the learner

    @classmethod
    def of(cls, seq: int, r: AuditRecord) -> AuditRecorded:
        return cls(seq, r.action, r.actor_id, r.target_type, r.target_id, r.at, r.on_behalf_of)

    def channels(self) -> tuple[str, ...]:
        return (AUDIT,)
