"""The AgentDirectory port, on the in-memory fake and on the Django adapter (SQLite, and PostgreSQL in its pass):
who a user is, teams and routes, enlisting, availability, loads, and the agents' pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from adapters.memory.accounts import InMemoryAccounts, Person
from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.tickets import InMemoryAgents, InMemoryTickets
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.tickets.agents import refusal
from domain.tickets.model import Ticket
from domain.tickets.ports import AgentDirectory, Candidate, TicketRepository
from domain.tickets.sla import Priority
from domain.tickets.status import TicketStatus
from tests.support.cursors import raw_cursor

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@dataclass
class Desk:
    agents: AgentDirectory
    tickets: TicketRepository
    staff: Callable[[str], int]
    learner: Callable[[str], int]
    deactivate: Callable[[int], None]


def memory_desk() -> Desk:
    tickets, directory, accounts = InMemoryTickets(), InMemoryIdentityDirectory(), InMemoryAccounts()
    return Desk(
        InMemoryAgents(tickets, accounts=accounts, directory=directory),
        tickets,
        lambda name: directory.add(name, roles=frozenset({Role.SUPPORT_AGENT}), email=f"{name}@example.com").id,
        lambda name: accounts.add(Person(name, f"{name}@example.com")).user_id,
        lambda uid: directory.set_active(uid, False),
    )


def django_desk() -> Desk:
    from django.contrib.auth.models import User

    from adapters.orm.tickets.repository import DjangoAgentDirectory, DjangoTicketRepository

    def user(name: str, staff: bool) -> int:
        return User.objects.create_user(name, f"{name}@example.com", None, is_staff=staff).pk

    def deactivate(uid: int) -> None:
        User.objects.filter(pk=uid).update(is_active=False)

    return Desk(
        DjangoAgentDirectory(),
        DjangoTicketRepository(),
        lambda name: user(name, True),
        lambda name: user(name, False),
        deactivate,
    )


@pytest.fixture(params=["memory", "django"])
def desk(request: pytest.FixtureRequest) -> Desk:
    return memory_desk() if request.param == "memory" else django_desk()


def enlisted(d: Desk, *names: str, team: str = "general") -> list[int]:
    ids = [d.staff(name) for name in names]
    for uid in ids:
        d.agents.enlist(uid, team, False)
    return ids


def test_who_a_user_is_and_who_may_be_an_agent(desk: Desk) -> None:
    d = desk
    sam, gone, lea = d.staff("sam"), d.staff("gone"), d.learner("lea")
    d.deactivate(gone)
    assert d.agents.candidate(sam) == Candidate(sam, True, True)
    assert d.agents.candidate(gone) == Candidate(gone, True, False)
    assert d.agents.candidate(lea) == Candidate(lea, False, True)
    assert d.agents.candidate(987_654) is None
    found = [refusal(d.agents.candidate(uid), True) for uid in (sam, gone, lea, 987_654)]
    assert found == [None, "not_staff", "not_staff", "not_staff"]
    assert refusal(d.agents.candidate(sam), d.agents.has_team("astronauts")) == "team_not_found"
    assert all(d.agents.has_team(team) for team in ("general", "technical", "billing", "content"))


def test_routes_name_a_team_or_none(desk: Desk) -> None:
    routes = {c: desk.agents.team_for(c) for c in ("billing", "bug", "course_content", "account", "nonsense")}
    assert routes == {
        "billing": "billing",
        "bug": "technical",
        "course_content": "content",
        "account": "general",
        "nonsense": None,
    }


def test_enlisting_moves_an_agent_and_keeps_their_availability(desk: Desk) -> None:
    d = desk
    sam = d.staff("sam")
    assert d.agents.get(sam) is None and d.agents.set_available(sam, False) is False
    d.agents.enlist(sam, "general", False)
    agent = d.agents.get(sam)
    assert agent is not None
    assert (agent.username, agent.email, agent.team, agent.available, agent.is_escalation, agent.load) == (
        "sam",
        "sam@example.com",
        "general",
        True,
        False,
        0,
    )
    assert d.agents.set_available(sam, False) is True
    d.agents.enlist(sam, "technical", True)
    agent = d.agents.get(sam)
    assert agent is not None and (agent.team, agent.available, agent.is_escalation) == ("technical", False, True)
    assert [a.user_id for a in d.agents.agents("technical")] == [sam] and d.agents.agents("general") == []


def test_load_is_open_tickets_per_priority(desk: Desk) -> None:
    d = desk
    (sam,) = enlisted(d, "sam")
    lea = d.learner("lea")
    for priority, status in [
        (Priority.HIGH, TicketStatus.OPEN),
        (Priority.NORMAL, TicketStatus.PENDING_USER),
        (Priority.HIGH, TicketStatus.IN_PROGRESS),
        (Priority.URGENT, TicketStatus.RESOLVED),
        (Priority.CRITICAL, TicketStatus.CLOSED),
    ]:
        d.tickets.add(Ticket(0, lea, lea, "t", "d", "other", priority, T0, status=status, assigned_to=sam))
    agent = d.agents.get(sam)
    assert agent is not None and dict(agent.open_tickets) == {Priority.HIGH: 2, Priority.NORMAL: 1}
    assert agent.load == 2 * Priority.HIGH.weight + Priority.NORMAL.weight == d.agents.agents(None)[0].load


def test_inactive_agents_are_kept_but_not_listed(desk: Desk) -> None:
    d = desk
    sam, gone = enlisted(d, "sam", "gone")
    d.deactivate(gone)
    listed = d.agents.listing(PageRequest()).items
    assert [a.user_id for a in d.agents.agents(None)] == [sam] == [a.user_id for a in listed]
    assert d.agents.get(gone) is not None


def test_the_listing_pages_by_user_id(desk: Desk) -> None:
    d = desk
    ids = enlisted(d, "a1", "a2", "a3")
    first = d.agents.listing(PageRequest(limit=2))
    rest = d.agents.listing(PageRequest(limit=2, cursor=first.next_cursor))
    assert [a.user_id for a in [*first.items, *rest.items]] == sorted(ids) and rest.next_cursor is None


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        raw_cursor(["queue", "2026-01-01T00:00:00+00:00", 1]),
        raw_cursor(["my-tickets", 5]),
        raw_cursor(["agents", "5"]),
    ],
)
def test_the_listing_refuses_cursors_it_did_not_issue(desk: Desk, cursor: str) -> None:
    enlisted(desk, "sam")
    with pytest.raises(InvalidInput) as err:
        desk.agents.listing(PageRequest(cursor=cursor))
    assert err.value.code == "invalid_cursor"


def test_people_are_staff_and_learners_alike(desk: Desk) -> None:
    d = desk
    sam, lea = d.staff("sam"), d.learner("lea")
    people = d.agents.people({sam, lea, 987_654})
    assert {uid: (p.username, p.email) for uid, p in people.items()} == {
        sam: ("sam", "sam@example.com"),
        lea: ("lea", "lea@example.com"),
    }
