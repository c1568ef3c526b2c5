"""Support agents: who may be one, the teams they are on, whether they are available."""

from __future__ import annotations

from domain.shared.audit import AuditTrail
from domain.shared.errors import InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .ports import Agent, AgentDirectory, Candidate


def refusal(candidate: Candidate | None, team_exists: bool) -> str | None:
    """Why the user may not be made an agent of the team, or None when they may: the team must exist, and
    agents are active staff (never learners, never a user that does not exist)."""
    if not team_exists:
        return "team_not_found"
    if candidate is None or not candidate.is_staff or not candidate.is_active:
        return "not_staff"
    return None


class AgentsService:
    def __init__(self, agents: AgentDirectory, audit: AuditTrail, uow: UnitOfWork):
        self.agents, self.audit, self.uow = agents, audit, uow

    def overview(self, actor: Principal, page: PageRequest) -> Page[Agent]:
        actor.require(Permission.TICKETS_READ)
        return self.agents.listing(page)

    def enlist(self, actor: Principal, user_id: int, team: str, is_escalation: bool) -> Agent:
        """Put a staff member on a team (moving them if they were on another)."""
        actor.require(Permission.TICKETS_ADMIN)
        with self.uow:
            problem = refusal(self.agents.candidate(user_id), self.agents.has_team(team))
            if problem == "team_not_found":
                raise NotFound("No such team.", code=problem, details={"team": team})
            if problem is not None:
                raise InvalidInput("Only active staff can be agents.", code=problem, details={"user_id": user_id})
            self.agents.enlist(user_id, team, is_escalation)
            agent = self.agents.get(user_id)
            assert agent is not None
            self.audit.record(actor, "agent.enlist", "user", user_id, {"team": team, "is_escalation": is_escalation})
            self.uow.commit()
        return agent

    def set_available(self, actor: Principal, agent_id: int, available: bool) -> None:
        """Agents set their own availability; support admins anyone's."""
        actor.require(Permission.TICKETS_WORK if agent_id == actor.user_id else Permission.TICKETS_ADMIN)
        with self.uow:
            if not self.agents.set_available(agent_id, available):
                raise NotFound("No such agent.", code="agent_not_found")
            self.audit.record(actor, "agent.availability", "user", agent_id, {"available": available})
            self.uow.commit()
