"""TicketRepository and TicketQueries at the port, on the in-memory fake and on the Django adapters (SQLite, and
PostgreSQL in its pass): a stale save is reported and stores nothing, stored updates come back with their ids, the
open states are the domain's, and both pages refuse cursors they did not issue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.tickets import InMemoryTickets
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from domain.tickets.model import Ticket
from domain.tickets.ports import TicketQueries, TicketRepository
from domain.tickets.queries import QueueCriteria
from domain.tickets.sla import Priority, SlaPolicy
from domain.tickets.status import OPEN_STATES, TicketStatus, UpdateType
from tests.support.cursors import raw_cursor

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@dataclass
class Ports:
    tickets: TicketRepository
    queries: TicketQueries
    learner: int

    def add(self, status: TicketStatus = TicketStatus.OPEN) -> Ticket:
        t = Ticket(
            0, self.learner, self.learner, "Exam locked", "Cannot start", "other", Priority.NORMAL, T0, status=status
        )
        t.start_clocks(SlaPolicy())
        return self.tickets.add(t)


@pytest.fixture(params=["memory", "django"])
def ports(request: pytest.FixtureRequest) -> Ports:
    if request.param == "memory":
        store = InMemoryTickets()
        return Ports(store, store, 100)
    from django.contrib.auth.models import User

    from adapters.orm.tickets.queries import DjangoTicketQueries
    from adapters.orm.tickets.repository import DjangoTicketRepository

    return Ports(DjangoTicketRepository(), DjangoTicketQueries(), User.objects.create_user("lea").pk)


def test_a_stale_save_is_reported_and_stores_nothing(ports: Ports) -> None:
    tid = ports.add().id
    mine = ports.tickets.get(tid)
    theirs = ports.tickets.get(tid)
    assert mine is not None and theirs is not None
    mine.note(UpdateType.COMMENT, "first", ports.learner, T0)
    (stored,) = ports.tickets.save(mine, 1) or []
    assert mine.version == 2 and stored.id is not None and (stored.ticket_id, stored.content) == (tid, "first")
    theirs.title = "Overwritten"
    theirs.note(UpdateType.INTERNAL_NOTE, "lost", ports.learner, T0)
    assert ports.tickets.save(theirs, 1) is None
    now = ports.tickets.get(tid)
    assert now is not None and (now.title, now.version) == ("Exam locked", 2)
    assert [u.content for u in ports.tickets.updates(tid, include_internal=True)] == ["first"]


def test_stored_updates_come_back_with_the_ids_they_are_read_with(ports: Ports) -> None:
    ticket = ports.add()
    ticket.note(UpdateType.COMMENT, "one", ports.learner, T0)
    ticket.note(UpdateType.INTERNAL_NOTE, "two", ports.learner, T0 + timedelta(seconds=1))
    stored = ports.tickets.save(ticket, ticket.version)
    assert stored is not None and ticket.updates == []
    read = ports.tickets.updates(ticket.id, include_internal=True)
    assert (
        [(u.id, u.content) for u in stored]
        == [(u.id, u.content) for u in read]
        == [(stored[0].id, "one"), (stored[1].id, "two")]
    )
    assert [u.content for u in ports.tickets.updates(ticket.id, include_internal=False)] == ["one"]


def test_open_ticket_codes_are_the_domains_open_states_newest_first(ports: Ports) -> None:
    made = [ports.add(status) for status in TicketStatus]
    assert ports.tickets.open_ticket_codes(ports.learner) == [t.code for t in reversed(made) if t.status in OPEN_STATES]


def test_my_tickets_are_paged_newest_first_with_sla_states_as_of_the_given_time(ports: Ports) -> None:
    older, newer = ports.add().id, ports.add().id
    first = ports.queries.of_user(ports.learner, PageRequest(limit=1), T0)
    rest = ports.queries.of_user(ports.learner, PageRequest(limit=1, cursor=first.next_cursor), T0)
    assert [t.id for t in [*first.items, *rest.items]] == [newer, older] and rest.next_cursor is None
    assert first.items[0].sla_state == "ok"
    late = ports.queries.of_user(ports.learner, PageRequest(), T0 + timedelta(days=30))
    assert [t.sla_state for t in late.items] == ["breached", "breached"]


FOREIGN = ["garbage!", raw_cursor(["agents", 5]), raw_cursor(["queue", 5]), raw_cursor(["my-tickets", "5"])]


@pytest.mark.parametrize("cursor", FOREIGN)
def test_the_queue_refuses_cursors_it_did_not_issue(ports: Ports, cursor: str) -> None:
    ports.add()
    with pytest.raises(InvalidInput) as err:
        ports.queries.queue(QueueCriteria(), PageRequest(cursor=cursor), T0)
    assert err.value.code == "invalid_cursor"


@pytest.mark.parametrize("cursor", [*FOREIGN, raw_cursor(["queue", "2026-01-01T00:00:00+00:00", 1])])
def test_my_tickets_refuse_cursors_they_did_not_issue(ports: Ports, cursor: str) -> None:
    ports.add()
    with pytest.raises(InvalidInput) as err:
        ports.queries.of_user(ports.learner, PageRequest(cursor=cursor), T0)
    assert err.value.code == "invalid_cursor"
