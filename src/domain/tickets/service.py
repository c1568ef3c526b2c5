"""The support desk's use cases, by role: staff at the desk, learners, the agents' roster, analytics."""

from __future__ import annotations

from dataclasses import dataclass

from .agents import AgentsService
from .analytics import AnalyticsService
from .desk import DeskService
from .learner import LearnerService
from .ports import TicketQueries
from .steps import Steps
from .sweep import SlaSweep


@dataclass(frozen=True)
class Support:
    desk: DeskService
    learner: LearnerService
    agents: AgentsService
    analytics: AnalyticsService
    sweep: SlaSweep

    @classmethod
    def build(cls, steps: Steps, queries: TicketQueries) -> Support:
        desk = DeskService(steps, queries)
        return cls(
            desk=desk,
            learner=LearnerService(steps, queries),
            agents=AgentsService(steps.agents, steps.audit, steps.uow),
            analytics=AnalyticsService(queries, steps.clock),
            sweep=SlaSweep(steps, desk),
        )
