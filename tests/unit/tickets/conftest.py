from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.memory.accounts import Person
from adapters.memory.tickets import InMemoryAgents, InMemoryTickets
from adapters.risk_rescore import RescoreOnTicketChange
from domain.accounts.model import Profile, SupportPriority
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from domain.tickets.learner_directory import AccountsLearnerDirectory
from domain.tickets.module import Tickets, TicketSettings, TicketStores
from domain.tickets.service import Support
from domain.tickets.sla import BusinessHours, SlaPolicy
from domain.tickets.sweep import SlaSweep
from entrypoints.harness import TestContainer

MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class FakeKnowledge:
    """Stands in for the knowledge base: records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, bool]] = []
        self.links: list[int] = []
        self.hint: str | None = None

    def suggest(self, text: str, *, include_internal: bool, limit: int = 5) -> list[Any]:
        self.asked.append((text, include_internal))
        return []

    def best_category(self, text: str) -> str | None:
        return self.hint

    def record_link(self, article_id: int) -> Any:
        self.links.append(article_id)
        return article_id


@dataclass
class Desk:
    c: TestContainer
    support: Support
    sweep: SlaSweep
    store: InMemoryTickets
    agents: InMemoryAgents
    knowledge: FakeKnowledge
    agent: Principal
    agent2: Principal
    admin: Principal
    learner: Principal
    other_learner: Principal


def build_desk(harness: TestContainer, policy: SlaPolicy | None = None) -> Desk:
    """The harness's own stores (under its unit of work), with a knowledge base that records what it is asked."""
    harness.clock.set(MONDAY_9)
    store, agents = harness.tickets, harness.agents
    knowledge = FakeKnowledge()
    desk = Tickets.build(
        stores=TicketStores(store, store, agents),
        learners=AccountsLearnerDirectory(harness.accounts),
        knowledge=knowledge,
        watchers=(RescoreOnTicketChange(harness.uow),),
        audit=harness.audit,
        uow=harness.uow,
        clock=harness.clock,
        settings=TicketSettings(policy or SlaPolicy()),
    )
    support, sweep = desk.support, desk.sweep
    learner = harness.people.add(Person("lea", "lea@example.com", "Lea", "Ng"), user_id=100)
    harness.people.add(
        Person("max", "max@example.com"), Profile(0, support_priority=SupportPriority.URGENT), user_id=101
    )
    agents.add(1, "alice", "general")
    agents.add(2, "bob", "general")
    agents.add(3, "esc", "general", escalation=True)
    agents.add(4, "tina", "technical")
    return Desk(
        harness,
        support,
        sweep,
        store,
        agents,
        knowledge,
        agent=Principal(1, "alice", frozenset({Role.SUPPORT_AGENT})),
        agent2=Principal(2, "bob", frozenset({Role.SUPPORT_AGENT})),
        admin=Principal(9, "sally", frozenset({Role.SUPPORT_ADMIN})),
        learner=Principal(learner.user_id, "lea", frozenset({Role.LEARNER})),
        other_learner=Principal(101, "max", frozenset({Role.LEARNER})),
    )


@pytest.fixture
def desk(harness: TestContainer) -> Desk:
    return build_desk(harness)


BERLIN = SlaPolicy(hours=BusinessHours(zone="Europe/Berlin"))
