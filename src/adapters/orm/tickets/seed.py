"""Deterministic support-desk data for benchmarks: agents on every team, tickets over 180 days
whose SLA fields come from the domain's own clocks, and their conversations. PostgreSQL loads
with COPY; SQLite with batched inserts."""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from adapters.orm.accounts.models import UserProfile
from domain.shared.support import DEFAULT_CATEGORIES
from domain.tickets.model import Ticket, ticket_code
from domain.tickets.routing import DEFAULT_ROUTES, DEFAULT_TEAM
from domain.tickets.sla import Priority, SlaPolicy
from domain.tickets.status import TicketStatus

from . import models as m
from .repository import values

PRIORITIES = (
    [Priority.LOW] * 20
    + [Priority.NORMAL] * 55
    + [Priority.HIGH] * 18
    + [Priority.URGENT] * 5
    + [Priority.CRITICAL] * 2
)
TITLES = {
    "technical": ["Video will not play", "Upload keeps failing", "Page loads very slowly", "App crashes on start"],
    "bug": ["Quiz score is wrong", "Progress bar stuck at 90%", "Error 500 on submit", "Button does nothing"],
    "billing": ["Charged twice", "Refund request", "Invoice needed", "Card declined"],
    "account": ["Cannot log in", "Change my e-mail", "Account locked", "Reset link expired"],
    "course_content": ["Typo in lesson", "Answer key mistake", "Missing exercise files", "Outdated screenshots"],
    "feature_request": ["Please add dark mode", "Offline downloads", "Export my notes", "More languages"],
    "other": ["Question about certificates", "Feedback", "Where is my mentor?", "General question"],
}
PHRASES = [
    "Thanks for the details.",
    "Could you send a screenshot?",
    "I tried again, same result.",
    "We reproduced it and are working on a fix.",
    "That worked, thank you!",
    "Any update on this?",
]
NOTES = ["Known issue, see engineering ticket.", "Customer is on the annual plan.", "Escalated to billing lead."]


@dataclass
class TicketSeedReport:
    agents: int = 0
    tickets: int = 0
    updates: int = 0
    seconds: float = 0.0


