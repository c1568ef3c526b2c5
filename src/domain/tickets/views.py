"""What a use case answers with: a ticket as a learner sees it, as staff see it, and what a command produced."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Ticket, TicketUpdate
from .ports import PersonRef
from .sla import SlaState
from .status import TicketStatus


@dataclass(frozen=True)
class TicketView:
    """A ticket as its learner sees it: public updates only (the edge shows no context snapshot either)."""

    ticket: Ticket
    updates: Sequence[TicketUpdate]
    linked_articles: Sequence[int]
    people: Mapping[int, PersonRef]  # the learner, the assignee and the authors, by user id
    sla_state: SlaState


@dataclass(frozen=True)
class StaffTicketView(TicketView):
    """A ticket as staff see it: internal notes included, and the learner's context snapshot; with the status moves
    its reader may make (`allowed_transitions`, from the workflow and the reader's permissions)."""

    allowed_transitions: Sequence[TicketStatus] = ()


@dataclass(frozen=True)
class Posted:
    """A comment or note as stored, and the ticket's version after it (what the next change must name)."""

    update: TicketUpdate
    ticket_version: int
    author: PersonRef | None


@dataclass(frozen=True)
class Linked:
    added: bool  # False: the article was linked already
    view: StaffTicketView
