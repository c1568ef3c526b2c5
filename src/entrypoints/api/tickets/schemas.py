"""The support desk's request and response bodies. Staff and learners see a ticket through separate schemas
(StaffTicketOut, TicketOut), and every closed set of values is an enum in the OpenAPI document."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ninja import Field, Schema

from domain.shared.pagination import Page
from domain.shared.support import Category
from domain.tickets.model import TicketUpdate
from domain.tickets.ports import Agent, PersonRef
from domain.tickets.queries import QueuePage, TicketSummary
from domain.tickets.sla import Priority, SlaState, WindowKind
from domain.tickets.status import TicketStatus, UpdateType
from domain.tickets.views import Posted, StaffTicketView, TicketView
from entrypoints.api.schemas import Flag, Id, Moment, PageQuery, QueryId, ReadModelOut, Version


class PersonOut(ReadModelOut):
    id: int
    username: str
    email: str

    @staticmethod
    def of(ref: PersonRef | None) -> PersonOut | None:
        return PersonOut(id=ref.id, username=ref.username, email=ref.email) if ref else None


class UpdateOut(ReadModelOut):
    id: int
    update_type: UpdateType
    content: str
    is_internal: bool
    created_by: PersonOut | None
    created_at: datetime
    data: dict[str, Any]

    @staticmethod
    def of(u: TicketUpdate, people: Mapping[int, PersonRef]) -> UpdateOut:
        assert u.id is not None, "a stored update"
        author = PersonOut.of(people.get(u.created_by)) if u.created_by else None
        return UpdateOut(
            id=u.id,
            update_type=u.update_type,
            content=u.content,
            is_internal=u.is_internal,
            created_by=author,
            created_at=u.created_at,
            data=u.data,
        )


class PostedUpdateOut(ReadModelOut):
    """The comment or note as stored, and the ticket's version after it: send that version with the next PATCH."""

    update: UpdateOut
    ticket_version: int

    @staticmethod
    def of(p: Posted) -> PostedUpdateOut:
        people = {p.author.id: p.author} if p.author else {}
        return PostedUpdateOut(update=UpdateOut.of(p.update, people), ticket_version=p.ticket_version)


class TicketFields(ReadModelOut):
    """What both views of a ticket show."""

    id: int
    ticket_id: str
    user: PersonOut | None
    title: str
    description: str
    priority: Priority
    status: TicketStatus
    category: Category
    tags: list[str]
    team: str
    assigned_to: PersonOut | None
    created_at: datetime
    updated_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    first_response_at: datetime | None
    first_response_due: datetime | None
    next_response_due: datetime | None
    sla_deadline: datetime | None
    sla_paused_at: datetime | None
    paused_seconds: int
    sla_state: SlaState
    breaches: dict[WindowKind, datetime]
    escalation_level: int
    reopened_count: int
    version: int
    parent_id: int | None
    satisfaction_rating: int | None
    satisfaction_comment: str
    linked_articles: list[int]
    updates: list[UpdateOut]

    @staticmethod
    def fields_of(view: TicketView) -> dict[str, Any]:
        t, people = view.ticket, view.people
        return dict(
            id=t.id,
            ticket_id=t.code,
            user=PersonOut.of(people.get(t.user_id)),
            title=t.title,
            description=t.description,
            priority=t.priority,
            status=t.status,
            category=t.category,
            tags=t.tags,
            team=t.team,
            assigned_to=PersonOut.of(people.get(t.assigned_to)) if t.assigned_to else None,
            created_at=t.created_at,
            updated_at=t.updated_at,
            resolved_at=t.resolved_at,
            closed_at=t.closed_at,
            first_response_at=t.first_response_at,
            first_response_due=t.first_response_due,
            next_response_due=t.next_response_due,
            sla_deadline=t.sla_deadline,
            sla_paused_at=t.sla_paused_at,
            paused_seconds=t.paused_seconds,
            sla_state=view.sla_state,
            breaches=t.breaches,
            escalation_level=t.escalation_level,
            reopened_count=t.reopened_count,
            version=t.version,
            parent_id=t.parent_id,
            satisfaction_rating=t.satisfaction_rating,
            satisfaction_comment=t.satisfaction_comment,
            linked_articles=list(view.linked_articles),
            updates=[UpdateOut.of(u, people) for u in view.updates],
        )


class TicketOut(TicketFields):
    """A ticket as its learner sees it: no internal notes, no context snapshot."""

    @staticmethod
    def of(view: TicketView) -> TicketOut:
        return TicketOut(**TicketFields.fields_of(view))


