"""Tickets on the in-memory harness: transitions, SLA across nights/weekends/pauses, the sweep,
routing, internal notes, stale writes, permissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.tickets.commands import NewTicket, TicketChange
from domain.tickets.sla import BusinessHours, Priority, SlaPolicy
from domain.tickets.status import TRANSITIONS, TicketStatus, UpdateType

from .conftest import BERLIN, MONDAY_9, Desk, build_desk

S = TicketStatus


def open_ticket(desk: Desk, priority: Priority = Priority.NORMAL, **kw: object) -> int:
    new = NewTicket(
        title=kw.pop("title", "Cannot see my certificate"),
        description=str(kw.pop("description", "The page is empty.")),  # type: ignore[arg-type]
        user_id=100,
        priority=priority,
        **kw,
    )  # type: ignore[arg-type]
    return desk.support.desk.create(desk.agent, new).ticket.id


def change(desk: Desk, tid: int, **kw: object) -> None:
    ticket = desk.store.get(tid)
    assert ticket is not None
    desk.support.desk.change(desk.agent, tid, TicketChange(version=ticket.version, **kw))  # type: ignore[arg-type]


ALLOWED = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}


def test_the_machine_is_as_specified() -> None:
    assert {
        (S.OPEN, S.IN_PROGRESS),
        (S.OPEN, S.PENDING_USER),
        (S.OPEN, S.RESOLVED),
        (S.IN_PROGRESS, S.OPEN),
        (S.IN_PROGRESS, S.PENDING_USER),
        (S.IN_PROGRESS, S.RESOLVED),
        (S.PENDING_USER, S.OPEN),
        (S.PENDING_USER, S.IN_PROGRESS),
        (S.PENDING_USER, S.RESOLVED),
        (S.RESOLVED, S.CLOSED),
        (S.RESOLVED, S.OPEN),
        (S.RESOLVED, S.IN_PROGRESS),
    } == ALLOWED


PATH = {
    S.OPEN: [],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.PENDING_USER: [S.PENDING_USER],
    S.RESOLVED: [S.RESOLVED],
    S.CLOSED: [S.RESOLVED, S.CLOSED],
}


@pytest.mark.parametrize(("source", "target"), [p for p in product(S, S) if p[0] != p[1]])
def test_every_transition(desk: Desk, source: TicketStatus, target: TicketStatus) -> None:
    tid = open_ticket(desk)
    for step in PATH[source]:
        change(desk, tid, status=step)
    if (source, target) in ALLOWED:
        change(desk, tid, status=target)
        assert desk.store.rows[tid].status is target
    else:
        with pytest.raises(Conflict) as err:
            change(desk, tid, status=target)
        assert err.value.code == "invalid_ticket_transition"
        assert desk.store.rows[tid].status is source


def test_creation_snapshot_routing_and_priority_raise(desk: Desk) -> None:
    view = desk.support.desk.create(
        desk.agent, NewTicket("Video will not play", "The page is very slow in my browser", user_id=101)
    )
    t = view.ticket
    assert t.code == "SUP-000001" and t.category == "technical" and t.team == "technical"
    assert t.assigned_to == 4  # the only technical agent
    assert t.priority is Priority.HIGH  # learner's support priority is urgent: normal -> high
    assert t.context["account_status"] == "active" and "recent_activity" in t.context
    assert [u.update_type for u in view.updates] == [UpdateType.ASSIGNMENT]


def test_routing_picks_the_least_loaded_available_agent(desk: Desk) -> None:
    desk.agents.members[3].available = False  # the escalation agent is away
    first = desk.store.rows[open_ticket(desk, Priority.URGENT)].assigned_to  # weight 4
    second = desk.store.rows[open_ticket(desk)].assigned_to
    assert {first, second} == {1, 2}
    third = desk.store.rows[open_ticket(desk)].assigned_to
    assert third == second  # 2 (normal) < 4 (urgent)
    desk.agents.members[1].available = desk.agents.members[2].available = False
    assert desk.store.rows[open_ticket(desk)].assigned_to is None


def test_category_from_text_and_from_the_knowledge_base(desk: Desk) -> None:
    learner = desk.learner
    billed = desk.support.learner.open(learner, NewTicket("I was charged twice", "Please refund the second payment"))
    assert billed.ticket.category == "billing" and billed.ticket.user_id == learner.user_id
    desk.knowledge.hint = "course_content"
    hinted = desk.support.learner.open(learner, NewTicket("Question", "Where is chapter seven?"))
    assert hinted.ticket.category == "course_content"
    desk.knowledge.hint = None
    assert desk.support.learner.open(learner, NewTicket("Hello", "Just saying hi")).ticket.category == "other"


def test_first_response_due_skips_the_night_and_the_weekend() -> None:
    from entrypoints.harness import build_test_container

    desk = build_desk(build_test_container(), BERLIN)
    friday_1630 = datetime(2026, 1, 9, 15, 30, tzinfo=UTC)  # 16:30 in Berlin
    desk.c.clock.set(friday_1630)
    t = desk.store.rows[open_ticket(desk)]
    # normal: 4 business hours = 30 min on Friday + 3h30 on Monday from 09:00 Berlin
    assert t.first_response_due == datetime(2026, 1, 12, 11, 30, tzinfo=UTC)
    # resolution 24 business hours = three full days: due Wednesday 16:30 Berlin
    assert t.sla_deadline == datetime(2026, 1, 14, 15, 30, tzinfo=UTC)


def test_urgent_runs_around_the_clock(desk: Desk) -> None:
    desk.c.clock.set(datetime(2026, 1, 10, 22, 0, tzinfo=UTC))  # Saturday night
    t = desk.store.rows[open_ticket(desk, Priority.URGENT)]
    assert t.first_response_due == datetime(2026, 1, 10, 23, 0, tzinfo=UTC)


def test_pending_user_pauses_and_a_reply_resumes_with_shifted_deadlines(desk: Desk) -> None:
    tid = open_ticket(desk)
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "Which browser?")
    before = desk.store.rows[tid].sla_deadline
    change(desk, tid, status=S.PENDING_USER)
    assert desk.store.rows[tid].sla_paused_at is not None and desk.store.rows[tid].windows() == []
    desk.c.clock.advance(hours=2)  # 09:00 -> 11:00 Monday: two business hours pass while paused
    desk.support.learner.reply(desk.learner, tid, "Firefox 132")
    t = desk.store.rows[tid]
    assert t.status is S.IN_PROGRESS and t.sla_paused_at is None
    # due Wednesday 17:00 (end of day) + 2 business hours = Thursday 11:00
    assert before == datetime(2026, 1, 7, 17, 0, tzinfo=UTC)
    assert t.sla_deadline == datetime(2026, 1, 8, 11, 0, tzinfo=UTC)
    assert t.paused_seconds == 7200
    # normal: the next response is owed within 8 business hours of 11:00 Monday: 6 today, 2 on Tuesday
    assert t.next_response_due == datetime(2026, 1, 6, 11, 0, tzinfo=UTC)


def test_pause_over_a_weekend_only_shifts_by_business_time() -> None:
    from entrypoints.harness import build_test_container

    desk = build_desk(build_test_container())
    desk.c.clock.set(datetime(2026, 1, 9, 16, 0, tzinfo=UTC))  # Friday 16:00 UTC
    tid = open_ticket(desk)
    due = desk.store.rows[tid].sla_deadline
    change(desk, tid, status=S.PENDING_USER)
    desk.c.clock.set(datetime(2026, 1, 12, 10, 0, tzinfo=UTC))  # Monday 10:00: 1h Fri + 1h Mon of business time
    desk.support.learner.reply(desk.learner, tid, "still broken")
    assert due is not None and desk.store.rows[tid].sla_deadline == SlaPolicy().due(Priority.NORMAL, due, 120)


def test_sweep_warns_at_80_percent_escalates_on_breach_once(desk: Desk) -> None:
    desk.agents.members[1].available = False
    desk.agents.members[2].available = False
    tid = open_ticket(desk, Priority.HIGH)  # unassigned: nobody available but the escalation agent
    t = desk.store.rows[tid]
    assert t.assigned_to == 3
    desk.agents.members[3].available = False
    desk.store.rows[tid].assigned_to = None
    # first response (high) is due in 2 business hours: warn at 1h36
    desk.c.clock.advance(minutes=95)
    assert desk.sweep.run().warned == 0
    desk.c.clock.advance(minutes=2)
    report = desk.sweep.run()
    assert report.warned == 1 and report.escalated == 0
    assert [p.type for p in desk.c.publisher.on(f"ticket-{tid}")][-1] == "ticket.sla_warning"
    assert desk.sweep.run().warned == 0  # warned once
    desk.agents.members[3].available = True
    desk.c.clock.advance(minutes=30)  # past the deadline
    assert desk.sweep.run().escalated == 1
    t = desk.store.rows[tid]
    assert t.priority is Priority.URGENT and t.escalation_level == 1 and "first_response" in t.breaches
    assert t.assigned_to == 3  # the team's escalation pool
    esc = [u for u in desk.store.updates(tid, include_internal=True) if u.update_type is UpdateType.ESCALATION]
    assert len(esc) == 1 and "first response" in esc[0].content
    assert desk.sweep.run().escalated == 0  # idempotent: one escalation per window
    assert any(n.subject.startswith(f"[{t.code}] escalated") for n in desk.c.notifier.sent)


def test_sweep_warns_the_assignee_by_mail(desk: Desk) -> None:
    tid = open_ticket(desk, Priority.HIGH)
    desk.c.clock.advance(minutes=97)
    desk.sweep.run()
    (mail,) = [n for n in desk.c.notifier.sent if "due" in n.subject]
    assert mail.to == "alice@example.com" and desk.store.rows[tid].code in mail.subject


def test_sweep_closes_tickets_resolved_for_seven_days(desk: Desk) -> None:
    tid = open_ticket(desk)
    change(desk, tid, status=S.RESOLVED)
    desk.c.clock.advance(days=7, minutes=1)
    assert desk.sweep.run().closed == 1 and desk.store.rows[tid].status is S.CLOSED


def test_manual_escalation_needs_a_reason(desk: Desk) -> None:
    tid = open_ticket(desk)
    with pytest.raises(InvalidInput):
        desk.support.desk.escalate(desk.agent, tid, " ")
    t = desk.support.desk.escalate(desk.agent, tid, "VIP customer, exam tomorrow").ticket
    assert t.escalation_level == 1 and t.priority is Priority.HIGH


def test_learner_reply_reopens_within_seven_days_then_opens_a_linked_ticket(desk: Desk) -> None:
    tid = open_ticket(desk)
    change(desk, tid, status=S.RESOLVED)
    desk.c.clock.advance(days=6)
    desk.support.learner.reply(desk.learner, tid, "It broke again")
    t = desk.store.rows[tid]
    assert t.status is S.IN_PROGRESS and t.reopened_count == 1
    change(desk, tid, status=S.RESOLVED)
    desk.c.clock.advance(days=8)
    follow = desk.support.learner.reply(desk.learner, tid, "And again, a week later")
    assert follow.ticket.id != tid and follow.ticket.parent_id == tid
    assert desk.store.rows[tid].status is S.RESOLVED
    assert follow.ticket.description == "And again, a week later"


def test_internal_notes_never_reach_the_learner(desk: Desk) -> None:
    tid = open_ticket(desk)
    desk.support.desk.post(desk.agent, tid, UpdateType.INTERNAL_NOTE, "SECRET-NOTE: refund abuse suspected")
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "We are looking into it.")
    learner_view = desk.support.learner.get(desk.learner, tid)
    assert all("SECRET-NOTE" not in u.content for u in learner_view.updates)
    assert all("SECRET-NOTE" not in n.body and "SECRET-NOTE" not in n.subject for n in desk.c.notifier.sent)
    assert [n.to for n in desk.c.notifier.sent] == ["lea@example.com"]  # only the comment is mailed
    desk.support.learner.suggestions(desk.learner, tid)
    desk.support.desk.suggestions(desk.agent, tid)
    assert all("SECRET-NOTE" not in text for text, _ in desk.knowledge.asked)
    assert [internal for _, internal in desk.knowledge.asked] == [False, True]
    staff_view = desk.support.desk.get(desk.agent, tid)
    assert any("SECRET-NOTE" in u.content for u in staff_view.updates)


def test_learners_only_see_their_own_tickets(desk: Desk) -> None:
    tid = open_ticket(desk)
    for action in (
        lambda: desk.support.learner.get(desk.other_learner, tid),
        lambda: desk.support.learner.reply(desk.other_learner, tid, "hi"),
        lambda: desk.support.learner.rate(desk.other_learner, tid, 5, ""),
    ):
        with pytest.raises(NotFound):
            action()
    with pytest.raises(PermissionDenied):
        desk.support.desk.post(desk.learner, tid, UpdateType.COMMENT, "I am staff now")
    with pytest.raises(PermissionDenied):
        desk.support.learner.open(desk.learner, NewTicket("x", "y", user_id=101))


def test_stale_write_is_refused(desk: Desk) -> None:
    tid = open_ticket(desk)
    version = desk.store.rows[tid].version
    desk.support.desk.change(desk.agent, tid, TicketChange(version=version, priority=Priority.HIGH))
    with pytest.raises(Conflict) as err:
        desk.support.desk.change(desk.agent2, tid, TicketChange(version=version, priority=Priority.LOW))
    assert err.value.code == "stale_ticket" and desk.store.rows[tid].priority is Priority.HIGH


def test_assign_unassign_and_hand_off_are_assignment_updates(desk: Desk) -> None:
    tid = open_ticket(desk)
    change(desk, tid, assign=True, assigned_to=None)
    change(desk, tid, assign=True, assigned_to=2, note="taking this one")
    change(desk, tid, assign=True, assigned_to=1, note="handing to Alice: billing question")
    actions = [
        u.data.get("action")
        for u in desk.store.updates(tid, include_internal=True)
        if u.update_type is UpdateType.ASSIGNMENT
    ]
    assert actions[-3:] == ["unassigned", "assigned", "handed off"]
    with pytest.raises(InvalidInput):
        change(desk, tid, assign=True, assigned_to=999)


def test_rating_once_resolved(desk: Desk) -> None:
    tid = open_ticket(desk)
    with pytest.raises(Conflict):
        desk.support.learner.rate(desk.learner, tid, 5, "")
    change(desk, tid, status=S.RESOLVED)
    with pytest.raises(InvalidInput):
        desk.support.learner.rate(desk.learner, tid, 6, "")
    assert desk.support.learner.rate(desk.learner, tid, 4, "quick, thanks").ticket.satisfaction_rating == 4


def test_every_change_is_published_on_tickets_and_the_ticket_channel(desk: Desk) -> None:
    tid = open_ticket(desk)
    change(desk, tid, status=S.IN_PROGRESS)
    assert [p.type for p in desk.c.publisher.on("tickets")] == ["ticket.created", "ticket.updated"]
    assert [p.type for p in desk.c.publisher.on(f"ticket-{tid}")] == ["ticket.created", "ticket.updated"]
    desk.support.desk.presence(desk.agent2, tid)
    assert desk.c.publisher.on(f"ticket-{tid}")[-1].data["username"] == "bob"


def test_resolution_time_leaves_out_the_pause(desk: Desk) -> None:
    tid = open_ticket(desk)
    desk.c.clock.advance(hours=1)
    change(desk, tid, status=S.PENDING_USER)
    desk.c.clock.advance(hours=3)
    desk.support.learner.reply(desk.learner, tid, "done")
    desk.c.clock.advance(hours=1)
    change(desk, tid, status=S.RESOLVED)
    assert desk.store.rows[tid].resolution_minutes == 120.0


def test_policy_validation() -> None:
    with pytest.raises(ValueError):
        BusinessHours(days=frozenset())
    assert SlaPolicy().targets[Priority.CRITICAL].around_the_clock


def test_late_answers_and_late_resolutions_store_their_breach(desk: Desk) -> None:
    tid = open_ticket(desk, Priority.HIGH)  # first response due 11:00, resolution due 17:00
    desk.c.clock.advance(hours=3)
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "sorry, busy morning")
    assert desk.store.rows[tid].breaches == {"first_response": MONDAY_9 + timedelta(hours=2)}
    desk.c.clock.advance(hours=6)
    change(desk, tid, status=S.RESOLVED)
    assert desk.store.rows[tid].breaches["resolution"] == MONDAY_9 + timedelta(hours=8)


def test_on_time_work_stores_no_breach(desk: Desk) -> None:
    tid = open_ticket(desk, Priority.HIGH)
    desk.c.clock.advance(minutes=30)
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "looking")
    change(desk, tid, status=S.RESOLVED)
    assert desk.store.rows[tid].breaches == {}


def test_ticket_updated_has_one_shape_wherever_it_comes_from(desk: Desk) -> None:
    tid = open_ticket(desk)
    desk.support.desk.post(desk.agent, tid, UpdateType.INTERNAL_NOTE, "checking the logs")
    change(desk, tid, status=S.RESOLVED)
    desk.c.clock.advance(days=7, minutes=1)
    desk.sweep.run()  # closes it
    updated = [p.data for p in desk.c.publisher.on("tickets") if p.type == "ticket.updated"]
    assert [u["changes"] for u in updated] == [["internal_note"], ["status"], ["status"]]
    assert len({tuple(u) for u in updated}) == 1 and updated[-1]["status"] == "closed"
    (added,) = [p.data for p in desk.c.publisher.on(f"ticket-{tid}") if p.type == "ticket.update_added"]
    assert added["update"]["content"] == "checking the logs" and added["update"]["id"] is not None
    assert all(p.type != "ticket.update_added" for p in desk.c.publisher.on("tickets"))


def test_commands_answer_what_they_produced_with_one_audit_entry_each(desk: Desk) -> None:
    tid = open_ticket(desk)
    entries = len(desk.c.audit_log.entries)
    posted = desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "On it")
    stored = desk.store.updates(tid, include_internal=True)[-1]
    assert posted.update.id == stored.id is not None and posted.ticket_version == desk.store.rows[tid].version
    assert posted.author is not None and posted.author.username == "alice"
    view = desk.support.desk.change(desk.agent, tid, TicketChange(version=posted.ticket_version, tags=("exam",)))
    assert view.ticket.tags == ["exam"] and any(u.content == "On it" for u in view.updates)
    escalated = desk.support.desk.escalate(desk.agent, tid, "exam today")
    assert escalated.ticket.escalation_level == 1 and escalated.ticket.context  # the staff view
    actions = [e.record.action for e in desk.c.audit_log.entries[entries:]]
    assert actions == ["ticket.comment", "ticket.update", "ticket.escalate"]
