"""Support desk endpoints: staff at /tickets/ (the staff view), learners at /my-tickets/ (their view), analytics,
agents. Each parses, calls one use case and returns what it produced."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.shared.pagination import Page
from domain.tickets.commands import NewTicket, TicketChange
from domain.tickets.queries import QueueCriteria
from entrypoints.api.auth import LEARNER_FACING, principal
from entrypoints.api.knowledge.schemas import ArticlePageOut, ArticleSummaryOut
from entrypoints.api.schemas import PageQuery, errors
from entrypoints.bootstrap import container

from .analytics_schemas import AnalyticsOut, AnalyticsQuery
from .presence import VIEWING, PresenceIn
from .schemas import (
    AgentIn,
    AgentOut,
    AgentsOut,
    ArticleLinkIn,
    AvailabilityIn,
    MyTicketIn,
    MyTicketsOut,
    PostedUpdateOut,
    QueueOut,
    QueueQuery,
    RatingIn,
    ReasonIn,
    ReplyIn,
    StaffTicketOut,
    TicketIn,
    TicketOut,
    TicketPatchIn,
    UpdateIn,
)

router = Router(tags=["support"])


def _articles(page: Page[Any]) -> ArticlePageOut:
    return ArticlePageOut(items=[ArticleSummaryOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@router.get("/tickets/", summary="List support tickets", response={200: QueueOut, **errors(400, 401, 403, 422)})
def list_tickets(request: HttpRequest, f: Query[QueueQuery]) -> QueueOut:
    """The ticket queue, one cursor page, with `counts` per status for the same filters: `status`, `priority`,
    `category`, `assigned_to`, `team`, `user`, `sla_state`, `tags`, created range and full-text `q`. Needs
    `tickets.read`."""
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
    return QueueOut.of(container().support.desk.queue(me, criteria, f.page()))


@router.post(
    "/tickets/",
    summary="Open a ticket for a learner",
    response={201: StaffTicketOut, **errors(400, 401, 403, 404, 422)},
)
def create_ticket(request: HttpRequest, body: TicketIn) -> Status[StaffTicketOut]:
    """Staff open a ticket for a learner (learners open theirs at /my-tickets/)."""
    new = NewTicket(body.title, body.description, body.user_id, body.priority, body.category, tuple(body.tags))
    return Status(201, StaffTicketOut.of(container().support.desk.create(principal(request), new)))


@router.get(
    "/tickets/{id:ticket_id}/", summary="Get one ticket", response={200: StaffTicketOut, **errors(401, 403, 404)}
)
def get_ticket(request: HttpRequest, ticket_id: int) -> StaffTicketOut:
    """A ticket with its learner, assignment, SLA deadlines, tags and every update (comments and internal notes), oldest
    first. Needs `tickets.read`."""
    return StaffTicketOut.of(container().support.desk.get(principal(request), ticket_id))


@router.patch(
    "/tickets/{id:ticket_id}/",
    summary="Update a ticket",
    response={200: StaffTicketOut, **errors(400, 401, 403, 404, 409, 422)},
)
def update_ticket(request: HttpRequest, ticket_id: int, body: TicketPatchIn) -> StaffTicketOut:
    """Change status, priority, category, tags, team or assignment, sending the `version` read (409 `stale_ticket` when
    it changed meanwhile). The status follows the ticket workflow (409 `invalid_status_transition`). Needs
    `tickets.work`; audited and published on the ticket channels."""
    change = TicketChange(
        version=body.version,
        status=body.status,
        priority=body.priority,
        category=body.category,
        tags=tuple(body.tags) if body.tags is not None else None,
        team=body.team,
        assign=body.unassign or body.assigned_to is not None,
        assigned_to=None if body.unassign else body.assigned_to,
        note=body.note,
    )
    return StaffTicketOut.of(container().support.desk.change(principal(request), ticket_id, change))


@router.post(
    "/tickets/{id:ticket_id}/updates/",
    summary="Add a comment or internal note",
    response={201: PostedUpdateOut, **errors(400, 401, 403, 404, 409, 422)},
)
def add_ticket_update(request: HttpRequest, ticket_id: int, body: UpdateIn) -> Status[PostedUpdateOut]:
    """A comment (e-mailed to the learner) or an internal note; the answer carries the ticket's new version."""
    posted = container().support.desk.post(principal(request), ticket_id, body.update_type, body.content)
    return Status(201, PostedUpdateOut.of(posted))


