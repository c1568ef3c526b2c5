"""A learner and their own tickets: opening one, reading, replying, rating. Another learner's ticket is not found."""

from __future__ import annotations

from typing import Any

from domain.shared.errors import PermissionDenied
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal

from .commands import MAX_TITLE, NewTicket, clean_text
from .events import TicketRated, head
from .ports import TicketQueries
from .queries import TicketSummary
from .sla import Priority
from .steps import Steps
from .views import TicketView


class LearnerService:
    def __init__(self, steps: Steps, queries: TicketQueries):
        self.steps, self.queries, self.uow = steps, queries, steps.uow

    def open(self, actor: Principal, new: NewTicket) -> TicketView:
        """A ticket the learner opens for themselves (at normal priority, raised for learners who get priority)."""
        actor.require(Permission.TICKETS_OWN)
        if new.user_id not in (None, actor.user_id):
            raise PermissionDenied("Learners open tickets for themselves only.")
        with self.uow:
            view = self.steps.learner_view(self.steps.open(actor, new, actor.user_id, Priority.NORMAL))
            self.uow.commit()
        return view

    def mine(self, actor: Principal, page: PageRequest) -> Page[TicketSummary]:
        actor.require(Permission.TICKETS_OWN)
        return self.queries.of_user(actor.user_id, page, self.steps.clock.now())

    def get(self, actor: Principal, ticket_id: int) -> TicketView:
        return self.steps.learner_view(self.steps.own(actor, ticket_id))

    def reply(self, actor: Principal, ticket_id: int, content: str) -> TicketView:
        """The learner's answer. A ticket closed, or resolved longer than the reopen window, takes no replies: the
        answer opens a follow-up ticket instead, and the view is the follow-up's."""
        content = clean_text(content)
        now = self.steps.clock.now()
        with self.uow:
            ticket = self.steps.own(actor, ticket_id, for_update=True)
            if ticket.takes_replies(now):
                ticket.reply(content, actor.user_id, now, self.steps.policy)
                self.steps.announce_post(ticket, self.steps.save(ticket, ticket.version)[-1])
            else:
                follow_up = NewTicket(f"Re: {ticket.title}"[:MAX_TITLE], content, category=ticket.category)
                ticket = self.steps.open(actor, follow_up, actor.user_id, Priority.NORMAL, parent=ticket)
            view = self.steps.learner_view(ticket)
            self.uow.commit()
        return view

    def rate(self, actor: Principal, ticket_id: int, rating: int, comment: str) -> TicketView:
        with self.uow:
            ticket = self.steps.own(actor, ticket_id, for_update=True)
            ticket.rate(rating, comment)
            self.steps.save(ticket, ticket.version)
            self.uow.publish(TicketRated(*head(ticket), rating))
            view = self.steps.learner_view(ticket)
            self.uow.commit()
        return view

    def suggestions(self, actor: Principal, ticket_id: int) -> Page[Any]:
        """Published articles only, matched on the ticket's public text."""
        return self.steps.suggestions(self.steps.own(actor, ticket_id), include_internal=False)
