from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from domain.shared.pagination import Cursor, Page, PageRequest

from .model import Ticket, TicketUpdate
from .queries import AnalyticsReport, QueueCriteria, QueuePage, TicketSummary
from .sla import Priority, workload

AGENTS_CURSOR = Cursor("agents", (int,))  # by user id


@dataclass(frozen=True)
class Agent:
    user_id: int
    username: str
    email: str
    team: str
    available: bool
    is_escalation: bool
    open_tickets: Mapping[Priority, int] = field(default_factory=dict)  # assigned open tickets per priority

    @property
    def load(self) -> int:
        return workload(self.open_tickets)


@dataclass(frozen=True)
class Candidate:
    """What the desk knows of a user it is asked to make an agent."""

    user_id: int
    is_staff: bool
    is_active: bool


@dataclass(frozen=True)
class Learner:
    user_id: int
    email: str
    name: str
    support_priority: str
    snapshot: dict[str, Any]


class TicketRepository(Protocol):
    def add(self, ticket: Ticket) -> Ticket:
        """Store a new ticket (and its updates); the returned ticket carries its id."""
        ...

    def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None: ...

    def save(self, ticket: Ticket, expected_version: int) -> list[TicketUpdate] | None:
        """Store the ticket and its new updates if the stored version is still `expected_version`, bump
        ticket.version and return the new updates as stored (with their ids); None, storing nothing, when it is
        not (someone saved since)."""
        ...

    def updates(self, ticket_id: int, *, include_internal: bool) -> Sequence[TicketUpdate]: ...

    def due_for_sweep(self, now: datetime, limit: int) -> list[int]: ...

    def resolved_before(self, cutoff: datetime, limit: int) -> list[int]: ...

    def open_ticket_codes(self, user_id: int) -> list[str]:
        """The codes of the user's tickets in OPEN_STATES, newest first."""
        ...

    def link_article(self, ticket_id: int, article_id: int, linked_by: int, at: datetime) -> bool:
        """False when the article was linked already."""
        ...

    def linked_articles(self, ticket_id: int) -> list[int]: ...


class TicketQueries(Protocol):
    def queue(self, criteria: QueueCriteria, page: PageRequest, now: datetime) -> QueuePage: ...

    def of_user(self, user_id: int, page: PageRequest, now: datetime) -> Page[TicketSummary]:
        """The user's tickets, newest first (MINE_CURSOR); SLA states as of `now`."""
        ...

    def analytics(self, start: datetime, end: datetime, group_by: str) -> AnalyticsReport: ...


@dataclass(frozen=True)
class PersonRef:
    id: int
    username: str
    email: str


class AgentDirectory(Protocol):
    def team_for(self, category: str) -> str | None:
        """The team the category is routed to; None when it has no route."""
        ...

    def has_team(self, team: str) -> bool: ...

    def agents(self, team: str | None) -> list[Agent]:
        """The active agents of a team (of every team when team is None) by user id, with their open tickets
        (OPEN_STATES) counted per priority."""
        ...

    def listing(self, page: PageRequest) -> Page[Agent]:
        """What agents(None) holds, a page at a time (AGENTS_CURSOR)."""
        ...

    def people(self, user_ids: set[int]) -> dict[int, PersonRef]:
        """Who these users are (learners and staff alike), for display."""
        ...

    def get(self, user_id: int) -> Agent | None:
        """The agent, active or not; None when the user is on no team."""
        ...

    def candidate(self, user_id: int) -> Candidate | None:
        """Whether the user is staff and active; None when there is no such user."""
        ...

    def set_available(self, user_id: int, available: bool) -> bool:
        """False when the user is on no team."""
        ...

    def enlist(self, user_id: int, team: str, is_escalation: bool) -> None:
        """Put the user on an existing team (moving them from another one, keeping their availability; a new
        agent is available). Who may be an agent is the caller's rule (agents.refusal)."""
        ...


class TicketWatcher(Protocol):
    def ticket_changed(self, user_id: int) -> None:
        """A learner's ticket was opened or saved (a status, an escalation, a rating...), inside the unit of work
        (analytics rescores the learner's at-risk score after commit)."""
        ...


class LearnerDirectory(Protocol):
    def learner(self, user_id: int) -> Learner | None:
        """The learner with a snapshot of their context now (status, priority, recent activity,
        enrollments, security events), or None when there is no such learner."""
        ...


class Knowledge(Protocol):
    """What tickets need of the knowledge base."""

    def suggest(self, text: str, *, include_internal: bool, limit: int = 5) -> list[Any]: ...

    def best_category(self, text: str) -> str | None: ...

    def record_link(self, article_id: int) -> Any: ...