@router.post(
    "/tickets/{id:ticket_id}/escalate",
    summary="Escalate a ticket",
    response={200: StaffTicketOut, **errors(400, 401, 403, 404, 409, 422)},
)
def escalate_ticket(request: HttpRequest, ticket_id: int, body: ReasonIn) -> StaffTicketOut:
    """Raise the ticket to the next escalation level with a reason: it goes to an escalation agent and its priority
    rises. 409 when it is at the last level or closed. Needs `tickets.work`; audited."""
    return StaffTicketOut.of(container().support.desk.escalate(principal(request), ticket_id, body.reason))


@router.get(
    "/tickets/{id:ticket_id}/suggestions",
    summary="Suggest articles for a ticket",
    response={200: ArticlePageOut, **errors(401, 403, 404)},
)
def list_ticket_suggestions(request: HttpRequest, ticket_id: int) -> ArticlePageOut:
    """The five best knowledge-base articles for the ticket (published and internal): one page. Needs
    `tickets.read` and `kb.read` (a compliance officer, who reads tickets but not the knowledge base: 403)."""
    return _articles(container().support.desk.suggestions(principal(request), ticket_id))


@router.post(
    "/tickets/{id:ticket_id}/articles",
    summary="Link an article to a ticket",
    response={201: StaffTicketOut, 200: StaffTicketOut, **errors(400, 401, 403, 404, 409, 422)},
)
def link_ticket_article(request: HttpRequest, ticket_id: int, body: ArticleLinkIn) -> Status[StaffTicketOut]:
    """201 when the article was linked now, 200 when it was linked already."""
    linked = container().support.desk.link_article(principal(request), ticket_id, body.article_id)
    return Status(201 if linked.added else 200, StaffTicketOut.of(linked.view))


@router.post(
    "/tickets/{id:ticket_id}/presence",
    summary="Say an agent is viewing a ticket",
    response={204: None, **errors(400, 401, 403, 404, 422)},
)
def mark_ticket_presence(request: HttpRequest, ticket_id: int, body: PresenceIn = VIEWING) -> Status[None]:
    """Tells the other agents (event `ticket.presence` on `ticket-<id>` and on the queue's `tickets`) that the caller
    is looking at the ticket; it lapses after `ttl_seconds` (30) unless sent again. With `{"typing": true}` the caller
    is also typing in the ticket's composer (send it again every few seconds while typing: the console forgets it
    after about 6 seconds; typing needs `tickets.work`). No body means viewing. Nothing is stored. Needs
    `tickets.read`."""
    container().support.desk.presence(principal(request), ticket_id, typing=body.typing)
    return Status(204, None)


@router.get(
    "/my-tickets/",
    summary="List my support tickets",
    auth=LEARNER_FACING,
    response={200: MyTicketsOut, **errors(400, 401, 403, 422)},
)
def list_my_tickets(request: HttpRequest, f: Query[PageQuery]) -> MyTicketsOut:
    """The learner's own tickets, newest first, one cursor page (status, title, last update). Needs `tickets.own`
    (learners)."""
    return MyTicketsOut.of(container().support.learner.mine(principal(request), f.page()))


@router.post(
    "/my-tickets/",
    summary="Open a support ticket",
    auth=LEARNER_FACING,
    response={201: TicketOut, **errors(400, 401, 403, 404, 422)},
)
def create_my_ticket(request: HttpRequest, body: MyTicketIn) -> Status[TicketOut]:
    """A learner opens a ticket with a title and a description; category and priority are suggested from the text and
    the learner's support priority. The answer is the ticket with knowledge-base suggestions. Needs `tickets.own`."""
    new = NewTicket(body.title, body.description, category=body.category, tags=tuple(body.tags))
    return Status(201, TicketOut.of(container().support.learner.open(principal(request), new)))


