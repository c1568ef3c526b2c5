"""The support queue and support analytics on the Django ORM (percentiles in SQL on PostgreSQL)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Avg, Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from domain.shared.pagination import PageRequest
from domain.tickets.model import Status, ticket_code
from domain.tickets.queries import (
    MINE_CURSOR,
    QUEUE_CURSOR,
    AgentFigures,
    AnalyticsReport,
    Percentiles,
    QueueCriteria,
    QueuePage,
    TicketSummary,
    percentiles,
    periods,
    share,
)
from domain.tickets.sla import Priority

from . import models as m
from .repository import OPEN_STATES

TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def sla_state_of(r: m.SupportTicket, now: datetime) -> str:
    if r.sla_breached or (r.sla_next_due is not None and r.sla_next_due <= now):
        return "breached"
    if r.sla_warn_at is not None and r.sla_warn_at <= now:
        return "at_risk"
    return "ok"


def summary(r: m.SupportTicket, now: datetime) -> TicketSummary:
    return TicketSummary(
        r.pk,
        r.ticket_id or ticket_code(r.pk),
        r.user_id,
        r.title,
        Status(r.status),
        Priority(r.priority),
        r.category,
        r.team,
        r.assigned_to_id,
        list(r.tags),
        r.created_at,
        r.updated_at,
        r.sla_deadline,
        r.sla_next_due,
        sla_state_of(r, now),
        r.escalation_level,
    )


def _filtered(c: QueueCriteria, now: datetime, with_status: bool = True) -> QuerySet[m.SupportTicket]:
    qs = m.SupportTicket.objects.all()
    if with_status and c.statuses:
        qs = qs.filter(status__in=sorted(s.value for s in c.statuses))
    if c.priority:
        qs = qs.filter(priority=c.priority.value)
    if c.category:
        qs = qs.filter(category=c.category)
    if c.assigned_to is not None:
        qs = qs.filter(assigned_to_id=c.assigned_to)
    if c.unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    if c.team:
        qs = qs.filter(team=c.team)
    if c.user_id is not None:
        qs = qs.filter(user_id=c.user_id)
    breached = Q(sla_breached=True) | Q(sla_next_due__lte=now)
    if c.sla_state == "breached":
        qs = qs.filter(breached)
    elif c.sla_state == "at_risk":
        qs = qs.filter(~breached & Q(sla_warn_at__lte=now))
    elif c.sla_state == "ok":
        qs = qs.filter(~breached & (Q(sla_warn_at__isnull=True) | Q(sla_warn_at__gt=now)))
    for tag in sorted(c.tags):
        qs = qs.filter(Exists(m.TicketTag.objects.filter(ticket_id=OuterRef("pk"), tag=tag)))
    if c.created_after:
        qs = qs.filter(created_at__gte=c.created_after)
    if c.created_before:
        qs = qs.filter(created_at__lt=c.created_before)
    q = c.q.strip()
    if re.fullmatch(r"(?i)sup-\d{1,12}", q):
        qs = qs.filter(ticket_id=q.upper())  # a ticket's code: its unique index
    elif q:
        qs = qs.filter(title__icontains=q)  # UPPER(title) LIKE: the ticket_title_trgm index
    return qs


def grouped_percentiles(qs: QuerySet[Any], key: str | None, field: str) -> dict[Any, Percentiles]:
    """p50 and p90 of `field` per value of `key` (one group, None, when key is None): percentile_cont in
    SQL on PostgreSQL, the same interpolation in Python elsewhere."""
    rows = qs.filter(**{f"{field}__isnull": False})
    if connection.vendor == "postgresql":
        keys = [key] if key else []
        sql, params = rows.values(*keys, field).query.sql_with_params()
        group = "k" if key else "NULL"
        cols = "k, v" if key else "v"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {group}, percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
                f"percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FROM ({sql}) AS t({cols}) GROUP BY 1",
                params,
            )
            return {k: Percentiles(_round(p50), _round(p90)) for k, p50, p90 in cursor.fetchall()}
    groups: dict[Any, list[float]] = {}
    for k, v in rows.values_list(key or "id", field):
        groups.setdefault(k if key else None, []).append(v)
    return {k: percentiles(values) for k, values in groups.items()}


class DjangoTicketQueries:
    def queue(self, criteria: QueueCriteria, page: PageRequest, now: datetime) -> QueuePage:
        qs = _filtered(criteria, now).alias(due=m.queue_order())
        pos = page.after(QUEUE_CURSOR)
        if pos is not None:
            due, last = pos
            qs = qs.filter(Q(due__gt=due) | Q(due=due, id__gt=last))
        rows = list(qs.order_by(F("due").asc(), "id")[: page.limit + 1])
        cursor = None
        if len(rows) > page.limit:
            last_row = rows[page.limit - 1]
            cursor = QUEUE_CURSOR.encode([last_row.sla_next_due or m.FAR, last_row.pk])
        counted = _filtered(criteria, now, with_status=False).values_list("status").annotate(n=Count("id")).order_by()
        counts = {s.value: 0 for s in Status} | dict(counted)
        return QueuePage([summary(r, now) for r in rows[: page.limit]], cursor, counts)

    def of_user(self, user_id: int, page: PageRequest) -> tuple[list[TicketSummary], str | None]:
        qs = m.SupportTicket.objects.filter(user_id=user_id)
        pos = page.after(MINE_CURSOR)
        if pos is not None:
            qs = qs.filter(id__lt=pos[0])
        rows = list(qs.order_by("-id")[: page.limit + 1])
        cursor = MINE_CURSOR.encode([rows[page.limit - 1].pk]) if len(rows) > page.limit else None
        now = datetime.now().astimezone()
        return [summary(r, now) for r in rows[: page.limit]], cursor

    def analytics(self, start: datetime, end: datetime, group_by: str) -> AnalyticsReport:
        """About a dozen aggregate queries, each an index-only scan of `ticket_analytics` on PostgreSQL."""
        span = m.SupportTicket.objects.filter(created_at__gte=start, created_at__lt=end)

        def by(field: str) -> dict[str, int]:
            return dict(span.values_list(field).annotate(n=Count("*")).order_by())

        judged = Q(status__in=("resolved", "closed")) | Q(sla_breached=True)
        ever_resolved = Q(resolved_at__isnull=False) | Q(reopened_count__gt=0)
        f = span.aggregate(
            total=Count("*"),
            judged=Count("created_at", filter=judged),
            compliant=Count("created_at", filter=judged & Q(sla_breached=False)),
            resolved=Count("created_at", filter=ever_resolved),
            reopened=Count("created_at", filter=ever_resolved & Q(reopened_count__gt=0)),
            rating=Avg("satisfaction_rating"),
        )
        distribution = {i: 0 for i in range(1, 6)} | dict(
            span.filter(satisfaction_rating__isnull=False)
            .values_list("satisfaction_rating")
            .annotate(n=Count("*"))
            .order_by()
        )
        by_agent = grouped_percentiles(
            span.filter(assigned_to__isnull=False), "assigned_to_id", "first_response_minutes"
        )
        overall = grouped_percentiles(span, None, "first_response_minutes").get(None, Percentiles(None, None))
        resolution = grouped_percentiles(span, None, "resolution_minutes").get(None, Percentiles(None, None))
        return AnalyticsReport(
            start=start,
            end=end,
            total=f["total"],
            by_status=by("status"),
            by_category=by("category"),
            by_priority=by("priority"),
            by_team=by("team"),
            first_response_minutes=overall,
            resolution_minutes=resolution,
            sla_compliance_percent=share(f["compliant"], f["judged"]),
            backlog=self._backlog(start, end, group_by),
            satisfaction_average=_round(f["rating"]),
            satisfaction_distribution=distribution,
            reopen_rate_percent=share(f["reopened"], f["resolved"]),
            agents=self._agents(span, by_agent),
        )

    def _backlog(self, start: datetime, end: datetime, group_by: str) -> list[tuple[datetime, int, int, int]]:
        trunc = TRUNC[group_by]
        all_tickets = m.SupportTicket.objects
        created = dict(
            all_tickets.filter(created_at__gte=start, created_at__lt=end)
            .annotate(p=trunc("created_at"))
            .values_list("p")
            .annotate(n=Count("*"))
            .order_by()
        )
        resolved = dict(
            all_tickets.filter(resolved_at__gte=start, resolved_at__lt=end)
            .annotate(p=trunc("resolved_at"))
            .values_list("p")
            .annotate(n=Count("*"))
            .order_by()
        )
        open_now = all_tickets.filter(created_at__lt=start).count() - all_tickets.filter(resolved_at__lt=start).count()
        out = []
        for p in periods(start, end, group_by):
            c, r = created.get(p, 0), resolved.get(p, 0)
            open_now += c - r
            out.append((p, c, r, open_now))
        return out

    def _agents(self, span: QuerySet[m.SupportTicket], first: dict[Any, Percentiles]) -> list[AgentFigures]:
        members = list(m.TeamMember.objects.values_list("user_id", flat=True))
        weight = Case(*[When(priority=p.value, then=Value(p.weight)) for p in Priority], output_field=IntegerField())
        loads = dict(
            m.SupportTicket.objects.filter(assigned_to_id__in=members, status__in=OPEN_STATES)
            .values_list("assigned_to_id")
            .annotate(load=Sum(weight))
            .order_by()
        )
        stats = {
            row["assigned_to_id"]: row
            for row in span.filter(assigned_to_id__in=members)
            .values("assigned_to_id")
            .annotate(
                assigned=Count("*"),
                resolved=Count("created_at", filter=Q(resolved_at__isnull=False)),
                rating=Avg("satisfaction_rating"),
            )
            .order_by()
        }
        return [
            AgentFigures(
                agent,
                int(loads.get(agent) or 0),
                stats.get(agent, {}).get("assigned", 0),
                stats.get(agent, {}).get("resolved", 0),
                first.get(agent, Percentiles(None, None)),
                _round(stats.get(agent, {}).get("rating")),
            )
            for agent in sorted(members)
        ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)
