from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.shared.pagination import PageRequest

from .model import Ticket, TicketUpdate
from .queries import AnalyticsReport, QueueCriteria, QueuePage, TicketSummary


@dataclass(frozen=True)
class Agent:
    user_id: int
    username: str
    email: str
    team: str
    available: bool
    is_escalation: bool
    load: int  # open tickets weighted by priority


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

    def save(self, ticket: Ticket, expected_version: int) -> None:
        """Store the ticket and its new updates if nobody saved since `expected_version`, else
        raise Conflict(code="stale_ticket"). Bumps ticket.version."""
        ...

    def updates(self, ticket_id: int, *, include_internal: bool) -> Sequence[TicketUpdate]: ...

    def due_for_sweep(self, now: datetime, limit: int) -> list[int]: ...

    def resolved_before(self, cutoff: datetime, limit: int) -> list[int]: ...

    def open_ticket_codes(self, user_id: int) -> list[str]: ...

    def link_article(self, ticket_id: int, article_id: int, linked_by: int, at: datetime) -> bool:
        """False when the article was linked already."""
        ...

    def linked_articles(self, ticket_id: int) -> list[int]: ...


class TicketQueries(Protocol):
    def queue(self, criteria: QueueCriteria, page: PageRequest, now: datetime) -> QueuePage: ...

    def of_user(self, user_id: int, page: PageRequest) -> tuple[list[TicketSummary], str | None]: ...

    def analytics(self, start: datetime, end: datetime, group_by: str) -> AnalyticsReport: ...


@dataclass(frozen=True)
class PersonRef:
    id: int
    username: str
    email: str


class AgentDirectory(Protocol):
    def team_for(self, category: str) -> str: ...

    def agents(self, team: str | None) -> list[Agent]:
        """The agents of a team (all agents when team is None), with their current load."""
        ...

    def people(self, user_ids: set[int]) -> dict[int, PersonRef]:
        """Who these users are (learners and staff alike), for display."""
        ...

    def get(self, user_id: int) -> Agent | None: ...

    def set_available(self, user_id: int, available: bool) -> bool: ...

    def enlist(self, user_id: int, team: str, is_escalation: bool) -> str | None:
        """Make a staff user an agent of `team` (or move them). None when done, else why not:
        "team_not_found" or "not_staff"."""
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
