"""In-memory tickets, queue, analytics and agents: storage and lookups only; the rules are the domain's."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.identity import InMemoryIdentityDirectory
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Role
from domain.tickets.model import Ticket, TicketUpdate
from domain.tickets.ports import AGENTS_CURSOR, Agent, Candidate, PersonRef
from domain.tickets.queries import (
    MINE_CURSOR,
    QUEUE_CURSOR,
    AgentFigures,
    AnalyticsReport,
    QueueCriteria,
    QueuePage,
    TicketSummary,
    group_times,
    percentiles,
)
from domain.tickets.report import Tally, backlog_of, mean_rating, rating_distribution
from domain.tickets.routing import DEFAULT_ROUTES, DEFAULT_TEAMS
from domain.tickets.sla import Priority, workload
from domain.tickets.status import OPEN_STATES, TicketStatus

FAR = datetime(9999, 1, 1, tzinfo=UTC)


class InMemoryTickets:
    def __init__(self) -> None:
        self.rows: dict[int, Ticket] = {}
        self.history: list[TicketUpdate] = []
        self.links: set[tuple[int, int]] = set()
        self.agents: InMemoryAgents | None = None  # the team members analytics report on (set by InMemoryAgents)

    def add(self, ticket: Ticket) -> Ticket:
        ticket.id = len(self.rows) + 1
        ticket.updates = [replace(u, ticket_id=ticket.id) for u in ticket.updates]
        self._store_updates(ticket)
        self.rows[ticket.id] = replace(ticket, updates=[], tags=list(ticket.tags))
        return ticket

    def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        t = self.rows.get(ticket_id)
        if t is None:
            return None
        return replace(
            t,
            updates=[],
            tags=list(t.tags),
            warned=list(t.warned),
            escalated=list(t.escalated),
            warn_at=dict(t.warn_at),
            breaches=dict(t.breaches),
        )

    def save(self, ticket: Ticket, expected_version: int) -> list[TicketUpdate] | None:
        if self.rows[ticket.id].version != expected_version:
            return None
        ticket.version = expected_version + 1
        stored = self._store_updates(ticket)
        self.rows[ticket.id] = replace(ticket, updates=[])
        return stored

    def _store_updates(self, ticket: Ticket) -> list[TicketUpdate]:
        stored = [replace(u, ticket_id=ticket.id, id=len(self.history) + 1 + i) for i, u in enumerate(ticket.updates)]
        self.history += stored
        ticket.updates.clear()
        return stored

    def updates(self, ticket_id: int, *, include_internal: bool) -> list[TicketUpdate]:
        return [u for u in self.history if u.ticket_id == ticket_id and (include_internal or not u.is_internal)]

    def due_for_sweep(self, now: datetime, limit: int) -> list[int]:
        due = [t for t in self.rows.values() if t.next_trigger_at is not None and t.next_trigger_at <= now]
        return [t.id for t in sorted(due, key=lambda t: (t.next_trigger_at or FAR, t.id))][:limit]

    def resolved_before(self, cutoff: datetime, limit: int) -> list[int]:
        rows = [
            t
            for t in self.rows.values()
            if t.status is TicketStatus.RESOLVED and t.resolved_at and t.resolved_at < cutoff
        ]
        return sorted(t.id for t in rows)[:limit]

    def open_ticket_codes(self, user_id: int) -> list[str]:
        mine = [t for t in self.rows.values() if t.user_id == user_id and t.status in OPEN_STATES]
        return [t.code for t in sorted(mine, key=lambda t: -t.id)][:50]

    def link_article(self, ticket_id: int, article_id: int, linked_by: int, at: datetime) -> bool:
        if (ticket_id, article_id) in self.links:
            return False
        self.links.add((ticket_id, article_id))
        return True

    def linked_articles(self, ticket_id: int) -> list[int]:
        return sorted(a for t, a in self.links if t == ticket_id)

    # --- queries ----------------------------------------------------------------------------
    def _matches(self, t: Ticket, c: QueueCriteria, now: datetime, with_status: bool = True) -> bool:
        q = c.q.strip().lower()
        return all(
            [
                not with_status or not c.statuses or t.status in c.statuses,
                c.priority is None or t.priority is c.priority,
                c.category is None or t.category == c.category,
                c.assigned_to is None or t.assigned_to == c.assigned_to,
                not c.unassigned or t.assigned_to is None,
                c.team is None or t.team == c.team,
                c.user_id is None or t.user_id == c.user_id,
                c.sla_state is None or t.sla_state(now) == c.sla_state,
                not c.tags or c.tags <= set(t.tags),
                c.created_after is None or t.created_at >= c.created_after,
                c.created_before is None or t.created_at < c.created_before,
                not q or (q == t.code.lower() if re.fullmatch(r"sup-\d{1,12}", q) else q in t.title.lower()),
            ]
        )

    def queue(self, criteria: QueueCriteria, page: PageRequest, now: datetime) -> QueuePage:
        rows = [t for t in self.rows.values() if self._matches(t, criteria, now)]
        keyed = sorted(((t.sla_next_due or FAR, t.id), t) for t in rows)
        after = page.after(QUEUE_CURSOR)
        if after is not None:
            keyed = [(k, t) for k, t in keyed if k > after]
        chosen = keyed[: page.limit + 1]
        cursor = None
        if len(chosen) > page.limit:
            key = chosen[page.limit - 1][0]
            cursor = QUEUE_CURSOR.encode(key)
        counts = Counter(t.status.value for t in self.rows.values() if self._matches(t, criteria, now, False))
        return QueuePage(
            [TicketSummary.of(t, now) for _, t in chosen[: page.limit]],
            cursor,
            {s.value: counts.get(s.value, 0) for s in TicketStatus},
        )

    def of_user(self, user_id: int, page: PageRequest, now: datetime) -> Page[TicketSummary]:
        rows = sorted((t for t in self.rows.values() if t.user_id == user_id), key=lambda t: -t.id)
        pos = page.after(MINE_CURSOR)
        if pos is not None:
            rows = [t for t in rows if t.id < pos[0]]
        chosen = page_from_rows(rows[: page.limit + 1], page, MINE_CURSOR, lambda t: [t.id])
        return Page([TicketSummary.of(t, now) for t in chosen.items], chosen.next_cursor)

    def analytics(self, start: datetime, end: datetime, group_by: str) -> AnalyticsReport:
        own = [t for t in self.rows.values() if not t.opened_under_impersonation]
        rows = [t for t in own if start <= t.created_at < end]
        first = [t.first_response_minutes for t in rows if t.first_response_minutes is not None]
        resolution = [t.resolution_minutes for t in rows if t.resolution_minutes is not None]
        tally = Tally.of(rows)
        return AnalyticsReport(
            start=start,
            end=end,
            total=len(rows),
            by_status=dict(Counter(t.status.value for t in rows)),
            by_category=dict(Counter(t.category for t in rows)),
            by_priority=dict(Counter(t.priority.value for t in rows)),
            by_team=dict(Counter(t.team for t in rows)),
            first_response_minutes=percentiles(first),
            resolution_minutes=percentiles(resolution),
            sla_compliance_percent=tally.sla_compliance_percent,
            backlog=backlog_of(own, start, end, group_by),
            satisfaction_average=mean_rating(rows),
            satisfaction_distribution=rating_distribution(
                Counter(t.satisfaction_rating for t in rows if t.satisfaction_rating)
            ),
            reopen_rate_percent=tally.reopen_rate_percent,
            agents=[self._figures(agent, rows) for agent in sorted(self.agents.members if self.agents else [])],
            times_by_category=group_times([(t.category, t.first_response_minutes, t.resolution_minutes) for t in rows]),
            times_by_priority=group_times(
                [(t.priority.value, t.first_response_minutes, t.resolution_minutes) for t in rows]
            ),
        )

    def _figures(self, agent: int, span: list[Ticket]) -> AgentFigures:
        mine = [t for t in span if t.assigned_to == agent]
        open_now = Counter(t.priority for t in self.rows.values() if t.assigned_to == agent and t.status in OPEN_STATES)
        first = [t.first_response_minutes for t in mine if t.first_response_minutes is not None]
        return AgentFigures(
            agent,
            workload(open_now),
            len(mine),
            sum(1 for t in mine if t.resolved_at is not None),
            percentiles(first),
            mean_rating(mine),
        )


@dataclass
class AgentRow:
    username: str
    email: str
    team: str
    available: bool = True
    is_escalation: bool = False


class InMemoryAgents:
    """Team members, routes and teams; who a user is comes from the harness's identities (staff) and accounts
    (learners). Agents added with `add` need neither."""

    def __init__(
        self,
        tickets: InMemoryTickets,
        routes: dict[str, str] | None = None,
        accounts: InMemoryAccounts | None = None,
        directory: InMemoryIdentityDirectory | None = None,
    ):
        self.tickets = tickets
        tickets.agents = self
        self.accounts = accounts
        self.directory = directory
        self.members: dict[int, AgentRow] = {}
        self.routes = dict(DEFAULT_ROUTES if routes is None else routes)
        self.teams = set(DEFAULT_TEAMS) | set(self.routes.values())

    def add(self, user_id: int, username: str, team: str, *, available: bool = True, escalation: bool = False) -> None:
        self.members[user_id] = AgentRow(username, f"{username}@example.com", team, available, escalation)

    def team_for(self, category: str) -> str | None:
        return self.routes.get(category)

    def has_team(self, team: str) -> bool:
        return team in self.teams

    def _open_tickets(self, user_id: int) -> dict[Priority, int]:
        mine = (t for t in self.tickets.rows.values() if t.assigned_to == user_id and t.status in OPEN_STATES)
        return dict(Counter(t.priority for t in mine))

    def _agent(self, user_id: int, row: AgentRow) -> Agent:
        return Agent(
            user_id, row.username, row.email, row.team, row.available, row.is_escalation, self._open_tickets(user_id)
        )

    def _active(self, user_id: int) -> bool:
        candidate = self.candidate(user_id)
        return candidate is None or candidate.is_active  # agents added with `add` have no identity

    def agents(self, team: str | None) -> list[Agent]:
        return [
            self._agent(uid, row)
            for uid, row in sorted(self.members.items())
            if team in (None, row.team) and self._active(uid)
        ]

    def listing(self, page: PageRequest) -> Page[Agent]:
        after = page.after(AGENTS_CURSOR)
        rows = [a for a in self.agents(None) if after is None or a.user_id > after[0]]
        return page_from_rows(rows[: page.limit + 1], page, AGENTS_CURSOR, lambda a: [a.user_id])

    def people(self, user_ids: set[int]) -> dict[int, PersonRef]:
        out = {uid: PersonRef(uid, r.username, r.email) for uid, r in self.members.items() if uid in user_ids}
        for uid in user_ids - set(out):
            identity = self.directory.get(uid) if self.directory else None
            person = self.accounts.people.get(uid) if self.accounts else None
            if identity is not None:
                out[uid] = PersonRef(uid, identity.username, identity.email)
            elif person is not None:
                out[uid] = PersonRef(uid, person.username, person.email)
        return out

    def get(self, user_id: int) -> Agent | None:
        row = self.members.get(user_id)
        return self._agent(user_id, row) if row else None

    def candidate(self, user_id: int) -> Candidate | None:
        identity = self.directory.get(user_id) if self.directory else None
        if identity is not None:
            return Candidate(user_id, Role.LEARNER not in identity.roles, identity.is_active)
        person = self.accounts.people.get(user_id) if self.accounts else None
        return Candidate(user_id, False, person.is_active) if person is not None else None

    def enlist(self, user_id: int, team: str, is_escalation: bool) -> None:
        row = self.members.get(user_id)
        if row is not None:
            self.members[user_id] = replace(row, team=team, is_escalation=is_escalation)
            return
        ref = self.people({user_id}).get(user_id)
        name, email = (ref.username, ref.email) if ref else (f"agent{user_id}", f"agent{user_id}@example.com")
        self.members[user_id] = AgentRow(name, email, team, True, is_escalation)

    def set_available(self, user_id: int, available: bool) -> bool:
        if user_id not in self.members:
            return False
        self.members[user_id].available = available
        return True
