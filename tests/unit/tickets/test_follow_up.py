"""A learner's reply to a closed ticket opens a follow-up, on the harness's own stores: the follow-up is kept, and its
events and its audit entry leave when the request ends (they once stayed buffered, and the ticket was undone)."""

from __future__ import annotations

from adapters.memory.accounts import Person
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from domain.tickets.commands import NewTicket, TicketChange
from domain.tickets.status import TicketStatus
from entrypoints.harness import TestContainer

from .conftest import MONDAY_9


def test_a_reply_to_a_closed_ticket_keeps_the_follow_up_and_sends_its_events(harness: TestContainer) -> None:
    harness.clock.set(MONDAY_9)
    harness.people.add(Person("lea", "lea@example.com"), user_id=100)
    harness.agents.add(1, "alice", "general")
    agent = Principal(1, "alice", frozenset({Role.SUPPORT_AGENT}))
    learner = Principal(100, "lea", frozenset({Role.LEARNER}))
    first = harness.support.desk.create(agent, NewTicket("Exam locked", "It will not start", user_id=100)).ticket
    harness.support.desk.change(agent, first.id, TicketChange(version=first.version, status=TicketStatus.RESOLVED))
    harness.clock.advance(days=8)
    sent, audited = len(harness.publisher.published), len(harness.audit_log.entries)

    follow_up = harness.support.learner.reply(learner, first.id, "It is locked again").ticket

    stored = harness.tickets.get(follow_up.id)
    assert stored is not None and stored.parent_id == first.id and follow_up.id != first.id
    news = [(p.channel, p.type, p.data.get("id")) for p in harness.publisher.published[sent:]]
    assert ("tickets", "ticket.created", follow_up.id) in news
    assert (f"ticket-{follow_up.id}", "ticket.created", follow_up.id) in news
    assert ("audit", "audit.recorded") in [(c, t) for c, t, _ in news]
    assert [e.record.action for e in harness.audit_log.entries[audited:]] == ["ticket.create"]
