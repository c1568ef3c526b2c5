"""A ticket makes its own changes: apply() returns the diff, escalate() once a window, SLA windows as values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.shared.errors import Conflict, InvalidInput
from domain.shared.support import DEFAULT_CATEGORIES
from domain.tickets.commands import TicketChange
from domain.tickets.model import Ticket
from domain.tickets.sla import Priority, SlaPolicy, SlaState, Window, WindowKind, sla_state
from domain.tickets.status import TicketStatus, UpdateType

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday
POLICY = SlaPolicy()


def ticket(**kw: object) -> Ticket:
    t = Ticket(7, 100, 1, "Exam locked", "It will not start", "other", Priority.NORMAL, T0, **kw)  # type: ignore[arg-type]
    t.start_clocks(POLICY)
    return t


def test_apply_changes_the_ticket_and_returns_the_diff() -> None:
    t = ticket(assigned_to=1)
    change = TicketChange(
        version=1,
        status=TicketStatus.IN_PROGRESS,
        priority=Priority.HIGH,
        category="billing",
        tags=("VIP", "exam"),
        assign=True,
        assigned_to=2,
        note="billing question",
    )
    diff = t.apply(change, 1, T0 + timedelta(minutes=5), POLICY, DEFAULT_CATEGORIES)
    assert diff == {
        "category": ["other", "billing"],
        "tags": [[], ["exam", "vip"]],
        "priority": ["normal", "high"],
        "assigned_to": [1, 2],
        "status": ["open", "in_progress"],
    }
    assert (t.status, t.priority, t.category, t.assigned_to) == (TicketStatus.IN_PROGRESS, Priority.HIGH, "billing", 2)
    assert [(u.update_type, u.content) for u in t.updates] == [
        (UpdateType.ASSIGNMENT, "billing question"),
        (UpdateType.STATUS_CHANGE, "billing question"),
    ]
    assert t.updated_at == T0 + timedelta(minutes=5)


def test_apply_refuses_nothing_to_change_and_unknown_categories() -> None:
    t = ticket()
    for change, code in [
        (TicketChange(version=1, priority=Priority.NORMAL), "empty_update"),
        (TicketChange(version=1, category="astronomy"), "invalid_category"),
    ]:
        with pytest.raises(InvalidInput) as err:
            t.apply(change, 1, T0, POLICY, DEFAULT_CATEGORIES)
        assert err.value.code == code


def test_escalation_is_once_a_window_and_only_while_open() -> None:
    t = ticket()
    first = t.windows()[0]
    assert first.kind is WindowKind.FIRST_RESPONSE and first.key == "first_response"
    assert t.escalate("breached", None, T0, first) is True
    assert t.escalate("breached", None, T0, first) is False
    assert (t.escalation_level, t.priority, t.breaches) == (1, Priority.HIGH, {"first_response": first.due})
    t.move(TicketStatus.RESOLVED, T0, POLICY)
    with pytest.raises(Conflict):
        t.escalate("too late", 1, T0)


def test_a_next_response_window_is_named_by_when_it_is_due() -> None:
    due = T0 + timedelta(hours=8)
    window = Window(WindowKind.NEXT_RESPONSE, due)
    assert window.key == f"next_response@{due.isoformat()}" and window.label == "next response"


def test_the_sla_state_rule() -> None:
    later = T0 + timedelta(hours=1)
    assert sla_state(False, later, None, T0) is SlaState.OK
    assert sla_state(False, later, T0, T0) is SlaState.AT_RISK
    assert sla_state(False, T0, None, T0) is SlaState.BREACHED
    assert sla_state(True, None, None, T0) is SlaState.BREACHED
    t = ticket()
    assert t.sla_state(T0) is SlaState.OK and t.sla_state(T0 + timedelta(days=30)) is SlaState.BREACHED


def test_replies_reopen_within_the_window_and_not_after() -> None:
    t = ticket(assigned_to=1)
    t.move(TicketStatus.RESOLVED, T0, POLICY)
    assert t.takes_replies(T0 + timedelta(days=7)) and not t.takes_replies(T0 + timedelta(days=7, seconds=1))
    t.reply("It broke again", 100, T0 + timedelta(days=1), POLICY)
    assert t.status is TicketStatus.IN_PROGRESS and t.reopened_count == 1
    with pytest.raises(InvalidInput):
        t.post(UpdateType.ESCALATION, "no", 1, T0, POLICY)
