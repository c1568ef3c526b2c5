"""The support queue and support analytics on the Django ORM (percentiles in SQL on PostgreSQL)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.tickets.model import ticket_code
from domain.tickets.queries import (
    MINE_CURSOR,
    QUEUE_CURSOR,
    AgentFigures,
    AnalyticsReport,
    GroupTimes,
    Percentiles,
    QueueCriteria,
    QueuePage,
    TicketSummary,
    percentiles,
)
from domain.tickets.report import JUDGED, Tally, backlog, rating_average, rating_distribution
from domain.tickets.sla import Priority, SlaState, sla_state, workload
from domain.tickets.status import TicketStatus

from . import models as m
from .repository import open_tickets_of

TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
LEARNERS_OWN = m.SupportTicket.objects.filter(opened_under_impersonation=False)  # what analytics count
# what a summary reads: the description, the context snapshot and the SLA bookkeeping stay in the database
SUMMARY_FIELDS = (
    "id",
    "ticket_id",
    "user_id",
    "title",
    "status",
    "priority",
    "category",
    "team",
    "assigned_to_id",
    "tags",
    "created_at",
    "updated_at",
    "sla_deadline",
    "sla_next_due",
    "sla_warn_at",
    "sla_breached",
    "escalation_level",
)


T = m.SupportTicket._meta.db_table
TAGS = m.TicketTag._meta.db_table
DUE = "COALESCE(t.sla_next_due, %s)"  # the ticket_queue indexes' expression (psycopg inlines the value)


class SummaryRow:
    """A queue row read with plain SQL, with the attributes summary() reads."""

    def __init__(self, *values: Any):
        for name, value in zip(SUMMARY_FIELDS, values, strict=True):
            setattr(self, name, _db_value(name, value))
        self.pk = self.id

    id: int
    ticket_id: str | None
    user_id: int
    title: str
    status: str
    priority: str
    category: str
    team: str
    assigned_to_id: int | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime | None
    sla_deadline: datetime | None
    sla_next_due: datetime | None
    sla_warn_at: datetime | None
    sla_breached: bool
    escalation_level: int


def _db_value(name: str, value: Any) -> Any:
    if isinstance(value, str) and name == "tags":
        return json.loads(value)
    if isinstance(value, str) and name.endswith(("_at", "_due", "_deadline")):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:  # SQLite keeps UTC times without their zone
        return value.replace(tzinfo=UTC)
    if name == "sla_breached":
        return bool(value)
    return value


def _conditions(c: QueueCriteria, now: datetime, with_status: bool = True) -> tuple[list[str], list[Any]]:
    """The criteria as SQL conditions on `t` (the ticket table) and their parameters."""
    where: list[str] = []
    args: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        where.append(sql)
        args.extend(values)

    if with_status and c.statuses:
        statuses = sorted(s.value for s in c.statuses)
        add(f"t.status IN ({', '.join(['%s'] * len(statuses))})", *statuses)
    if c.priority:
        add("t.priority = %s", c.priority.value)
    if c.category:
        add("t.category = %s", c.category)
    if c.assigned_to is not None:
        add("t.assigned_to_id = %s", c.assigned_to)
    if c.unassigned:
        add("t.assigned_to_id IS NULL")
    if c.team:
        add("t.team = %s", c.team)
    if c.user_id is not None:
        add("t.user_id = %s", c.user_id)
    breached = "(t.sla_breached OR (t.sla_next_due IS NOT NULL AND t.sla_next_due <= %s))"
    if c.sla_state == SlaState.BREACHED:
        add(breached, now)
    elif c.sla_state == SlaState.AT_RISK:
        add(f"NOT {breached} AND t.sla_warn_at IS NOT NULL AND t.sla_warn_at <= %s", now, now)
    elif c.sla_state == SlaState.OK:
        add(f"NOT {breached} AND (t.sla_warn_at IS NULL OR t.sla_warn_at > %s)", now, now)
    for tag in sorted(c.tags):
        add(f"EXISTS (SELECT 1 FROM {TAGS} g WHERE g.ticket_id = t.id AND g.tag = %s)", tag)
    if c.created_after:
        add("t.created_at >= %s", c.created_after)
    if c.created_before:
        add("t.created_at < %s", c.created_before)
    q = c.q.strip()
    if re.fullmatch(r"(?i)sup-\d{1,12}", q):
        add("t.ticket_id = %s", q.upper())  # a ticket's code: its unique index
    elif q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # PostgreSQL: its default escape is the backslash, and an ESCAPE clause would hide ticket_title_trgm
        escape = "" if connection.vendor == "postgresql" else " ESCAPE '\\'"
        add(f"UPPER(t.title) LIKE UPPER(%s){escape}", pattern)
    return where, args


def queue_sql(c: QueueCriteria, now: datetime, after: tuple[Any, ...] | None, limit: int) -> tuple[str, list[Any]]:
    where, args = _conditions(c, now)
    if after is not None:
        due, last = after
        where.append(f"({DUE} > %s OR ({DUE} = %s AND t.id > %s))")
        args += [m.FAR, due, m.FAR, due, last]
    columns = ", ".join(f"t.{f}" for f in SUMMARY_FIELDS)
    sql = f"SELECT {columns} FROM {T} t"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + f" ORDER BY {DUE}, t.id LIMIT %s", [*args, m.FAR, limit]


def counts_sql_of(c: QueueCriteria, now: datetime) -> tuple[str, list[Any]]:
    where, args = _conditions(c, now, with_status=False)
    sql = f"SELECT t.status, COUNT(*) FROM {T} t"
    return sql + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY t.status", args


def summary(r: Any, now: datetime) -> TicketSummary:
    return TicketSummary(
        r.pk,
        r.ticket_id or ticket_code(r.pk),
        r.user_id,
        r.title,
        TicketStatus(r.status),
        Priority(r.priority),
        r.category,
        r.team,
        r.assigned_to_id,
        list(r.tags),
        r.created_at,
        r.updated_at,
        r.sla_deadline,
        r.sla_next_due,
        sla_state(r.sla_breached, r.sla_next_due, r.sla_warn_at, now),
        r.escalation_level,
    )


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


def _times(span: QuerySet[Any], key: str) -> dict[str, GroupTimes]:
    """First response and resolution percentiles per category or priority (two grouped aggregates)."""
    first = grouped_percentiles(span, key, "first_response_minutes")
    resolution = grouped_percentiles(span, key, "resolution_minutes")
    none = Percentiles(None, None)
    return {
        k: GroupTimes(first.get(k, none), resolution.get(k, none)) for k in sorted(first.keys() | resolution.keys())
    }


class DjangoTicketQueries:
    def queue(self, criteria: QueueCriteria, page: PageRequest, now: datetime) -> QueuePage:
        """The page and the counts per status, as SQL written out (queue_sql): the queue is the desk's busiest
        read, and composing its two queries through the ORM cost more CPU than PostgreSQL spent running them."""
        sql, args = queue_sql(criteria, now, page.after(QUEUE_CURSOR), page.limit + 1)
        counts_sql, counts_args = counts_sql_of(criteria, now)
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            rows = [SummaryRow(*r) for r in cursor.fetchall()]
            cursor.execute(counts_sql, counts_args)
            counted = dict(cursor.fetchall())
        cursor_out = None
        if len(rows) > page.limit:
            last_row = rows[page.limit - 1]
            cursor_out = QUEUE_CURSOR.encode([last_row.sla_next_due or m.FAR, last_row.pk])
        counts = {s.value: 0 for s in TicketStatus} | counted
        return QueuePage([summary(r, now) for r in rows[: page.limit]], cursor_out, counts)

    def of_user(self, user_id: int, page: PageRequest, now: datetime) -> Page[TicketSummary]:
        qs = m.SupportTicket.objects.filter(user_id=user_id)
        pos = page.after(MINE_CURSOR)
        if pos is not None:
            qs = qs.filter(id__lt=pos[0])
        rows = list(qs.only(*SUMMARY_FIELDS).order_by("-id")[: page.limit + 1])
        chosen = page_from_rows(rows, page, MINE_CURSOR, lambda r: [r.pk])
        return Page([summary(r, now) for r in chosen.items], chosen.next_cursor)

    def analytics(self, start: datetime, end: datetime, group_by: str) -> AnalyticsReport:
        """About a dozen aggregate queries, each an index-only scan of `ticket_analytics` on PostgreSQL. Tickets
        opened under impersonation are left out: staff acting as the learner are not the learner."""
        span = LEARNERS_OWN.filter(created_at__gte=start, created_at__lt=end)

        def by(field: str) -> dict[str, int]:
            return dict(span.values_list(field).annotate(n=Count("*")).order_by())

        judged = Q(status__in=[s.value for s in JUDGED]) | Q(sla_breached=True)
        ever_resolved = Q(resolved_at__isnull=False) | Q(reopened_count__gt=0)
        f = span.aggregate(
            total=Count("*"),
            judged=Count("created_at", filter=judged),
            compliant=Count("created_at", filter=judged & Q(sla_breached=False)),
            resolved=Count("created_at", filter=ever_resolved),
            reopened=Count("created_at", filter=ever_resolved & Q(reopened_count__gt=0)),
            rating=Avg("satisfaction_rating"),
        )
        tally = Tally(f["judged"], f["compliant"], f["resolved"], f["reopened"])
        distribution = rating_distribution(
            dict(
                span.filter(satisfaction_rating__isnull=False)
                .values_list("satisfaction_rating")
                .annotate(n=Count("*"))
                .order_by()
            )
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
            sla_compliance_percent=tally.sla_compliance_percent,
            backlog=self._backlog(start, end, group_by),
            satisfaction_average=rating_average(f["rating"]),
            satisfaction_distribution=distribution,
            reopen_rate_percent=tally.reopen_rate_percent,
            agents=self._agents(span, by_agent),
            times_by_category=_times(span, "category"),
            times_by_priority=_times(span, "priority"),
        )

    def _backlog(self, start: datetime, end: datetime, group_by: str) -> list[tuple[datetime, int, int, int]]:
        trunc = TRUNC[group_by]
        all_tickets = LEARNERS_OWN
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
        before = all_tickets.filter(created_at__lt=start).count() - all_tickets.filter(resolved_at__lt=start).count()
        return backlog(start, end, group_by, created, resolved, before)

    def _agents(self, span: QuerySet[m.SupportTicket], first: dict[Any, Percentiles]) -> list[AgentFigures]:
        members = list(m.TeamMember.objects.values_list("user_id", flat=True))
        loads = {agent: workload(counts) for agent, counts in open_tickets_of(members).items()}
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
                loads.get(agent, 0),
                stats.get(agent, {}).get("assigned", 0),
                stats.get(agent, {}).get("resolved", 0),
                first.get(agent, Percentiles(None, None)),
                rating_average(stats.get(agent, {}).get("rating")),
            )
            for agent in sorted(members)
        ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)
