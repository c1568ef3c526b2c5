"""The support desk through its service, on the in-memory fakes and on the Django adapters
(SQLite in the main pass, PostgreSQL in the PostgreSQL pass): the queue, SLA states, the sweep,
versions and analytics agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.shared.clock import FixedClock
from domain.shared.errors import Conflict
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal
from domain.tickets.commands import NewTicket, TicketChange
from domain.tickets.queries import Percentiles, QueueCriteria
from domain.tickets.sla import Priority
from domain.tickets.status import TicketStatus, UpdateType
from entrypoints.bootstrap import build_container
from entrypoints.container import Container
from entrypoints.harness import build_test_container

pytestmark = pytest.mark.django_db
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass
class World:
    c: Container
    clock: FixedClock
    learners: list[int]
    agents: dict[str, Principal]
    set_available: Callable[[int, bool], bool]


def memory_world() -> World:
    c = build_test_container()
    c.clock.set(MONDAY_9)
    learners = [c.people.add(Person(f"lea{i}", f"lea{i}@example.com"), user_id=100 + i).user_id for i in range(3)]
    for uid, name, team, esc in [
        (1, "alice", "general", False),
        (2, "bob", "general", False),
        (3, "esc", "general", True),
        (4, "tina", "technical", False),
    ]:
        c.agents.add(uid, name, team, escalation=esc)
    agents = {
        n: Principal(u, n, frozenset({Role.SUPPORT_AGENT}))
        for u, n in [(1, "alice"), (2, "bob"), (3, "esc"), (4, "tina")]
    }
    return World(c, c.clock, learners, agents, c.agents.set_available)


def django_world() -> World:
    from django.contrib.auth.models import User

    from adapters.orm.tickets.models import Team, TeamMember
    from adapters.orm.tickets.repository import DjangoAgentDirectory

    clock = FixedClock(MONDAY_9)
    c = build_container(clock)
    learners = []
    for i in range(3):
        new = NewLearner(
            f"lea{i}",
            f"lea{i}@example.com",
            "",
            "",
            AccountStatus.ACTIVE,
            PlatformRole.LEARNER,
            SupportPriority.NORMAL,
            False,
            None,
        )
        learners.append(c.accounts.create(SYSTEM, new).summary.id)
    agents = {}
    for name, team, esc in [
        ("alice", "general", False),
        ("bob", "general", False),
        ("esc", "general", True),
        ("tina", "technical", False),
    ]:
        user = User.objects.create_user(name, f"{name}@example.com", None, is_staff=True)
        TeamMember.objects.create(user=user, team=Team.objects.get(code=team), is_escalation=esc)
        agents[name] = Principal(user.pk, name, frozenset({Role.SUPPORT_AGENT}))
    return World(c, clock, learners, agents, DjangoAgentDirectory().set_available)


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    return memory_world() if request.param == "memory" else django_world()


def open_ticket(w: World, learner: int = 0, priority: Priority = Priority.NORMAL, **kw: object) -> int:
    title = str(kw.pop("title", "Certificate missing"))
    desc = str(kw.pop("description", "Where is it?"))
    new = NewTicket(title, desc, user_id=w.learners[learner], priority=priority, **kw)  # type: ignore[arg-type]
    return w.c.support.desk.create(w.agents["alice"], new).ticket.id


def change(w: World, tid: int, who: str = "alice", **kw: object) -> None:
    view = w.c.support.desk.get(w.agents[who], tid)
    w.c.support.desk.change(w.agents[who], tid, TicketChange(version=view.ticket.version, **kw))  # type: ignore[arg-type]


def ids(w: World, **criteria: object) -> list[int]:
    page = w.c.support.desk.queue(w.agents["alice"], QueueCriteria(**criteria), PageRequest(limit=50))  # type: ignore[arg-type]
    return [t.id for t in page.items]


def test_queue_filters_order_and_counts(world: World) -> None:
    w = world
    a = open_ticket(w, 0, Priority.LOW, tags=("vip",))
    b = open_ticket(w, 1, Priority.URGENT, category="billing", title="Refund please")
    cc = open_ticket(w, 2, Priority.HIGH, title="Video broken", category="technical")
    change(w, a, status=TicketStatus.PENDING_USER)
    assert ids(w) == [b, cc, a]  # nearest deadline first; paused tickets last
    assert ids(w, statuses=frozenset({TicketStatus.OPEN})) == [b, cc]
    assert ids(w, priority=Priority.URGENT) == [b]
    assert ids(w, category="technical") == [cc]
    assert ids(w, team="technical") == [cc]
    assert ids(w, tags=frozenset({"vip"})) == [a]
    assert ids(w, user_id=w.learners[1]) == [b]
    assert ids(w, q="refund") == [b]
    assert ids(w, assigned_to=w.agents["tina"].user_id) == [cc]
    assert ids(w, unassigned=True) == [b]  # nobody works in billing
    change(w, a, assign=True, assigned_to=None)
    assert ids(w, unassigned=True) == [b, a]
    assert ids(w, created_after=MONDAY_9 + timedelta(minutes=1)) == []
    page = w.c.support.desk.queue(
        w.agents["alice"], QueueCriteria(statuses=frozenset({TicketStatus.OPEN})), PageRequest(limit=1)
    )
    assert page.counts["open"] == 2 and page.counts["pending_user"] == 1 and page.counts["closed"] == 0
    second = w.c.support.desk.queue(w.agents["alice"], QueueCriteria(), PageRequest(limit=2, cursor=None))
    rest = w.c.support.desk.queue(w.agents["alice"], QueueCriteria(), PageRequest(limit=2, cursor=second.next_cursor))
    assert [t.id for t in [*second.items, *rest.items]] == [b, cc, a] and rest.next_cursor is None


def test_sla_states_and_the_sweep(world: World) -> None:
    w = world
    tid = open_ticket(w, 0, Priority.HIGH)
    calm = open_ticket(w, 1, Priority.LOW)
    w.clock.advance(minutes=97)
    assert ids(w, sla_state="at_risk") == [tid] and ids(w, sla_state="ok") == [calm]
    report = w.c.sweep.run()
    assert (report.warned, report.escalated) == (1, 0)
    w.clock.advance(minutes=30)
    assert ids(w, sla_state="breached") == [tid]
    assert w.c.sweep.run().escalated == 1
    assert w.c.sweep.run().escalated == 0
    view = w.c.support.desk.get(w.agents["alice"], tid)
    assert view.ticket.escalation_level == 1 and view.ticket.priority is Priority.URGENT
    assert [u.update_type for u in view.updates].count(UpdateType.ESCALATION) == 1


def test_a_stale_write_loses_and_nothing_is_lost(world: World) -> None:
    w = world
    tid = open_ticket(w)
    version = w.c.support.desk.get(w.agents["alice"], tid).ticket.version
    w.c.support.desk.change(w.agents["alice"], tid, TicketChange(version=version, priority=Priority.HIGH))
    with pytest.raises(Conflict) as err:
        w.c.support.desk.change(w.agents["bob"], tid, TicketChange(version=version, tags=("late",)))
    assert err.value.code == "stale_ticket"
    t = w.c.support.desk.get(w.agents["bob"], tid).ticket
    assert t.priority is Priority.HIGH and t.tags == [] and t.version == version + 1


def test_routing_counts_weighted_load(world: World) -> None:
    w = world
    w.set_available(w.agents["esc"].user_id, False)
    first = w.c.support.desk.get(w.agents["alice"], open_ticket(w, 0, Priority.CRITICAL)).ticket.assigned_to
    second = w.c.support.desk.get(w.agents["alice"], open_ticket(w, 1)).ticket.assigned_to
    third = w.c.support.desk.get(w.agents["alice"], open_ticket(w, 2)).ticket.assigned_to
    assert first != second and third == second
    loads = {a.username: a.load for a in w.c.support.agents.overview(w.agents["alice"], PageRequest()).items}
    assert sorted([loads["alice"], loads["bob"]]) == [4, 5]


def test_analytics_agree(world: World) -> None:
    w = world
    fast = open_ticket(w, 0)
    slow = open_ticket(w, 1, Priority.HIGH)
    open_ticket(w, 2, category="billing", title="Invoice")
    w.clock.advance(minutes=30)
    w.c.support.desk.post(w.agents["alice"], fast, UpdateType.COMMENT, "On it")
    change(w, fast, status=TicketStatus.RESOLVED)
    w.clock.advance(hours=3)
    w.c.support.desk.post(w.agents["alice"], slow, UpdateType.COMMENT, "Sorry for the wait")
    w.c.sweep.run()  # answered before this sweep: nothing to escalate
    change(w, slow, status=TicketStatus.RESOLVED)
    lea = Principal(w.learners[0], "lea0", frozenset({Role.LEARNER}))
    w.c.support.learner.rate(lea, fast, 5, "great")
    manager = Principal(9, "m", frozenset({Role.SUPPORT_ADMIN}))
    report = w.c.support.analytics.report(manager, MONDAY_9 - timedelta(days=1), MONDAY_9 + timedelta(days=1), "day")
    assert report.total == 3 and report.by_status == {"resolved": 2, "open": 1}
    assert report.by_category == {"other": 2, "billing": 1} and report.by_priority == {"normal": 2, "high": 1}
    # first responses after 30 and 210 minutes: p50 = 120, p90 = 30 + 0.9 * 180 = 192
    assert report.first_response_minutes.p50 == 120.0 and report.first_response_minutes.p90 == 192.0
    assert report.resolution_minutes.p50 is not None
    assert report.satisfaction_average == 5.0 and report.satisfaction_distribution[5] == 1
    assert report.sla_compliance_percent == 50.0  # the slow one answered late: its breach is stored
    alice, bob = w.agents["alice"].user_id, w.agents["bob"].user_id
    figures = {a.agent_id: a for a in report.agents}
    assert sorted(figures) == sorted(p.user_id for p in w.agents.values())
    served = [f for f in figures.values() if f.assigned]  # the two general tickets went to alice and bob
    assert sorted(f.agent_id for f in served) == sorted([alice, bob]) and all(f.resolved == 1 for f in served)
    assert sorted(f.first_response.p50 for f in served) == [30.0, 210.0]  # type: ignore[type-var]
    assert [f.satisfaction_average for f in served if f.agent_id == alice or f.agent_id == bob].count(5.0) == 1
    # per category and priority: "other" holds both answered tickets, "billing" (unanswered) has no times yet
    other = report.times_by_category["other"]
    assert (other.first_response.p50, other.first_response.p90) == (120.0, 192.0)
    assert other.resolution.p50 is not None and set(report.times_by_category) == {"other"}
    assert report.times_by_priority["high"].first_response == Percentiles(210.0, 210.0)
    assert report.times_by_priority["normal"].first_response == Percentiles(30.0, 30.0)
    assert all(f.open_load == 0 for f in figures.values())  # both resolved; the billing ticket has nobody
    assert [(p.date().isoformat(), c, r, o) for p, c, r, o in report.backlog] == [
        ("2026-01-04", 0, 0, 0),
        ("2026-01-05", 3, 2, 1),
        ("2026-01-06", 0, 0, 1),
    ]


def test_q_finds_a_ticket_by_its_code(world: World) -> None:
    w = world
    tid = open_ticket(w, title="Something else")
    code = w.c.support.desk.get(w.agents["alice"], tid).ticket.code
    assert ids(w, q=code.lower()) == [tid] and ids(w, q="SUP-999999") == []


def test_a_reply_to_a_closed_ticket_stores_its_follow_up(world: World) -> None:
    w = world
    tid = open_ticket(w)
    change(w, tid, status=TicketStatus.RESOLVED)
    w.clock.advance(days=8)
    lea = Principal(w.learners[0], "lea0", frozenset({Role.LEARNER}))
    follow_up = w.c.support.learner.reply(lea, tid, "Broken again").ticket
    stored = w.c.support.desk.get(w.agents["alice"], follow_up.id).ticket
    assert stored.parent_id == tid and stored.description == "Broken again"


def test_ticket_watcher_rescores_the_learner_after_commit(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """TicketWatcher (RescoreOnTicketChange): opening and escalating a ticket move the learner's at-risk score, in
    the analytics.rescore task run after commit (the harness's queue; Huey's immediate mode on Django)."""
    w, learner = world, world.learners[0]

    def tickets_reason() -> str | None:
        if hasattr(w.c.tasks, "run_pending"):
            w.c.tasks.run_pending()
        stored = w.c.analytics.risk.current(learner)  # what the task stored, not a score made on the spot
        return next((r.detail for r in stored.reasons if r.indicator == "tickets"), None) if stored else None

    assert tickets_reason() is None
    with django_capture_on_commit_callbacks(execute=True):
        tid = open_ticket(w, 0, Priority.HIGH)
    assert tickets_reason() == "1 open support tickets, 0 escalated"
    with django_capture_on_commit_callbacks(execute=True):
        w.c.support.desk.escalate(w.agents["alice"], tid, "The learner cannot reach the exam")
    assert tickets_reason() == "1 open support tickets, 1 escalated"