class StaffTicketOut(TicketFields):
    """A ticket as staff see it: internal notes included, and the learner's context when the ticket was opened."""

    context: dict[str, Any]
    allowed_transitions: list[TicketStatus] = Field(
        description="the statuses the reader may move this ticket to (none without tickets.work); anything else "
        "answers 409 invalid_ticket_transition"
    )

    @staticmethod
    def of(view: StaffTicketView) -> StaffTicketOut:
        moves = list(view.allowed_transitions)
        return StaffTicketOut(**TicketFields.fields_of(view), context=view.ticket.context, allowed_transitions=moves)


class TicketSummaryOut(ReadModelOut):
    id: int
    ticket_id: str
    user_id: int
    title: str
    status: TicketStatus
    priority: Priority
    category: Category
    team: str
    assigned_to: int | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime | None
    sla_deadline: datetime | None
    sla_next_due: datetime | None
    sla_state: SlaState
    escalation_level: int

    @staticmethod
    def of(s: TicketSummary) -> TicketSummaryOut:
        return TicketSummaryOut(**{**s.__dict__, "tags": list(s.tags)})


class QueueQuery(PageQuery):
    status: list[TicketStatus] = Field(default_factory=list, description="repeat for several")
    priority: Priority | None = None
    category: Category | None = None
    assigned_to: str | None = Field(None, pattern=r"^(me|none|\d{1,18})$", description="me, none or a user id")
    team: str | None = Field(None, max_length=50)
    user: QueryId | None = None
    sla_state: SlaState | None = None
    tags: list[str] = Field(default_factory=list)
    created_after: Moment | None = None
    created_before: Moment | None = None
    q: str = Field("", max_length=200)


class QueueOut(ReadModelOut):
    items: list[TicketSummaryOut]
    next_cursor: str | None
    counts: dict[TicketStatus, int]

    @staticmethod
    def of(page: QueuePage) -> QueueOut:
        counts = {TicketStatus(s): n for s, n in page.counts.items()}
        return QueueOut(items=[TicketSummaryOut.of(t) for t in page.items], next_cursor=page.next_cursor, counts=counts)


class MyTicketsOut(ReadModelOut):
    items: list[TicketSummaryOut]
    next_cursor: str | None

    @staticmethod
    def of(page: Page[TicketSummary]) -> MyTicketsOut:
        return MyTicketsOut(items=[TicketSummaryOut.of(t) for t in page.items], next_cursor=page.next_cursor)


class MyTicketIn(Schema):
    """A ticket a learner opens for themselves."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=20_000)
    category: Category | None = Field(None, description="chosen from the text when left out")
    tags: list[str] = Field(default_factory=list, max_length=20)


class TicketIn(MyTicketIn):
    """A ticket staff open for a learner."""

    user_id: Id = Field(description="the learner")
    priority: Priority | None = None


class TicketPatchIn(Schema):
    version: Version = Field(description="the version you read: a stale one answers 409 stale_ticket")
    status: TicketStatus | None = None
    priority: Priority | None = None
    category: Category | None = None
    tags: list[str] | None = Field(None, max_length=20)
    team: str | None = Field(None, max_length=50)
    assigned_to: Id | None = Field(None, description="assign or hand off; with unassign=true to clear")
    unassign: Flag = False
    note: str = Field("", max_length=2000, description="hand-off note or reason, kept with the update")


class UpdateIn(Schema):
    update_type: UpdateType = UpdateType.COMMENT
    content: str = Field(min_length=1, max_length=20_000)


class ReplyIn(Schema):
    content: str = Field(min_length=1, max_length=20_000)


class RatingIn(Schema):
    rating: int = Field(ge=1, le=5, strict=True)
    comment: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class ArticleLinkIn(Schema):
    article_id: Id


class AvailabilityIn(Schema):
    available: Flag


class AgentIn(Schema):
    user_id: Id
    team: str = Field(min_length=1, max_length=50)
    is_escalation: Flag = False


class AgentOut(ReadModelOut):
    user_id: int
    username: str
    team: str
    available: bool
    is_escalation: bool
    load: int

    @staticmethod
    def of(a: Agent) -> AgentOut:
        return AgentOut(
            user_id=a.user_id,
            username=a.username,
            team=a.team,
            available=a.available,
            is_escalation=a.is_escalation,
            load=a.load,
        )


class AgentsOut(ReadModelOut):
    items: list[AgentOut]
    next_cursor: str | None
