"""The SLA sweep as operators and the scheduler run it: `manage.py sla_sweep --at`, and the
periodic Huey task (immediate mode)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from adapters.orm.tickets.models import SupportTicket
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal
from domain.tickets.commands import NewTicket
from domain.tickets.sla import Priority
from entrypoints.bootstrap import container

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgent_ticket() -> SupportTicket:
    c = container()
    new = NewLearner(
        "lea",
        "lea@example.com",
        "",
        "",
        AccountStatus.ACTIVE,
        PlatformRole.LEARNER,
        SupportPriority.NORMAL,
        False,
        None,
    )
    uid = c.accounts.create(SYSTEM, new).summary.id
    agent = Principal(User.objects.create_user("agent", is_staff=True).pk, "agent", frozenset({Role.SUPPORT_AGENT}))
    tid = c.support.desk.create(
        agent, NewTicket("Exam locked", "Cannot start", user_id=uid, priority=Priority.URGENT)
    ).ticket.id
    return SupportTicket.objects.get(pk=tid)


def test_sla_sweep_command_at_a_given_time(urgent_ticket: SupportTicket) -> None:
    due = urgent_ticket.first_response_due
    assert due is not None
    out = StringIO()
    call_command("sla_sweep", at=(due - timedelta(minutes=5)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "warned 1, escalated 0, closed 0"
    call_command("sla_sweep", at=(due + timedelta(minutes=1)).isoformat(), stdout=out)
    urgent_ticket.refresh_from_db()
    assert urgent_ticket.priority == "critical" and urgent_ticket.escalation_level == 1
    with pytest.raises(CommandError):
        call_command("sla_sweep", at="tomorrow")


def test_a_dry_run_writes_nothing_and_a_real_one_audits_at_the_given_time(urgent_ticket: SupportTicket) -> None:
    from adapters.orm.audit.models import AuditEntry
    from adapters.orm.outbox.models import OutboxMessage

    due = urgent_ticket.first_response_due
    assert due is not None
    later = due + timedelta(minutes=1)
    audits, outbox = AuditEntry.objects.count(), OutboxMessage.objects.count()
    out = StringIO()
    call_command("sla_sweep", at=later.isoformat(), dry_run=True, stdout=out)
    assert out.getvalue().strip() == "would warn 0, escalate 1, close 0"
    urgent_ticket.refresh_from_db()
    assert urgent_ticket.escalation_level == 0 and urgent_ticket.warned == []
    assert (AuditEntry.objects.count(), OutboxMessage.objects.count()) == (audits, outbox)
    call_command("sla_sweep", at=later.isoformat(), stdout=out)
    escalation = AuditEntry.objects.filter(action="ticket.escalate").latest("id")
    urgent_ticket.refresh_from_db()
    assert escalation.at == later and urgent_ticket.updated_at == later


def test_periodic_task_runs_the_sweep(urgent_ticket: SupportTicket) -> None:
    from entrypoints.tasks.support import sla_sweep

    past = urgent_ticket.created_at - timedelta(hours=2)  # as if it had been opened two hours ago
    SupportTicket.objects.filter(pk=urgent_ticket.pk).update(
        created_at=past,
        first_response_due=past + timedelta(hours=1),
        next_trigger_at=past,
        warn_at={
            "first_response": (past + timedelta(minutes=48)).isoformat(),
            "resolution": (past + timedelta(hours=6)).isoformat(),
        },
    )
    sla_sweep.call_local()
    urgent_ticket.refresh_from_db()
    assert urgent_ticket.escalated == ["first_response"] and urgent_ticket.escalation_level == 1
