"""What the support desk tells the event stream. A ticket event says where the ticket stands (the same fields in
every one of them); the queue (`tickets`) and the ticket's own channel get the same payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import TICKETS, ticket_channel
from domain.shared.events import Event

from .model import Ticket, TicketUpdate
from .sla import Priority, WindowKind
from .status import TicketStatus, UpdateType

Head = tuple[int, str, TicketStatus, Priority, int | None, str, int, datetime | None]


def head(t: Ticket) -> Head:
    """The fields every ticket event starts with, in TicketEvent's order."""
    return (t.id, t.code, t.status, t.priority, t.assigned_to, t.team, t.version, t.sla_next_due)


@dataclass(frozen=True)
class TicketEvent(Event):
    id: int
    ticket_id: str  # the ticket's code, SUP-000042
    status: TicketStatus
    priority: Priority
    assigned_to: int | None
    team: str
    version: int
    sla_next_due: datetime | None

    def channels(self) -> tuple[str, ...]:
        return (TICKETS, ticket_channel(self.id))


@dataclass(frozen=True)
class TicketCreated(TicketEvent):
    TYPE = "ticket.created"


@dataclass(frozen=True)
class TicketUpdated(TicketEvent):
    """Anything about the ticket changed: `changes` names what (fields, or the kind of update posted)."""

    TYPE = "ticket.updated"
    changes: tuple[str, ...]


@dataclass(frozen=True)
class TicketEscalated(TicketEvent):
    TYPE = "ticket.escalated"
    level: int


@dataclass(frozen=True)
class TicketRated(TicketEvent):
    TYPE = "ticket.rated"
    rating: int


@dataclass(frozen=True)
class PostedUpdate:
    id: int | None
    update_type: UpdateType
    content: str
    is_internal: bool
    created_by: int | None
    created_at: datetime

    @classmethod
    def of(cls, u: TicketUpdate) -> PostedUpdate:
        return cls(u.id, u.update_type, u.content, u.is_internal, u.created_by, u.created_at)


@dataclass(frozen=True)
class UpdateAdded(Event):
    """A comment or an internal note, in full, for those watching the ticket (never on the queue's channel)."""

    TYPE = "ticket.update_added"
    id: int
    ticket_id: str
    version: int
    update: PostedUpdate

    def channels(self) -> tuple[str, ...]:
        return (ticket_channel(self.id),)


@dataclass(frozen=True)
class SlaWarning(Event):
    """80% of an SLA window has passed."""

    TYPE = "ticket.sla_warning"
    id: int
    ticket_id: str
    window: WindowKind
    due: datetime

    def channels(self) -> tuple[str, ...]:
        return (TICKETS, ticket_channel(self.id))


@dataclass(frozen=True)
class Presence(Event):
    """An agent is looking at the ticket (for `ttl_seconds`), and is typing in its composer when `typing`. The queue
    (`tickets`) gets it too, for the avatars on each row."""

    TYPE = "ticket.presence"
    ticket: int
    agent_id: int
    username: str
    at: datetime
    ttl_seconds: int
    typing: bool = False

    def channels(self) -> tuple[str, ...]:
        return (TICKETS, ticket_channel(self.ticket))
