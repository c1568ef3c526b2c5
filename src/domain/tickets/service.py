"""Use cases of the support desk: tickets, conversation, assignment, escalation, the learner's side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.events import Notification
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.support import DEFAULT_CATEGORIES, MAX_TAG, MAX_TAGS, is_tag
from domain.shared.uow import UnitOfWork

from .agents import refusal
from .events import (
    PostedUpdate,
    Presence,
    TicketCreated,
    TicketEscalated,
    TicketRated,
    TicketUpdated,
    UpdateAdded,
    head,
)
from .model import OPEN_STATES, Status, Ticket, TicketUpdate, UpdateType
from .ports import Agent, AgentDirectory, Knowledge, LearnerDirectory, PersonRef, TicketQueries, TicketRepository
from .queries import GROUPS, AnalyticsReport, QueueCriteria, QueuePage, TicketSummary
from .routing import DEFAULT_TEAM, categorise, least_loaded
from .sla import Priority, SlaPolicy

MAX_TEXT = 20_000


@dataclass(frozen=True)
class NewTicket:
    title: str
    description: str
    user_id: int | None = None
    priority: Priority | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TicketChange:
    version: int
    status: Status | None = None
    priority: Priority | None = None
    category: str | None = None
    tags: tuple[str, ...] | None = None
    team: str | None = None
    assign: bool = False  # True: set assigned_to (None = unassign)
    assigned_to: int | None = None
    note: str = ""  # hand-off note or reason, kept with the assignment/status update


@dataclass(frozen=True)
class TicketView:
    ticket: Ticket
    updates: Sequence[TicketUpdate]
    linked_articles: Sequence[int] = field(default_factory=list)
    people: Mapping[int, PersonRef] = field(default_factory=dict)


def clean_tags(tags: Sequence[str]) -> list[str]:
    """The shared tag rule (domain.shared.support), sorted and without duplicates."""
    out = sorted({t.strip().lower() for t in tags if t.strip()})
    bad = [t for t in out if not is_tag(t)]
    if bad or len(out) > MAX_TAGS:
        raise InvalidInput(
            f"tags are up to {MAX_TAGS} lower-case slugs of at most {MAX_TAG} characters",
            code="invalid_tags",
            details={"tags": bad},
        )
    return out


def stale(given: int, current: int | None) -> Conflict:
    return Conflict(
        "Someone changed this ticket since you loaded it.",
        code="stale_ticket",
        details={"current_version": current, "your_version": given},
    )


def store(tickets: TicketRepository, ticket: Ticket, expected_version: int) -> list[TicketUpdate]:
    """Save the ticket if nobody did since `expected_version` (else 409 stale_ticket): its new updates, stored."""
    stored = tickets.save(ticket, expected_version)
    if stored is None:
        current = tickets.get(ticket.id)
        raise stale(expected_version, current.version if current else None)
    return stored


class SupportService:
    def __init__(
        self,
        tickets: TicketRepository,
        queries: TicketQueries,
        agents: AgentDirectory,
        learners: LearnerDirectory,
        knowledge: Knowledge,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        policy: SlaPolicy | None = None,
        categories: tuple[str, ...] = DEFAULT_CATEGORIES,
    ):
        self.tickets, self.queries, self.agents, self.learners = tickets, queries, agents, learners
        self.knowledge, self.audit, self.uow, self.clock = knowledge, audit, uow, clock
        self.policy = policy or SlaPolicy()
        self.categories = categories

    # --- creation ---------------------------------------------------------------------------
    def create(self, actor: Principal, new: NewTicket) -> TicketView:
        staff = actor.can(Permission.TICKETS_WORK)
        if not staff and not actor.can(Permission.TICKETS_OWN):
            raise PermissionDenied("You may not open tickets.")
        user_id = new.user_id if staff else actor.user_id
        if staff and user_id is None:
            raise InvalidInput("user_id is required when staff open a ticket.", code="user_required")
        if not staff and new.user_id not in (None, actor.user_id):
            raise PermissionDenied("Learners open tickets for themselves only.")
        title, description = new.title.strip(), new.description.strip()
        if not title or not description or len(title) > 200 or len(description) > MAX_TEXT:
            raise InvalidInput(
                "title (1-200) and description (1-20,000 characters) are required.", code="invalid_ticket"
            )
        if new.category is not None and new.category not in self.categories:
            raise InvalidInput("unknown category", code="invalid_category", details={"allowed": list(self.categories)})
        assert user_id is not None
        learner = self.learners.learner(user_id)
        if learner is None:
            raise NotFound("No such learner.", code="user_not_found", details={"id": user_id})
        text = f"{title}\n{description}"
        category = new.category or categorise(text, self.knowledge.best_category(text), self.categories)
        priority = new.priority if staff and new.priority else Priority.NORMAL
        if learner.support_priority in ("high", "urgent"):
            priority = priority.raised()
        now = self.clock.now()
        with self.uow:
            context = dict(learner.snapshot)
            context["open_tickets"] = self.tickets.open_ticket_codes(user_id)
            ticket = Ticket(
                id=0,
                user_id=user_id,
                created_by=actor.user_id,
                title=title,
                description=description,
                category=category,
                priority=priority,
                created_at=now,
                updated_at=now,
                tags=clean_tags(new.tags),
                team=self.agents.team_for(category) or DEFAULT_TEAM,
                context=context,
            )
            ticket.start_clocks(self.policy)
            agent = least_loaded(self.agents.agents(ticket.team))
            if agent is not None:
                ticket.assigned_to = agent.user_id
                ticket.note(
                    UpdateType.ASSIGNMENT,
                    f"Routed to {agent.username} ({ticket.team})",
                    None,
                    now,
                    to=agent.user_id,
                    reason="routing",
                )
            ticket = self.tickets.add(ticket)  # with the routing note
            self.audit.record(
                actor,
                "ticket.create",
                "ticket",
                ticket.id,
                {"user_id": user_id, "category": category, "priority": priority.value},
            )
            self.uow.publish(TicketCreated(*head(ticket)))
            self.uow.commit()
        return self._view(ticket, staff)

    # --- reading ----------------------------------------------------------------------------
    def get(self, actor: Principal, ticket_id: int) -> TicketView:
        ticket = self._load(ticket_id)
        staff = actor.can(Permission.TICKETS_READ)
        if not staff:
            self._require_owner(actor, ticket)
        view = self._view(ticket, staff)
        if staff:
            with self.uow:
                self.audit.record(actor, "ticket.read", "ticket", ticket_id, {"user_id": ticket.user_id})
                self.uow.commit()
        return view

    def queue(self, actor: Principal, criteria: QueueCriteria, page: PageRequest) -> QueuePage:
        actor.require(Permission.TICKETS_READ)
        return self.queries.queue(criteria, page, self.clock.now())

    def mine(self, actor: Principal, page: PageRequest) -> Page[TicketSummary]:
        actor.require(Permission.TICKETS_OWN)
        return self.queries.of_user(actor.user_id, page, self.clock.now())

    def suggestions(self, actor: Principal, ticket_id: int) -> list[Any]:
        ticket = self._load(ticket_id)
        staff = actor.can(Permission.TICKETS_READ)
        if not staff:
            self._require_owner(actor, ticket)
        public = [
            u.content
            for u in self.tickets.updates(ticket_id, include_internal=False)
            if u.update_type is UpdateType.COMMENT
        ]
        text = "\n".join([ticket.title, ticket.description, *public])  # never internal notes
        return self.knowledge.suggest(text, include_internal=staff, limit=5)

    # --- staff changes ----------------------------------------------------------------------
    def change(self, actor: Principal, ticket_id: int, change: TicketChange) -> TicketView:
        actor.require(Permission.TICKETS_WORK)
        now = self.clock.now()
        with self.uow:
            ticket = self._load(ticket_id, for_update=True)
            self._check_version(ticket, change.version)
            done: dict[str, Any] = {}
            if change.category is not None and change.category != ticket.category:
                if change.category not in self.categories:
                    raise InvalidInput(
                        "unknown category", code="invalid_category", details={"allowed": list(self.categories)}
                    )
                done["category"], ticket.category = [ticket.category, change.category], change.category
            if change.tags is not None:
                tags = clean_tags(change.tags)
                done["tags"], ticket.tags = [ticket.tags, tags], tags
            if change.priority is not None and change.priority is not ticket.priority:
                done["priority"] = [ticket.priority.value, change.priority.value]
                ticket.priority = change.priority
            if change.team is not None and change.team != ticket.team:
                done["team"], ticket.team = [ticket.team, change.team], change.team
            if change.assign and change.assigned_to != ticket.assigned_to:
                self._assign(ticket, change.assigned_to, actor, now, change.note or "assigned by hand")
                done["assigned_to"] = change.assigned_to
            if change.status is not None and change.status is not ticket.status:
                source = ticket.move(change.status, now, self.policy)
                ticket.note(
                    UpdateType.STATUS_CHANGE,
                    change.note or f"{source.value} -> {change.status.value}",
                    actor.user_id,
                    now,
                    **{"from": source.value, "to": change.status.value},
                )
                done["status"] = [source.value, change.status.value]
            if not done:
                raise InvalidInput("Nothing to change.", code="empty_update")
            if set(done) - {"status", "assigned_to"}:
                ticket.updated_at = now
            self._save(ticket, change.version)
            self.audit.record(actor, "ticket.update", "ticket", ticket_id, done)
            self.uow.publish(TicketUpdated(*head(ticket), tuple(sorted(done))))
            self.uow.commit()
        return self._view(ticket, staff=True)

    def _assign(self, ticket: Ticket, agent_id: int | None, actor: Principal | None, at: datetime, reason: str) -> None:
        if agent_id is not None:
            agent = self.agents.get(agent_id)
            if agent is None:
                raise InvalidInput("That person is not a support agent.", code="not_an_agent", details={"id": agent_id})
        previous = ticket.assigned_to
        ticket.assigned_to = agent_id
        what = "unassigned" if agent_id is None else ("handed off" if previous else "assigned")
        ticket.note(
            UpdateType.ASSIGNMENT,
            reason,
            actor.user_id if actor else None,
            at,
            action=what,
            **{"from": previous, "to": agent_id},
        )

    def comment(self, actor: Principal, ticket_id: int, kind: UpdateType, content: str) -> TicketUpdate:
        actor.require(Permission.TICKETS_WORK)
        if kind not in (UpdateType.COMMENT, UpdateType.INTERNAL_NOTE):
            raise InvalidInput("Staff post comments or internal notes.", code="invalid_update_type")
        content = self._text(content)
        now = self.clock.now()
        with self.uow:
            ticket = self._load(ticket_id, for_update=True)
            if ticket.status is Status.CLOSED:
                raise Conflict("The ticket is closed.", code="ticket_closed")
            update = ticket.note(kind, content, actor.user_id, now)
            if kind is UpdateType.COMMENT:
                ticket.staff_replied(now, self.policy)
                learner = self.learners.learner(ticket.user_id)
                if learner is not None and learner.email:
                    self.uow.notify(
                        Notification(
                            learner.email,
                            f"[{ticket.code}] {ticket.title}",
                            f"{content}\n\nReply to this ticket in the help centre.",
                        )
                    )
            update = self._save(ticket, ticket.version)[-1]
            self.audit.record(actor, f"ticket.{kind.value}", "ticket", ticket_id, {"length": len(content)})
            self._announce_update(ticket, update)
            self.uow.commit()
        return update

    def escalate(
        self,
        actor: Principal | None,
        ticket_id: int,
        reason: str,
        window: str | None = None,
        at: datetime | None = None,
    ) -> Ticket:
        """Escalate by hand (actor) or from the SLA sweep (actor None, window = the breached window)."""
        if actor is not None:
            actor.require(Permission.TICKETS_WORK)
            if not reason.strip():
                raise InvalidInput("A reason is required to escalate.", code="reason_required")
        now = at or self.clock.now()
        with self.uow:
            ticket = self._load(ticket_id, for_update=True)
            if ticket.status not in OPEN_STATES:
                raise Conflict("Only open tickets escalate.", code="ticket_not_open")
            if window is not None:
                if window in ticket.escalated:
                    return ticket  # one escalation per window: the sweep may run twice
                ticket.escalated.append(window)
                ticket.breaches.setdefault(window.split("@")[0], ticket.windows().get(window, now))
            self._escalate(ticket, actor, reason.strip(), now)
            self._save(ticket, ticket.version)
            self.audit.record(
                actor,
                "ticket.escalate",
                "ticket",
                ticket_id,
                {"level": ticket.escalation_level, "reason": reason[:500]},
            )
            self.uow.publish(TicketEscalated(*head(ticket), ticket.escalation_level))
            self.uow.commit()
        return ticket

    def _escalate(self, ticket: Ticket, actor: Principal | None, reason: str, now: datetime) -> None:
        ticket.priority = ticket.priority.raised()
        ticket.escalation_level += 1
        ticket.note(
            UpdateType.ESCALATION,
            reason,
            actor.user_id if actor else None,
            now,
            level=ticket.escalation_level,
            priority=ticket.priority.value,
        )
        current = self.agents.get(ticket.assigned_to) if ticket.assigned_to else None
        if current is None or not current.available:
            pool = [a for a in self.agents.agents(ticket.team) if a.is_escalation]
            target = least_loaded(pool)
            if target is not None and target.user_id != ticket.assigned_to:
                self._assign(ticket, target.user_id, None, now, f"escalation pool of {ticket.team}")
                current = target
        if current is not None and current.email:
            self.uow.notify(
                Notification(
                    current.email,
                    f"[{ticket.code}] escalated to level {ticket.escalation_level}",
                    f"{ticket.title}\n\nReason: {reason}",
                )
            )

    # --- the learner's side -----------------------------------------------------------------
    def learner_reply(
        self, actor: Principal, ticket_id: int, content: str, kind: UpdateType = UpdateType.COMMENT
    ) -> TicketView:
        actor.require(Permission.TICKETS_OWN)
        if kind is not UpdateType.COMMENT:
            raise PermissionDenied("Learners post replies; internal notes are for staff.", code="staff_only")
        content = self._text(content)
        now = self.clock.now()
        with self.uow:
            ticket = self._load(ticket_id, for_update=True)
            self._require_owner(actor, ticket)
            if ticket.status is Status.CLOSED or (ticket.status is Status.RESOLVED and not ticket.can_reopen(now)):
                follow_up = NewTicket(title=f"Re: {ticket.title}"[:200], description=content, category=ticket.category)
                view = self._link_parent(self.create(actor, follow_up), ticket)
                self.uow.commit()  # the follow-up was made in nested blocks: only this commit keeps it
                return view
            if ticket.status is Status.RESOLVED:
                ticket.move(Status.IN_PROGRESS if ticket.assigned_to else Status.OPEN, now, self.policy)
                ticket.note(
                    UpdateType.STATUS_CHANGE,
                    "reopened by the learner's reply",
                    actor.user_id,
                    now,
                    **{"from": "resolved", "to": ticket.status.value},
                )
            ticket.note(UpdateType.COMMENT, content, actor.user_id, now, by="learner")
            ticket.learner_replied(now, self.policy)
            self._announce_update(ticket, self._save(ticket, ticket.version)[-1])
            self.uow.commit()
        return self._view(ticket, staff=False)

    def _link_parent(self, view: TicketView, parent: Ticket) -> TicketView:
        with self.uow:
            child = self._load(view.ticket.id, for_update=True)
            child.parent_id = parent.id
            child.note(
                UpdateType.STATUS_CHANGE, f"follow-up of {parent.code}", None, self.clock.now(), parent=parent.id
            )
            self._save(child, child.version)
            self.uow.commit()
        return self._view(child, staff=False)

    def rate(self, actor: Principal, ticket_id: int, rating: int, comment: str) -> Ticket:
        actor.require(Permission.TICKETS_OWN)
        if not 1 <= rating <= 5 or len(comment) > 2000:
            raise InvalidInput("rating is 1-5, comment up to 2,000 characters", code="invalid_rating")
        with self.uow:
            ticket = self._load(ticket_id, for_update=True)
            self._require_owner(actor, ticket)
            if ticket.status not in (Status.RESOLVED, Status.CLOSED):
                raise Conflict("Rate a ticket once it is resolved.", code="ticket_not_resolved")
            ticket.satisfaction_rating, ticket.satisfaction_comment = rating, comment.strip()
            self._save(ticket, ticket.version)
            self.uow.publish(TicketRated(*head(ticket), rating))
            self.uow.commit()
        return ticket

    # --- collaboration ----------------------------------------------------------------------
    def presence(self, actor: Principal, ticket_id: int) -> None:
        """A heartbeat: the agent is looking at the ticket (others see it for 30 seconds)."""
        actor.require(Permission.TICKETS_READ)
        self._load(ticket_id)
        with self.uow:
            self.uow.publish(Presence(ticket_id, actor.user_id, actor.username, self.clock.now(), 30))
            self.uow.commit()

    def link_article(self, actor: Principal, ticket_id: int, article_id: int) -> bool:
        actor.require(Permission.TICKETS_WORK)
        with self.uow:
            ticket = self._load(ticket_id)
            added = self.tickets.link_article(ticket.id, article_id, actor.user_id, self.clock.now())
            if added:
                self.knowledge.record_link(article_id)
                self.audit.record(actor, "ticket.link_article", "ticket", ticket_id, {"article_id": article_id})
                self.uow.publish(TicketUpdated(*head(ticket), ("articles",)))
            self.uow.commit()
        return added

    def set_available(self, actor: Principal, agent_id: int, available: bool) -> None:
        if agent_id != actor.user_id:
            actor.require(Permission.TICKETS_ADMIN)
        else:
            actor.require(Permission.TICKETS_WORK)
        with self.uow:
            if not self.agents.set_available(agent_id, available):
                raise NotFound("No such agent.", code="agent_not_found")
            self.audit.record(actor, "agent.availability", "user", agent_id, {"available": available})
            self.uow.commit()

    def analytics(
        self, actor: Principal, start: datetime | None, end: datetime | None, group_by: str
    ) -> AnalyticsReport:
        actor.require(Permission.SUPPORT_ANALYTICS)
        end = end or self.clock.now()
        start = start or end - timedelta(days=30)
        if start >= end or end - start > timedelta(days=366) or group_by not in GROUPS:
            raise InvalidInput(
                "from must precede to, at most 366 days apart; group_by day, week or month", code="invalid_range"
            )
        return self.queries.analytics(start, end, group_by)

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

    def author(self, update: TicketUpdate) -> PersonRef | None:
        """Who wrote an update, for display."""
        return self.agents.people({update.created_by}).get(update.created_by) if update.created_by else None

    def agents_overview(self, actor: Principal, page: PageRequest) -> Page[Agent]:
        actor.require(Permission.TICKETS_READ)
        return self.agents.listing(page)

    # --- helpers ----------------------------------------------------------------------------
    def _view(self, ticket: Ticket, staff: bool) -> TicketView:
        updates = self.tickets.updates(ticket.id, include_internal=staff)
        ids = {ticket.user_id, *(u.created_by for u in updates if u.created_by)}
        if ticket.assigned_to:
            ids.add(ticket.assigned_to)
        return TicketView(ticket, updates, self.tickets.linked_articles(ticket.id), self.agents.people(ids))

    def _load(self, ticket_id: int, for_update: bool = False) -> Ticket:
        ticket = self.tickets.get(ticket_id, for_update=for_update)
        if ticket is None:
            raise NotFound("No such ticket.", code="ticket_not_found", details={"id": ticket_id})
        return ticket

    @staticmethod
    def _require_owner(actor: Principal, ticket: Ticket) -> None:
        if not actor.can(Permission.TICKETS_OWN) or ticket.user_id != actor.user_id:
            raise NotFound("No such ticket.", code="ticket_not_found", details={"id": ticket.id})

    @staticmethod
    def _check_version(ticket: Ticket, version: int) -> None:
        if version != ticket.version:
            raise stale(version, ticket.version)

    def _save(self, ticket: Ticket, expected_version: int) -> list[TicketUpdate]:
        return store(self.tickets, ticket, expected_version)

    @staticmethod
    def _text(content: str) -> str:
        content = content.strip()
        if not content or len(content) > MAX_TEXT:
            raise InvalidInput("content must be 1-20,000 characters", code="invalid_content")
        return content

    def _announce_update(self, ticket: Ticket, update: TicketUpdate) -> None:
        self.uow.publish(TicketUpdated(*head(ticket), (update.update_type.value,)))
        self.uow.publish(UpdateAdded(ticket.id, ticket.code, ticket.version, PostedUpdate.of(update)))
