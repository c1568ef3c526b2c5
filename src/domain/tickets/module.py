"""The support desk assembled from its ports (the composition root calls `Tickets.build`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .ports import AgentDirectory, Knowledge, LearnerDirectory, TicketQueries, TicketRepository, TicketWatcher
from .service import Support
from .sla import SlaPolicy
from .steps import Steps
from .sweep import SlaSweep


@dataclass(frozen=True)
class TicketStores:
    tickets: TicketRepository
    queries: TicketQueries
    agents: AgentDirectory


@dataclass(frozen=True)
class TicketSettings:
    sla: SlaPolicy = field(default_factory=SlaPolicy)


@dataclass(frozen=True)
class Tickets:
    support: Support  # the desk's use cases, by audience
    sweep: SlaSweep  # SLA breaches, reminders, auto-close

    @staticmethod
    def build(
        *,
        stores: TicketStores,
        learners: LearnerDirectory,
        knowledge: Knowledge,
        watchers: Sequence[TicketWatcher] = (),
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: TicketSettings | None = None,
    ) -> Tickets:
        """`learners`: accounts' learners (domain.tickets.learner_directory); `knowledge`: the knowledge base's
        suggestions; `watchers`: told when a learner's ticket changes (analytics rescoring)."""
        s, cfg = stores, settings or TicketSettings()
        steps = Steps(
            tickets=s.tickets,
            agents=s.agents,
            learners=learners,
            knowledge=knowledge,
            audit=audit,
            uow=uow,
            clock=clock,
            policy=cfg.sla,
            watchers=watchers,
        )
        support = Support.build(steps, s.queries)
        return Tickets(support, support.sweep)
