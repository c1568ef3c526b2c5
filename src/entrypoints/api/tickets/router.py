"""Support desk endpoints (staff queue and tickets, the learner's own tickets, analytics, agents)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.shared.permissions import Permission
from domain.tickets.queries import QueueCriteria
from domain.tickets.service import NewTicket, TicketChange, TicketView
from entrypoints.api.auth import principal
from entrypoints.api.knowledge.schemas import ArticleSummaryOut
from entrypoints.api.schemas import ERRORS, PageQuery
from entrypoints.bootstrap import container

from .schemas import (
    AgentIn,
    AgentOut,
    AgentsOut,
    AnalyticsOut,
    AnalyticsQuery,
    ArticleLinkIn,
    AvailabilityIn,
    MyTicketsOut,
    QueueOut,
    QueueQuery,
    RatingIn,
    ReasonIn,
    ReplyIn,
    StaffTicketOut,
    TicketIn,
    TicketOut,
    TicketPatchIn,
    TicketSummaryOut,
    UpdateIn,
    UpdateOut,
    person,
    ticket_out,
)

router = Router(tags=["support"])
TICKET = {200: StaffTicketOut | TicketOut, **ERRORS}


def _out(request: HttpRequest, view: TicketView) -> TicketOut:
    return ticket_out(view, container().clock.now(), principal(request).can(Permission.TICKETS_READ))


@router.get("/tickets/", response={200: QueueOut, **ERRORS})
def queue(request: HttpRequest, f: Query[QueueQuery]) -> QueueOut:
    me = principal(request)
    assigned = None if f.assigned_to in (None, "none", "me") else int(f.assigned_to)
    criteria = QueueCriteria(
        statuses=frozenset(f.status),
        priority=f.priority,
        category=f.category,
        assigned_to=me.user_id if f.assigned_to == "me" else assigned,
        unassigned=f.assigned_to == "none",
        team=f.team,
        user_id=f.user,
        sla_state=f.sla_state,
        tags=frozenset(t.lower() for t in f.tags),
        created_after=f.created_after,
        created_before=f.created_before,
        q=f.q,
    )
    page = container().support.queue(me, criteria, f.page())
    return QueueOut(
        items=[TicketSummaryOut.of(t) for t in page.items], next_cursor=page.next_cursor, counts=dict(page.counts)
    )


@router.post("/tickets/", response={201: StaffTicketOut | TicketOut, **ERRORS})
def create(request: HttpRequest, body: TicketIn) -> Status[TicketOut]:
    new = NewTicket(body.title, body.description, body.user_id, body.priority, body.category, tuple(body.tags))
    return Status(201, _out(request, container().support.create(principal(request), new)))


@router.get("/tickets/{id:ticket_id}/", response=TICKET)
def detail(request: HttpRequest, ticket_id: int) -> TicketOut:
    return _out(request, container().support.get(principal(request), ticket_id))


@router.patch("/tickets/{id:ticket_id}/", response=TICKET)
def change(request: HttpRequest, ticket_id: int, body: TicketPatchIn) -> TicketOut:
    assign = body.unassign or body.assigned_to is not None
    change = TicketChange(
        version=body.version,
        status=body.status,
        priority=body.priority,
        category=body.category,
        tags=tuple(body.tags) if body.tags is not None else None,
        team=body.team,
        assign=assign,
        assigned_to=None if body.unassign else body.assigned_to,
        note=body.note,
    )
    return _out(request, container().support.change(principal(request), ticket_id, change))


@router.post("/tickets/{id:ticket_id}/updates/", response={201: UpdateOut | TicketOut, **ERRORS})
def add_update(request: HttpRequest, ticket_id: int, body: UpdateIn) -> Status[UpdateOut | TicketOut]:
    """Staff post a comment (e-mailed to the learner) or an internal note; a learner's post is a reply."""
    me, support = principal(request), container().support
    if not me.can(Permission.TICKETS_WORK) and me.can(Permission.TICKETS_OWN):
        return Status(201, _out(request, support.learner_reply(me, ticket_id, body.content, body.update_type)))
    u = support.comment(me, ticket_id, body.update_type, body.content)
    return Status(
        201,
        UpdateOut(
            id=u.id,
            update_type=u.update_type,
            content=u.content,
            is_internal=u.is_internal,
            created_by=person(support.author(u)),
            created_at=u.created_at,
            data=u.data,
        ),
    )


