"""The steps every role's use cases are made of: load a ticket, save it, show it, open a new one, announce a post.
They run in the caller's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, NotFound
from domain.shared.pagination import Page
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.support import DEFAULT_CATEGORIES
from domain.shared.uow import UnitOfWork

from .commands import NewTicket, clean_category, clean_subject, clean_tags
from .events import PostedUpdate, TicketCreated, TicketUpdated, UpdateAdded, head
from .model import Ticket, TicketUpdate
from .ports import AgentDirectory, Knowledge, LearnerDirectory, TicketRepository, TicketWatcher
from .routing import DEFAULT_TEAM, categorise, least_loaded
from .sla import Priority, SlaPolicy
from .status import UpdateType
from .views import StaffTicketView, TicketView

MAX_SUGGESTIONS = 5


def not_found(ticket_id: int) -> NotFound:
    return NotFound("No such ticket.", code="ticket_not_found", details={"id": ticket_id})


def stale(given: int, current: int | None) -> Conflict:
    return Conflict(
        "Someone changed this ticket since you loaded it.",
        code="stale_ticket",
        details={"current_version": current, "your_version": given},
    )


@dataclass(frozen=True)
class Steps:
    tickets: TicketRepository
    agents: AgentDirectory
    learners: LearnerDirectory
    knowledge: Knowledge
    audit: AuditTrail
    uow: UnitOfWork
    clock: Clock
    policy: SlaPolicy = field(default_factory=SlaPolicy)
    categories: Sequence[str] = DEFAULT_CATEGORIES
    watchers: Sequence[TicketWatcher] = ()

    def load(self, ticket_id: int, *, for_update: bool = False) -> Ticket:
        ticket = self.tickets.get(ticket_id, for_update=for_update)
        if ticket is None:
            raise not_found(ticket_id)
        return ticket

    def own(self, actor: Principal, ticket_id: int, *, for_update: bool = False) -> Ticket:
        """The learner's own ticket; another learner's is not found."""
        actor.require(Permission.TICKETS_OWN)
        ticket = self.load(ticket_id, for_update=for_update)
        if ticket.user_id != actor.user_id:
            raise not_found(ticket_id)
        return ticket

    def save(self, ticket: Ticket, expected_version: int) -> list[TicketUpdate]:
        """Its new updates as stored; 409 stale_ticket when someone saved since `expected_version`."""
        stored = self.tickets.save(ticket, expected_version)
        if stored is None:
            current = self.tickets.get(ticket.id)
            raise stale(expected_version, current.version if current else None)
        for watcher in self.watchers:
            watcher.ticket_changed(ticket.user_id)
        return stored

    def staff_view(self, ticket: Ticket) -> StaffTicketView:
        return StaffTicketView(*self._view(ticket, include_internal=True))

    def learner_view(self, ticket: Ticket) -> TicketView:
        return TicketView(*self._view(ticket, include_internal=False))

    def _view(self, ticket: Ticket, include_internal: bool) -> tuple[Any, ...]:
        updates = self.tickets.updates(ticket.id, include_internal=include_internal)
        ids = {ticket.user_id, *(u.created_by for u in updates if u.created_by)}
        if ticket.assigned_to:
            ids.add(ticket.assigned_to)
        linked, people = self.tickets.linked_articles(ticket.id), self.agents.people(ids)
        return ticket, updates, linked, people, ticket.sla_state(self.clock.now())

    def suggestions(self, ticket: Ticket, *, include_internal: bool) -> Page[Any]:
        """The best knowledge-base articles for the ticket's public text (never its internal notes)."""
        public = self.tickets.updates(ticket.id, include_internal=False)
        comments = [u.content for u in public if u.update_type is UpdateType.COMMENT]
        text = "\n".join([ticket.title, ticket.description, *comments])
        return Page(self.knowledge.suggest(text, include_internal=include_internal, limit=MAX_SUGGESTIONS), None)

    def open(
        self, actor: Principal, new: NewTicket, user_id: int, priority: Priority, parent: Ticket | None = None
    ) -> Ticket:
        """A new ticket for the learner: categorised, clocks started, routed to the least-loaded agent of its
        team, audited and announced. A follow-up names its `parent`."""
        title, description = clean_subject(new.title, new.description)
        category = clean_category(new.category, self.categories) if new.category is not None else None
        tags = clean_tags(new.tags)
        learner = self.learners.learner(user_id)
        if learner is None:
            raise NotFound("No such learner.", code="user_not_found", details={"id": user_id})
        text = f"{title}\n{description}"
        category = category or categorise(text, self.knowledge.best_category(text), self.categories)
        if learner.support_priority in ("high", "urgent"):
            priority = priority.raised()
        now, team = self.clock.now(), self.agents.team_for(category) or DEFAULT_TEAM
        context = {**learner.snapshot, "open_tickets": self.tickets.open_ticket_codes(user_id)}
        ticket = Ticket(
            0,
            user_id,
            actor.user_id,
            title,
            description,
            category,
            priority,
            now,
            team=team,
            tags=tags,
            updated_at=now,
            context=context,
            parent_id=parent.id if parent else None,
            opened_under_impersonation=actor.impersonator_id is not None,
        )
        ticket.start_clocks(self.policy)
        agent = least_loaded(self.agents.agents(team))
        if agent is not None:
            ticket.assigned_to = agent.user_id
            routed = f"Routed to {agent.username} ({team})"
            ticket.note(UpdateType.ASSIGNMENT, routed, None, now, to=agent.user_id, reason="routing")
        if parent is not None:
            ticket.note(UpdateType.STATUS_CHANGE, f"follow-up of {parent.code}", None, now, parent=parent.id)
        ticket = self.tickets.add(ticket)
        for watcher in self.watchers:
            watcher.ticket_changed(user_id)
        facts = {"user_id": user_id, "category": category, "priority": priority.value}
        if actor.impersonator_id is not None:
            facts["opened_under_impersonation"] = True
        self.audit.record(actor, "ticket.create", "ticket", ticket.id, facts)
        self.uow.publish(TicketCreated(*head(ticket)))
        return ticket

    def announce_post(self, ticket: Ticket, update: TicketUpdate) -> None:
        self.uow.publish(TicketUpdated(*head(ticket), (update.update_type.value,)))
        self.uow.publish(UpdateAdded(ticket.id, ticket.code, ticket.version, PostedUpdate.of(update)))
