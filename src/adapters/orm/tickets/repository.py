"""Tickets on the Django ORM: optimistic versions, updates, tags, article links, the sweep's index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count

from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.principal import SYSTEM
from domain.tickets.model import Ticket, TicketUpdate, ticket_code
from domain.tickets.ports import AGENTS_CURSOR, Agent, Candidate, PersonRef
from domain.tickets.sla import Priority
from domain.tickets.status import OPEN_STATES, TicketStatus, UpdateType

from . import models as m

OPEN = sorted(s.value for s in OPEN_STATES)


def open_tickets_of(user_ids: Sequence[int]) -> dict[int, dict[Priority, int]]:
    """Per assignee, their open tickets counted per priority (the domain weighs them)."""
    rows = (
        m.SupportTicket.objects.filter(assigned_to_id__in=user_ids, status__in=OPEN)
        .values_list("assigned_to_id", "priority")
        .annotate(n=Count("*"))
        .order_by()
    )
    out: dict[int, dict[Priority, int]] = {}
    for agent, priority, n in rows:
        out.setdefault(agent, {})[Priority(priority)] = n
    return out


def _dt(raw: dict[str, str]) -> dict[str, datetime]:
    return {k: datetime.fromisoformat(v) for k, v in raw.items()}


def _iso(values: dict[str, datetime]) -> dict[str, str]:
    return {k: v.isoformat() for k, v in values.items()}


def to_ticket(r: m.SupportTicket) -> Ticket:
    return Ticket(
        id=r.pk,
        user_id=r.user_id,
        created_by=r.created_by_id or SYSTEM.user_id,  # NULL: the system opened it (monitoring, a sweep)
        title=r.title,
        description=r.description,
        category=r.category,
        priority=Priority(r.priority),
        created_at=r.created_at,
        status=TicketStatus(r.status),
        team=r.team,
        assigned_to=r.assigned_to_id,
        tags=list(r.tags),
        updated_at=r.updated_at,
        resolved_at=r.resolved_at,
        closed_at=r.closed_at,
        first_response_at=r.first_response_at,
        first_response_due=r.first_response_due,
        next_response_due=r.next_response_due,
        sla_deadline=r.sla_deadline,
        warn_at=_dt(r.warn_at),
        breaches=_dt(r.breaches),
        warned=list(r.warned),
        escalated=list(r.escalated),
        sla_paused_at=r.sla_paused_at,
        paused_seconds=r.paused_seconds,
        paused_minutes=r.paused_minutes,
        escalation_level=r.escalation_level,
        reopened_count=r.reopened_count,
        version=r.version,
        parent_id=r.parent_id,
        opened_under_impersonation=r.opened_under_impersonation,
        satisfaction_rating=r.satisfaction_rating,
        satisfaction_comment=r.satisfaction_comment,
        context=dict(r.context),
        first_response_minutes=r.first_response_minutes,
        resolution_minutes=r.resolution_minutes,
    )


def values(t: Ticket) -> dict[str, Any]:
    return {
        "user_id": t.user_id,
        "created_by_id": t.created_by or None,  # the system (user 0) is nobody in the users table
        "assigned_to_id": t.assigned_to,
        "team": t.team,
        "title": t.title,
        "description": t.description,
        "priority": t.priority.value,
        "status": t.status.value,
        "category": t.category,
        "tags": list(t.tags),
        "created_at": t.created_at,
        "updated_at": t.updated_at,
        "resolved_at": t.resolved_at,
        "closed_at": t.closed_at,
        "sla_deadline": t.sla_deadline,
        "first_response_at": t.first_response_at,
        "first_response_due": t.first_response_due,
        "next_response_due": t.next_response_due,
        "sla_paused_at": t.sla_paused_at,
        "paused_seconds": t.paused_seconds,
        "paused_minutes": t.paused_minutes,
        "warn_at": _iso(t.warn_at),
        "breaches": _iso(t.breaches),
        "warned": list(t.warned),
        "escalated": list(t.escalated),
        "escalation_level": t.escalation_level,
        "reopened_count": t.reopened_count,
        "parent_id": t.parent_id,
        "opened_under_impersonation": t.opened_under_impersonation,
        "satisfaction_rating": t.satisfaction_rating,
        "satisfaction_comment": t.satisfaction_comment,
        "context": t.context,
        "first_response_minutes": t.first_response_minutes,
        "resolution_minutes": t.resolution_minutes,
        "sla_next_due": t.sla_next_due,
        "sla_warn_at": t.sla_warn_at,
        "sla_breached": bool(t.breaches),
        "next_trigger_at": t.next_trigger_at,
    }


def to_update(u: m.SupportTicketUpdate) -> TicketUpdate:
    return TicketUpdate(
        u.ticket_id,
        UpdateType(u.update_type),
        u.content,
        u.is_internal,
        u.created_by_id,
        u.created_at,
        dict(u.data),
        u.pk,
    )


class DjangoTicketRepository:
    def add(self, ticket: Ticket) -> Ticket:
        row = m.SupportTicket.objects.create(**values(ticket))
        ticket.id = row.pk
        m.SupportTicket.objects.filter(pk=row.pk).update(ticket_id=ticket_code(row.pk))
        self._write_children(ticket)
        return ticket

    def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        qs = m.SupportTicket.objects.select_for_update() if for_update else m.SupportTicket.objects
        row = qs.filter(pk=ticket_id).first()
        return to_ticket(row) if row else None

    def save(self, ticket: Ticket, expected_version: int) -> list[TicketUpdate] | None:
        changed = m.SupportTicket.objects.filter(pk=ticket.id, version=expected_version).update(
            **values(ticket), version=expected_version + 1
        )
        if not changed:
            return None
        ticket.version = expected_version + 1
        return self._write_children(ticket)

    def _write_children(self, ticket: Ticket) -> list[TicketUpdate]:
        rows = m.SupportTicketUpdate.objects.bulk_create(
            m.SupportTicketUpdate(
                ticket_id=ticket.id,
                created_by_id=u.created_by or None,
                update_type=u.update_type.value,
                content=u.content,
                is_internal=u.is_internal,
                created_at=u.created_at,
                data=u.data,
            )
            for u in ticket.updates
        )
        ticket.updates.clear()
        have = set(m.TicketTag.objects.filter(ticket_id=ticket.id).values_list("tag", flat=True))
        want = set(ticket.tags)
        if have != want:
            m.TicketTag.objects.filter(ticket_id=ticket.id, tag__in=have - want).delete()
            m.TicketTag.objects.bulk_create([m.TicketTag(ticket_id=ticket.id, tag=t) for t in want - have])
        return [to_update(row) for row in rows]

    def updates(self, ticket_id: int, *, include_internal: bool) -> Sequence[TicketUpdate]:
        qs = m.SupportTicketUpdate.objects.filter(ticket_id=ticket_id)
        if not include_internal:
            qs = qs.filter(is_internal=False)
        return [to_update(u) for u in qs.order_by("created_at", "id")]

    def due_for_sweep(self, now: datetime, limit: int) -> list[int]:
        qs = m.SupportTicket.objects.filter(next_trigger_at__lte=now).order_by("next_trigger_at", "id")
        return list(qs.values_list("id", flat=True)[:limit])

    def resolved_before(self, cutoff: datetime, limit: int) -> list[int]:
        qs = m.SupportTicket.objects.filter(status="resolved", resolved_at__lt=cutoff).order_by("id")
        return list(qs.values_list("id", flat=True)[:limit])

    def open_ticket_codes(self, user_id: int) -> list[str]:
        qs = m.SupportTicket.objects.filter(user_id=user_id, status__in=OPEN).order_by("-id")
        return [c for c in qs.values_list("ticket_id", flat=True)[:50] if c]

    def link_article(self, ticket_id: int, article_id: int, linked_by: int, at: datetime) -> bool:
        try:
            with transaction.atomic():
                m.TicketArticleLink.objects.create(
                    ticket_id=ticket_id, article_id=article_id, linked_by_id=linked_by, created_at=at
                )
        except IntegrityError:
            return False
        return True

    def linked_articles(self, ticket_id: int) -> list[int]:
        return list(
            m.TicketArticleLink.objects.filter(ticket_id=ticket_id)
            .order_by("article_id")
            .values_list("article_id", flat=True)
        )


class DjangoAgentDirectory:
    def team_for(self, category: str) -> str | None:
        route = m.CategoryRoute.objects.filter(category=category).select_related("team").first()
        return route.team.code if route else None

    def has_team(self, team: str) -> bool:
        return m.Team.objects.filter(code=team).exists()

    def _agents(self, members: list[m.TeamMember]) -> list[Agent]:
        counts = open_tickets_of([mem.user_id for mem in members])
        return [
            Agent(
                mem.user_id,
                mem.user.username,
                mem.user.email,
                mem.team.code,
                mem.available,
                mem.is_escalation,
                counts.get(mem.user_id, {}),
            )
            for mem in members
        ]

    def _members(self) -> Any:
        return m.TeamMember.objects.filter(user__is_active=True).select_related("user", "team").order_by("user_id")

    def agents(self, team: str | None) -> list[Agent]:
        qs = self._members()
        return self._agents(list(qs.filter(team__code=team) if team is not None else qs))

    def listing(self, page: PageRequest) -> Page[Agent]:
        qs = self._members()
        after = page.after(AGENTS_CURSOR)
        if after is not None:
            qs = qs.filter(user_id__gt=after[0])
        return page_from_rows(self._agents(list(qs[: page.limit + 1])), page, AGENTS_CURSOR, lambda a: [a.user_id])

    def people(self, user_ids: set[int]) -> dict[int, PersonRef]:
        rows = get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username", "email")
        return {pk: PersonRef(pk, username, email) for pk, username, email in rows}

    def get(self, user_id: int) -> Agent | None:
        member = m.TeamMember.objects.filter(user_id=user_id).select_related("user", "team").first()
        return self._agents([member])[0] if member else None

    def candidate(self, user_id: int) -> Candidate | None:
        row = get_user_model().objects.filter(pk=user_id).values_list("is_staff", "is_active").first()
        return Candidate(user_id, row[0], row[1]) if row else None

    def enlist(self, user_id: int, team: str, is_escalation: bool) -> None:
        found = m.Team.objects.get(code=team)
        m.TeamMember.objects.update_or_create(user_id=user_id, defaults={"team": found, "is_escalation": is_escalation})

    def set_available(self, user_id: int, available: bool) -> bool:
        return m.TeamMember.objects.filter(user_id=user_id).update(available=available) > 0