@router.post("/tickets/{id:ticket_id}/escalate", response=TICKET)
def escalate(request: HttpRequest, ticket_id: int, body: ReasonIn) -> TicketOut:
    support = container().support
    support.escalate(principal(request), ticket_id, body.reason)
    return _out(request, support.get(principal(request), ticket_id))


@router.get("/tickets/{id:ticket_id}/suggestions", response={200: list[ArticleSummaryOut], **ERRORS})
def suggestions(request: HttpRequest, ticket_id: int) -> list[ArticleSummaryOut]:
    """The five best knowledge-base articles for the ticket (published and internal, for staff)."""
    return [ArticleSummaryOut.of(a) for a in container().support.suggestions(principal(request), ticket_id)]


@router.post(
    "/tickets/{id:ticket_id}/articles", response={201: TicketOut | StaffTicketOut, 200: StaffTicketOut, **ERRORS}
)
def link_article(request: HttpRequest, ticket_id: int, body: ArticleLinkIn) -> Status[TicketOut]:
    support = container().support
    added = support.link_article(principal(request), ticket_id, body.article_id)
    return Status(201 if added else 200, _out(request, support.get(principal(request), ticket_id)))


@router.post("/tickets/{id:ticket_id}/presence", response={204: None, **ERRORS})
def presence(request: HttpRequest, ticket_id: int) -> Status[None]:
    container().support.presence(principal(request), ticket_id)
    return Status(204, None)


@router.get("/my-tickets/", response={200: MyTicketsOut, **ERRORS})
def my_tickets(request: HttpRequest, f: Query[PageQuery]) -> MyTicketsOut:
    page = container().support.mine(principal(request), f.page())
    return MyTicketsOut(items=[TicketSummaryOut.of(t) for t in page.items], next_cursor=page.next_cursor)


@router.get("/my-tickets/{id:ticket_id}/", response={200: TicketOut, **ERRORS})
def my_ticket(request: HttpRequest, ticket_id: int) -> TicketOut:
    me = principal(request)
    me.require(Permission.TICKETS_OWN)
    return ticket_out(container().support.get(me, ticket_id), container().clock.now(), staff=False)


@router.post("/my-tickets/{id:ticket_id}/replies", response={201: TicketOut, **ERRORS})
def my_reply(request: HttpRequest, ticket_id: int, body: ReplyIn) -> Status[TicketOut]:
    view = container().support.learner_reply(principal(request), ticket_id, body.content)
    return Status(201, ticket_out(view, container().clock.now(), staff=False))


@router.post("/my-tickets/{id:ticket_id}/rating", response={200: TicketOut, **ERRORS})
def my_rating(request: HttpRequest, ticket_id: int, body: RatingIn) -> TicketOut:
    me, support = principal(request), container().support
    support.rate(me, ticket_id, body.rating, body.comment)
    return ticket_out(support.get(me, ticket_id), container().clock.now(), staff=False)


@router.get("/my-tickets/{id:ticket_id}/suggestions", response={200: list[ArticleSummaryOut], **ERRORS})
def my_suggestions(request: HttpRequest, ticket_id: int) -> list[ArticleSummaryOut]:
    """Published articles only, matched on the ticket's public text."""
    me = principal(request)
    me.require(Permission.TICKETS_OWN)
    return [ArticleSummaryOut.of(a) for a in container().support.suggestions(me, ticket_id)]


@router.get("/analytics/", response={200: AnalyticsOut, **ERRORS})
def analytics(request: HttpRequest, f: Query[AnalyticsQuery]) -> AnalyticsOut:
    report = container().support.analytics(principal(request), f.from_, f.to, f.group_by)
    return AnalyticsOut.of(report, f.group_by)


@router.get("/agents/", response={200: AgentsOut, **ERRORS})
def agents(request: HttpRequest, f: Query[PageQuery]) -> AgentsOut:
    page = container().support.agents_overview(principal(request), f.page())
    return AgentsOut(items=[AgentOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@router.post("/agents/", response={201: AgentOut, **ERRORS})
def enlist(request: HttpRequest, body: AgentIn) -> Status[AgentOut]:
    agent = container().support.enlist(principal(request), body.user_id, body.team, body.is_escalation)
    return Status(201, AgentOut.of(agent))


@router.put("/agents/{id:user_id}/availability", response={204: None, **ERRORS})
def availability(request: HttpRequest, user_id: int, body: AvailabilityIn) -> Status[None]:
    container().support.set_available(principal(request), user_id, body.available)
    return Status(204, None)