@router.get(
    "/my-tickets/{id:ticket_id}/",
    summary="Get one of my tickets",
    auth=LEARNER_FACING,
    response={200: TicketOut, **errors(401, 403, 404)},
)
def get_my_ticket(request: HttpRequest, ticket_id: int) -> TicketOut:
    """One of the learner's own tickets with its public replies (never internal notes). Another person's ticket answers
    404."""
    return TicketOut.of(container().support.learner.get(principal(request), ticket_id))


@router.post(
    "/my-tickets/{id:ticket_id}/replies",
    summary="Reply to one of my tickets",
    auth=LEARNER_FACING,
    response={201: TicketOut, **errors(400, 401, 403, 404, 409, 422)},
)
def reply_to_my_ticket(request: HttpRequest, ticket_id: int, body: ReplyIn) -> Status[TicketOut]:
    """A reply; to a ticket closed or resolved over seven days ago, it opens a follow-up (the ticket answered)."""
    return Status(201, TicketOut.of(container().support.learner.reply(principal(request), ticket_id, body.content)))


@router.post(
    "/my-tickets/{id:ticket_id}/rating",
    summary="Rate a resolved ticket",
    response={200: TicketOut, **errors(400, 401, 403, 404, 409, 422)},
)
def rate_my_ticket(request: HttpRequest, ticket_id: int, body: RatingIn) -> TicketOut:
    """The learner rates the help received (`rating` 1 to 5, an optional `comment` up to 2,000 characters) once the
    ticket is resolved or closed (409 `ticket_not_resolved` before); rating again replaces the rating. Published as
    `ticket.rated`."""
    rated = container().support.learner.rate(principal(request), ticket_id, body.rating, body.comment)
    return TicketOut.of(rated)


@router.get(
    "/my-tickets/{id:ticket_id}/suggestions",
    summary="Suggest articles for one of my tickets",
    auth=LEARNER_FACING,
    response={200: ArticlePageOut, **errors(401, 403, 404)},
)
def list_my_ticket_suggestions(request: HttpRequest, ticket_id: int) -> ArticlePageOut:
    """Published articles only, matched on the ticket's public text: one page."""
    return _articles(container().support.learner.suggestions(principal(request), ticket_id))


@router.get(
    "/analytics/",
    summary="Get support desk analytics",
    response={200: AnalyticsOut, **errors(400, 401, 403, 422)},
    by_alias=True,
)
def get_support_analytics(request: HttpRequest, f: Query[AnalyticsQuery]) -> AnalyticsOut:
    """Ticket volumes, first response and resolution times, SLA compliance, satisfaction and agent load from `from` to
    `to`, grouped by `group_by` (day, week or month). Needs `support.analytics`."""
    report = container().support.analytics.report(principal(request), f.from_, f.to, f.group_by)
    return AnalyticsOut.of(report, f.group_by)


@router.get("/agents/", summary="List support agents", response={200: AgentsOut, **errors(400, 401, 403, 422)})
def list_agents(request: HttpRequest, f: Query[PageQuery]) -> AgentsOut:
    """The staff enlisted on the support desk: team, whether they take escalations, availability and open ticket load,
    one cursor page. Needs `tickets.read`."""
    page = container().support.agents.overview(principal(request), f.page())
    return AgentsOut(items=[AgentOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@router.post("/agents/", summary="Enlist a support agent", response={201: AgentOut, **errors(400, 401, 403, 404, 422)})
def enlist_agent(request: HttpRequest, body: AgentIn) -> Status[AgentOut]:
    """Put a staff member on the support desk in a team, optionally as an escalation agent, so tickets can be routed to
    them. 404 when the user is not staff. Needs `tickets.admin`; audited."""
    agent = container().support.agents.enlist(principal(request), body.user_id, body.team, body.is_escalation)
    return Status(201, AgentOut.of(agent))


@router.put(
    "/agents/{id:user_id}/availability",
    summary="Set an agent's availability",
    response={204: None, **errors(400, 401, 403, 404, 422)},
)
def set_agent_availability(request: HttpRequest, user_id: int, body: AvailabilityIn) -> Status[None]:
    """Mark an agent available or away (`available`); routing skips agents who are away. Agents set their own
    (`tickets.work`), support admins anyone's (`tickets.admin`). 404 `agent_not_found` when the user is on no team.
    Audited."""
    container().support.agents.set_available(principal(request), user_id, body.available)
    return Status(204, None)