def _agents(r: random.Random, per_team: int) -> dict[str, list[int]]:
    User = get_user_model()
    teams = {t.code: t for t in m.Team.objects.all()}
    out: dict[str, list[int]] = {code: [] for code in teams}
    for code, team in teams.items():
        for i in range(per_team):
            name = f"agent_{code}_{i}"
            user, created = User.objects.get_or_create(
                username=name, defaults={"email": f"{name}@example.com", "is_staff": True}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            m.TeamMember.objects.get_or_create(user=user, defaults={"team": team, "is_escalation": i == 0})
            out[code].append(user.pk)
    return out


def _life(
    t: Ticket, r: random.Random, now: datetime, policy: SlaPolicy, agents: list[int], updates_per: int
) -> list[tuple[Any, ...]]:
    """Play a plausible life for the ticket through the domain; the updates as rows."""
    rows: list[tuple[Any, ...]] = []
    at = t.created_at
    age = (now - t.created_at).total_seconds()
    target = r.random()
    for n in range(max(1, int(r.expovariate(1 / updates_per)))):
        at = min(now, at + timedelta(minutes=r.expovariate(1 / 180)))
        kind = r.random()
        staff = agents[0] if agents else None
        if kind < 0.55:
            author = staff if n % 2 == 0 else t.user_id
            rows.append((t.id, author, "comment", r.choice(PHRASES), False, at, "{}"))
            if author == staff and t.status is not TicketStatus.CLOSED:
                t.staff_replied(at, policy)
            elif t.status in (TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.PENDING_USER):
                t.learner_replied(at, policy)
        elif kind < 0.8:
            rows.append((t.id, staff, "internal_note", r.choice(NOTES), True, at, "{}"))
        elif t.status in (TicketStatus.OPEN, TicketStatus.IN_PROGRESS) and age > 3600:
            target_status = TicketStatus.PENDING_USER if r.random() < 0.5 else TicketStatus.IN_PROGRESS
            if target_status is not t.status:
                source = t.move(target_status, at, policy)
                rows.append(
                    (
                        t.id,
                        staff,
                        "status_change",
                        f"{source.value} -> {target_status.value}",
                        False,
                        at,
                        json.dumps({"from": source.value, "to": target_status.value}),
                    )
                )
    # most tickets older than a few days end resolved or closed
    if (age > 3 * 86400 and target < 0.85) or (age > 86400 and target < 0.4):
        at = min(now, max(at, t.created_at) + timedelta(hours=r.expovariate(1 / 20)))
        if t.status is TicketStatus.PENDING_USER:
            t.move(TicketStatus.IN_PROGRESS, at, policy)
        t.move(TicketStatus.RESOLVED, at, policy)
        rows.append(
            (
                t.id,
                agents[0] if agents else None,
                "status_change",
                "resolved",
                False,
                at,
                json.dumps({"to": "resolved"}),
            )
        )
        if r.random() < 0.4:
            t.satisfaction_rating = r.choices([1, 2, 3, 4, 5], [4, 6, 15, 35, 40])[0]
        if now - at > timedelta(days=7):
            t.move(TicketStatus.CLOSED, at + timedelta(days=7), policy)
    t.updated_at = at
    return rows


def seed_tickets(tickets: int, updates_per_ticket: int, seed_value: int, now: datetime) -> TicketSeedReport:
    """`now` comes from the caller's Clock: tickets are laid out over the 180 days before it."""
    started = time.monotonic()
    r = random.Random(seed_value)
    policy = SlaPolicy()
    report = TicketSeedReport()
    learners = list(UserProfile.objects.order_by("user_id").values_list("user_id", flat=True)[:200_000])
    if not learners:
        raise ValueError("seed learners first (seed_demo --users N)")
    with transaction.atomic():
        teams = _agents(r, per_team=10)
        report.agents = sum(len(v) for v in teams.values())
        first_id = (m.SupportTicket.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        ticket_rows, update_rows, tag_rows = [], [], []
        for i in range(tickets):
            tid = first_id + i
            category = r.choice(DEFAULT_CATEGORIES)
            team = DEFAULT_ROUTES.get(category, DEFAULT_TEAM)
            created = now - timedelta(days=180 * r.random() ** 1.5, minutes=r.random() * 60)
            t = Ticket(
                id=tid,
                user_id=r.choice(learners),
                created_by=r.choice(learners),
                title=r.choice(TITLES[category]),
                description="Seeded ticket for benchmarks.",
                category=category,
                priority=r.choice(PRIORITIES),
                created_at=created,
                team=team,
                assigned_to=r.choice(teams[team]) if teams.get(team) and r.random() < 0.9 else None,
                tags=sorted(set(r.sample(["vip", "mobile", "exam", "refund", "api"], k=r.randint(0, 2)))),
            )
            t.start_clocks(policy)
            pool = [t.assigned_to] if t.assigned_to else teams.get(team, [])[:1]
            update_rows += _life(t, r, now, policy, pool, updates_per_ticket)
            ticket_rows.append({"id": tid, "ticket_id": ticket_code(tid), "version": t.version, **values(t)})
            tag_rows += [(tid, tag) for tag in t.tags]
        report.tickets, report.updates = len(ticket_rows), len(update_rows)
        if connection.vendor == "postgresql":
            _copy(ticket_rows, update_rows, tag_rows)
        else:
            m.SupportTicket.objects.bulk_create([m.SupportTicket(**row) for row in ticket_rows], batch_size=500)
            m.SupportTicketUpdate.objects.bulk_create(
                [
                    m.SupportTicketUpdate(
                        ticket_id=a,
                        created_by_id=b,
                        update_type=c,
                        content=d,
                        is_internal=e,
                        created_at=f,
                        data=json.loads(g),
                    )
                    for a, b, c, d, e, f, g in update_rows
                ],
                batch_size=1000,
            )
            m.TicketTag.objects.bulk_create([m.TicketTag(ticket_id=a, tag=b) for a, b in tag_rows], batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute(
                "SELECT setval(pg_get_serial_sequence('support_supportticket', 'id'), "
                "(SELECT MAX(id) FROM support_supportticket))"
            )
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in ("support_supportticket", "support_supportticketupdate", "support_tickettag"):
                c.execute(f"{verb} {table}")
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _copy(tickets: list[dict[str, Any]], updates: list[tuple[Any, ...]], tags: list[tuple[Any, ...]]) -> None:
    cols = list(tickets[0]) if tickets else []
    jsonish = {"tags", "warn_at", "breaches", "warned", "escalated", "context"}
    with connection.cursor() as c:
        pg = c.cursor
        with pg.copy(f"COPY support_supportticket ({', '.join(cols)}) FROM STDIN") as copy:
            for row in tickets:
                copy.write_row([json.dumps(row[k]) if k in jsonish else row[k] for k in cols])
        with pg.copy(
            "COPY support_supportticketupdate (ticket_id, created_by_id, update_type, content, is_internal, "
            "created_at, data) FROM STDIN"
        ) as copy:
            for u in updates:
                copy.write_row(u)
        with pg.copy("COPY support_tickettag (ticket_id, tag) FROM STDIN") as copy:
            for tag in tags:
                copy.write_row(tag)
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
