"""Staff at the support desk: the queue, tickets opened for learners, changes, conversation, escalation."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from domain.shared.errors import InvalidInput
from domain.shared.events import TOPIC_TICKET_ASSIGNED, TOPIC_TICKET_REPLY, Notification
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal

from .commands import NewTicket, TicketChange
from .events import Presence, TicketEscalated, TicketUpdated, head
from .model import Ticket
from .ports import TicketQueries
from .queries import QueueCriteria, QueuePage
from .routing import least_loaded
from .sla import Priority, Window
from .status import UpdateType, allowed_targets
from .steps import Steps, stale
from .views import Linked, Posted, StaffTicketView

PRESENCE_SECONDS = 30


class DeskService:
    def __init__(self, steps: Steps, queries: TicketQueries):
        self.steps, self.queries = steps, queries
        self.tickets, self.agents, self.audit, self.uow = steps.tickets, steps.agents, steps.audit, steps.uow

    def _view(self, actor: Principal, ticket: Ticket) -> StaffTicketView:
        """The staff view with the status moves this reader may make."""
        moves = allowed_targets(ticket.status, actor.can(Permission.TICKETS_WORK))
        return replace(self.steps.staff_view(ticket), allowed_transitions=moves)

    def queue(self, actor: Principal, criteria: QueueCriteria, page: PageRequest) -> QueuePage:
        actor.require(Permission.TICKETS_READ)
        return self.queries.queue(criteria, page, self.steps.clock.now())

    def create(self, actor: Principal, new: NewTicket) -> StaffTicketView:
        """A ticket opened by staff for a learner (`new.user_id`), at the priority they choose."""
        actor.require(Permission.TICKETS_WORK)
        if new.user_id is None:
            raise InvalidInput("user_id is required when staff open a ticket.", code="user_required")
        with self.uow:
            ticket = self.steps.open(actor, new, new.user_id, new.priority or Priority.NORMAL)
            view = self._view(actor, ticket)
            self.uow.commit()
        return view

    def get(self, actor: Principal, ticket_id: int) -> StaffTicketView:
        """Staff reading a ticket is audited (it shows the learner's context)."""
        actor.require(Permission.TICKETS_READ)
        with self.uow:
            view = self._view(actor, self.steps.load(ticket_id))
            learner = view.ticket.user_id
            self.audit.record(actor, "ticket.read", "ticket", ticket_id, {"user_id": learner}, subject_id=learner)
            self.uow.commit()
        return view

    def change(self, actor: Principal, ticket_id: int, change: TicketChange) -> StaffTicketView:
        actor.require(Permission.TICKETS_WORK)
        now = self.steps.clock.now()
        with self.uow:
            ticket = self.steps.load(ticket_id, for_update=True)
            if change.version != ticket.version:
                raise stale(change.version, ticket.version)
            if change.assign and change.assigned_to is not None and self.agents.get(change.assigned_to) is None:
                details = {"id": change.assigned_to}
                raise InvalidInput("That person is not a support agent.", code="not_an_agent", details=details)
            diff = ticket.apply(change, actor.user_id, now, self.steps.policy, self.steps.categories)
            self.steps.save(ticket, change.version)
            if "assigned_to" in diff:
                self._tell_assignee(actor, ticket)
            self.audit.record(actor, "ticket.update", "ticket", ticket_id, diff)
            self.uow.publish(TicketUpdated(*head(ticket), tuple(sorted(diff))))
            view = self._view(actor, ticket)
            self.uow.commit()
        return view

    def post(self, actor: Principal, ticket_id: int, kind: UpdateType, content: str) -> Posted:
        """A comment (mailed to the learner) or an internal note."""
        actor.require(Permission.TICKETS_WORK)
        now = self.steps.clock.now()
        with self.uow:
            ticket = self.steps.load(ticket_id, for_update=True)
            ticket.post(kind, content, actor.user_id, now, self.steps.policy)
            (update,) = self.steps.save(ticket, ticket.version)
            learner = self.steps.learners.learner(ticket.user_id) if kind is UpdateType.COMMENT else None
            if learner is not None and learner.email:
                body = f"{update.content}\n\nReply to this ticket in the help centre."
                self.uow.notify(
                    Notification(learner.email, f"[{ticket.code}] {ticket.title}", body, topic=TOPIC_TICKET_REPLY)
                )
            self.audit.record(actor, f"ticket.{kind.value}", "ticket", ticket_id, {"length": len(update.content)})
            self.steps.announce_post(ticket, update)
            author = self.agents.people({actor.user_id}).get(actor.user_id)
            self.uow.commit()
        return Posted(update, ticket.version, author)

    def _tell_assignee(self, actor: Principal, ticket: Ticket) -> None:
        """An agent handed a ticket by someone else is told (through their notification preferences)."""
        agent = self.agents.get(ticket.assigned_to) if ticket.assigned_to else None
        if agent is not None and agent.email and agent.user_id != actor.user_id:
            subject = f"[{ticket.code}] assigned to you"
            note = Notification(agent.email, subject, f"{ticket.title}\n\nPriority: {ticket.priority.value}")
            self.uow.notify(replace(note, topic=TOPIC_TICKET_ASSIGNED))

    def escalate(self, actor: Principal, ticket_id: int, reason: str) -> StaffTicketView:
        actor.require(Permission.TICKETS_WORK)
        with self.uow:
            ticket = self.steps.load(ticket_id, for_update=True)
            self._escalate(ticket, actor, reason, self.steps.clock.now())
            view = self._view(actor, ticket)
            self.uow.commit()
        return view

    def escalate_breach(self, ticket_id: int, window: Window, at: datetime) -> bool:
        """The sweep's escalation of a breached window: once a window (False when it was escalated already)."""
        reason = f"SLA breached: {window.label} was due {window.due:%Y-%m-%d %H:%M} UTC"
        with self.uow:
            done = self._escalate(self.steps.load(ticket_id, for_update=True), None, reason, at, window)
            self.uow.commit()
        return done

    def _escalate(
        self, ticket: Ticket, actor: Principal | None, reason: str, at: datetime, window: Window | None = None
    ) -> bool:
        """Escalate, hand the ticket to the team's escalation pool when its agent is away, and tell the agent."""
        if not ticket.escalate(reason, actor.user_id if actor else None, at, window):
            return False
        agent = self.agents.get(ticket.assigned_to) if ticket.assigned_to else None
        if agent is None or not agent.available:
            pool = least_loaded(a for a in self.agents.agents(ticket.team) if a.is_escalation)
            if pool is not None and pool.user_id != ticket.assigned_to:
                ticket.assign(pool.user_id, None, at, f"escalation pool of {ticket.team}")
                agent = pool
        if agent is not None and agent.email:
            subject = f"[{ticket.code}] escalated to level {ticket.escalation_level}"
            body = f"{ticket.title}\n\nReason: {reason.strip()}"
            self.uow.notify(Notification(agent.email, subject, body, topic=TOPIC_TICKET_ASSIGNED))
        self.steps.save(ticket, ticket.version)
        details = {"level": ticket.escalation_level, "reason": reason[:500]}
        self.audit.record(actor, "ticket.escalate", "ticket", ticket.id, details)
        self.uow.publish(TicketEscalated(*head(ticket), ticket.escalation_level))
        return True

    def link_article(self, actor: Principal, ticket_id: int, article_id: int) -> Linked:
        actor.require(Permission.TICKETS_WORK)
        with self.uow:
            ticket = self.steps.load(ticket_id)
            added = self.tickets.link_article(ticket.id, article_id, actor.user_id, self.steps.clock.now())
            if added:
                self.steps.knowledge.record_link(article_id)  # unknown and draft articles: 404, nothing kept
                self.audit.record(actor, "ticket.link_article", "ticket", ticket_id, {"article_id": article_id})
                self.uow.publish(TicketUpdated(*head(ticket), ("articles",)))
            view = self._view(actor, ticket)
            self.uow.commit()
        return Linked(added, view)

    def suggestions(self, actor: Principal, ticket_id: int) -> Page[Any]:
        """Published and internal articles for the ticket: reading the ticket and the knowledge base (`kb.read`)
        both, since internal articles are among them."""
        actor.require(Permission.TICKETS_READ)
        actor.require(Permission.KB_READ)
        return self.steps.suggestions(self.steps.load(ticket_id), include_internal=True)

    def presence(self, actor: Principal, ticket_id: int, *, typing: bool = False) -> None:
        """A heartbeat: the agent is looking at the ticket (others see it for PRESENCE_SECONDS), and with `typing`
        is writing in its composer, which only someone who may work tickets can do."""
        actor.require(Permission.TICKETS_READ)
        if typing:
            actor.require(Permission.TICKETS_WORK)
        self.steps.load(ticket_id)
        with self.uow:
            now = self.steps.clock.now()
            self.uow.publish(Presence(ticket_id, actor.user_id, actor.username, now, PRESENCE_SECONDS, typing))
            self.uow.commit()
