"""What the ticket page needs from the desk: the status moves its reader may make, and who else is viewing or
typing (on the ticket's channel and the queue's)."""

from __future__ import annotations

import pytest

from domain.shared.errors import PermissionDenied
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from domain.tickets.commands import TicketChange
from domain.tickets.status import TRANSITIONS, TicketStatus, allowed_targets

from .conftest import Desk
from .test_tickets import open_ticket

S = TicketStatus
READER = Principal(20, "cora", frozenset({Role.COMPLIANCE_OFFICER}))  # reads tickets, never works them


@pytest.mark.parametrize("source", list(TicketStatus))
def test_the_moves_offered_are_the_machines_in_order_and_none_without_tickets_work(source: TicketStatus) -> None:
    moves = allowed_targets(source, True)
    assert set(moves) == TRANSITIONS[source] and list(moves) == [s for s in TicketStatus if s in moves]
    assert allowed_targets(source, False) == ()


def test_every_staff_view_carries_the_readers_moves(desk: Desk) -> None:
    tid = open_ticket(desk)
    assert desk.support.desk.get(desk.agent, tid).allowed_transitions == (S.IN_PROGRESS, S.PENDING_USER, S.RESOLVED)
    assert desk.support.desk.get(READER, tid).allowed_transitions == ()
    version = desk.store.rows[tid].version
    resolved = desk.support.desk.change(desk.agent, tid, TicketChange(version=version, status=S.RESOLVED))
    assert resolved.allowed_transitions == (S.OPEN, S.IN_PROGRESS, S.CLOSED)
    closed = desk.support.desk.change(desk.agent, tid, TicketChange(version=resolved.ticket.version, status=S.CLOSED))
    assert closed.allowed_transitions == ()
    assert desk.support.desk.escalate(desk.agent, open_ticket(desk), "angry").allowed_transitions


def test_presence_says_who_types_on_the_ticket_and_the_queue(desk: Desk) -> None:
    tid = open_ticket(desk)
    desk.support.desk.presence(desk.agent2, tid, typing=True)
    desk.support.desk.presence(READER, tid)
    for channel in ("tickets", f"ticket-{tid}"):
        sent = [p.data for p in desk.c.publisher.on(channel) if p.type == "ticket.presence"]
        assert [(d["username"], d["typing"], d["ttl_seconds"]) for d in sent] == [
            ("bob", True, 30),
            ("cora", False, 30),
        ]
    with pytest.raises(PermissionDenied):
        desk.support.desk.presence(READER, tid, typing=True)  # no composer without tickets.work
