"""seed_demo: deterministic, internally consistent data (COPY on PostgreSQL, inserts on SQLite)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q, Sum

from adapters.orm.accounts.models import Enrollment, UserActivityLog, UserProfile
from adapters.orm.tickets.models import SupportTicket, SupportTicketUpdate, TeamMember

pytestmark = pytest.mark.django_db


def test_seed_demo_learners_and_tickets_are_consistent() -> None:
    out = StringIO()
    call_command("seed_demo", users=1200, activities_per_user=4, tickets=300, updates_per_ticket=6, seed=3, stdout=out)
    assert "seeded 1200 users" in out.getvalue() and "seeded 300 tickets" in out.getvalue()
    assert UserProfile.objects.count() == 1200
    heavy = UserProfile.objects.order_by("user_id").first()
    assert heavy is not None and UserActivityLog.objects.filter(user_id=heavy.user_id).count() == 10_000
    # aggregates agree with the rows they summarise
    for p in UserProfile.objects.order_by("?")[:50]:
        rows = Enrollment.objects.filter(user_id=p.user_id).aggregate(
            n=Count("id"), done=Count("id", filter=Q(status="completed")), spent=Sum("time_spent")
        )
        assert (p.enrollment_count, p.completed_count, p.total_learning_time) == (
            rows["n"],
            rows["done"],
            rows["spent"] or 0,
        )
        last = UserActivityLog.objects.filter(user_id=p.user_id).aggregate(t=Max("timestamp"))["t"]
        assert p.last_activity == last
    assert SupportTicket.objects.count() == 300 and SupportTicketUpdate.objects.count() > 300
    assert TeamMember.objects.count() == 40
    statuses = set(SupportTicket.objects.values_list("status", flat=True))
    assert {"open", "closed"} <= statuses
    assert all(t.ticket_id == f"SUP-{t.pk:06d}" for t in SupportTicket.objects.all()[:20])
