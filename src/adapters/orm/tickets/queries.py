"""The support queue and support analytics on the Django ORM (percentiles in SQL on PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest, encode_cursor
from domain.tickets.model import Status, ticket_code
from domain.tickets.queries import AgentFigures, AnalyticsReport, Percentiles, QueueCriteria, QueuePage, TicketSummary
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
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(ticket_id__iexact=q))
    return qs


def percentiles(qs: QuerySet[Any], field: str) -> Percentiles:
    if connection.vendor == "postgresql":
        sql, params = qs.filter(**{f"{field}__isnull": False}).values(field).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.9) WITHIN GROUP (ORDER BY v)"
                f" FROM ({sql}) AS t(v)",
                params,
            )
            p50, p90 = cursor.fetchone()
        return Percentiles(None if p50 is None else round(p50, 2), None if p90 is None else round(p90, 2))
    from adapters.memory.tickets import percentiles as in_python

    return in_python(list(qs.filter(**{f"{field}__isnull": False}).values_list(field, flat=True)))


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class DjangoTicketQueries:
    def queue(self, criteria: QueueCriteria, page: PageRequest, now: datetime) -> QueuePage:
        qs = _filtered(criteria, now).alias(due=m.queue_order())
        pos = page.position()
        if pos is not None:
            try:
                due, last = datetime.fromisoformat(pos[0]), int(pos[1])
            except (TypeError, ValueError, IndexError) as exc:
                raise InvalidInput("cursor is not valid", code="invalid_cursor") from exc
            qs = qs.filter(Q(due__gt=due) | Q(due=due, id__gt=last))
        rows = list(qs.order_by(F("due").asc(), "id")[: page.limit + 1])
        cursor = None
        if len(rows) > page.limit:
            last_row = rows[page.limit - 1]
            cursor = encode_cursor([(last_row.sla_next_due or m.FAR).isoformat(), last_row.pk])
        counted = _filtered(criteria, now, with_status=False).values_list("status").annotate(n=Count("id")).order_by()
        counts = {s.value: 0 for s in Status} | dict(counted)
        return QueuePage([summary(r, now) for r in rows[: page.limit]], cursor, counts)

    def of_user(self, user_id: int, page: PageRequest) -> tuple[list[TicketSummary], str | None]:
        qs = m.SupportTicket.objects.filter(user_id=user_id)
        pos = page.position()
        if pos is not None:
            qs = qs.filter(id__lt=int(pos[0]))
        rows = list(qs.order_by("-id")[: page.limit + 1])
        cursor = encode_cursor([rows[page.limit - 1].pk]) if len(rows) > page.limit else None
        now = datetime.now().astimezone()
        return [summary(r, now) for r in rows[: page.limit]], cursor

    def analytics(self, start: datetime, end: datetime, group_by: str) -> AnalyticsReport:
        span = m.SupportTicket.objects.filter(created_at__gte=start, created_at__lt=end)

        def by(field: str) -> dict[str, int]:
            return dict(span.values_list(field).annotate(n=Count("id")).order_by())

        judged = span.filter(Q(status__in=("resolved", "closed")) | Q(sla_breached=True))
        judged_total = judged.count()
        compliant = judged.filter(sla_breached=False).count()
        ever_resolved = span.filter(Q(resolved_at__isnull=False) | Q(reopened_count__gt=0))
        rated = span.filter(satisfaction_rating__isnull=False)
        distribution = {i: 0 for i in range(1, 6)} | dict(
            rated.values_list("satisfaction_rating").annotate(n=Count("id")).order_by()
        )
        return AnalyticsReport(
            start=start,
            end=end,
            total=span.count(),
            by_status=by("status"),
            by_category=by("category"),
            by_priority=by("priority"),
            by_team=by("team"),
            first_response_minutes=percentiles(span, "first_response_minutes"),
            resolution_minutes=percentiles(span, "resolution_minutes"),
            sla_compliance_percent=share(compliant, judged_total),
            backlog=self._backlog(start, end, group_by),
            satisfaction_average=_round(rated.aggregate(a=Avg("satisfaction_rating"))["a"]),
            satisfaction_distribution=distribution,
            reopen_rate_percent=share(ever_resolved.filter(reopened_count__gt=0).count(), ever_resolved.count()),
            agents=self._agents(span),
        )

    def _backlog(self, start: datetime, end: datetime, group_by: str) -> list[tuple[datetime, int, int, int]]:
        from adapters.memory.tickets import next_period, periods

        trunc = TRUNC[group_by]
        all_tickets = m.SupportTicket.objects
        created = dict(
            all_tickets.filter(created_at__gte=start, created_at__lt=end)
            .annotate(p=trunc("created_at"))
            .values_list("p")
            .annotate(n=Count("id"))
            .order_by()
        )
        resolved = dict(
            all_tickets.filter(resolved_at__gte=start, resolved_at__lt=end)
            .annotate(p=trunc("resolved_at"))
            .values_list("p")
            .annotate(n=Count("id"))
            .order_by()
        )
        open_now = all_tickets.filter(created_at__lt=start).count() - all_tickets.filter(resolved_at__lt=start).count()
        out = []
        for p in periods(start, end, group_by):
            c, r = created.get(p, 0), resolved.get(p, 0)
            open_now += c - r
            out.append((p, c, r, open_now))
            assert next_period(p, group_by) > p
        return out

    def _agents(self, span: QuerySet[m.SupportTicket]) -> list[AgentFigures]:
        members = list(m.TeamMember.objects.values_list("user_id", flat=True))
        loads: dict[int, int] = {}
        for agent, priority in m.SupportTicket.objects.filter(
            assigned_to_id__in=members, status__in=OPEN_STATES
        ).values_list("assigned_to_id", "priority"):
            loads[agent] = loads.get(agent, 0) + Priority(priority).weight
        figures = []
        stats = {
            row["assigned_to_id"]: row
            for row in span.filter(assigned_to_id__in=members)
            .values("assigned_to_id")
            .annotate(
                assigned=Count("id"),
                resolved=Count("id", filter=Q(resolved_at__isnull=False)),
                rating=Avg("satisfaction_rating"),
            )
            .order_by()
        }
        for agent in sorted(members):
            row = stats.get(agent, {})
            figures.append(
                AgentFigures(
                    agent,
                    loads.get(agent, 0),
                    row.get("assigned", 0),
                    row.get("resolved", 0),
                    percentiles(span.filter(assigned_to_id=agent), "first_response_minutes")
                    if row
                    else Percentiles(None, None),
                    _round(row.get("rating")),
                )
            )
        return figures


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)
