"""The unit of work's contract, held by the in-memory fake and the Django unit of work alike.

What a block wrote and the side effects it asked for (events, notifications, tasks) stay only when it commits;
commit() is a real point (an exception raised after it keeps what came before it); a nested block's commit
joins the enclosing block, and nothing leaves before the outermost commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from adapters.memory.identity import InMemoryTokenStore
from adapters.memory.side_effects import InMemoryTaskQueue, InMemoryUnitOfWork, RecordingNotifier, RecordingPublisher
from adapters.orm.identity.repository import DjangoTokenStore
from adapters.orm.outbox.relay import OutboxRelay
from adapters.orm.outbox.uow import DjangoUnitOfWork
from domain.identity.ports import TokenStore
from domain.shared.clock import FixedClock
from domain.shared.events import DomainEvent, Notification
from domain.shared.uow import UnitOfWork

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=1)
# real transactions (no test-wrapping atomic): on_commit callbacks and rollbacks behave as in production
pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


@dataclass
class World:
    uow: UnitOfWork
    store: TokenStore
    user_id: int
    publisher: RecordingPublisher
    notifier: RecordingNotifier
    tasks: InMemoryTaskQueue
    drain: Callable[[], None]  # deliver what the implementation hands to a relay (notifications)

    def write(self, name: str) -> None:
        self.store.save(name, self.user_id, T0, LATER)

    def kept(self, name: str) -> bool:
        return self.store.user_for(name, T0) == self.user_id

    def effects(self, name: str) -> None:
        self.uow.publish(DomainEvent(f"{name}.happened", ("contract",), {"name": name}))
        self.uow.notify(Notification("learner@example.com", name, "body"))
        self.uow.enqueue("contract.task", name=name)

    def sent(self, drain: bool = True) -> tuple[list[str], list[str], list[str]]:
        """Events published, notifications sent and tasks enqueued so far, by name. `drain` first runs the relay
        a worker would run (only outside a block: a relay reads what is committed, from its own connection)."""
        if drain:
            self.drain()
        events = [str(p.data["name"]) for p in self.publisher.published]
        notes = [n.subject for n in self.notifier.sent]
        tasks = [str(k["name"]) for t, k in self.tasks.pending if t == "contract.task"]
        return events, notes, tasks


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    publisher, notifier, tasks = RecordingPublisher(), RecordingNotifier(), InMemoryTaskQueue()
    if request.param == "memory":
        store = InMemoryTokenStore()
        uow = InMemoryUnitOfWork(publisher, notifier, tasks, [store])
        yield World(uow, store, 1, publisher, notifier, tasks, lambda: None)
        return
    clock = FixedClock(T0)
    relay = OutboxRelay(publisher, notifier, clock)
    user_id = User.objects.create_user("owner").pk
    yield World(
        DjangoUnitOfWork(relay, tasks, clock), DjangoTokenStore(), user_id, publisher, notifier, tasks, relay.deliver
    )


def test_commit_keeps_the_writes_and_sends_the_side_effects(world: World) -> None:
    with world.uow:
        world.write("a")
        world.effects("a")
        assert world.sent(drain=False) == ([], [], [])  # nothing leaves before the commit
        world.uow.commit()
    assert world.kept("a")
    assert world.sent() == (["a"], ["a"], ["a"])


def test_many_events_and_notifications_at_once(world: World) -> None:
    """publish_all and notify_all (a bulk batch's) are the single calls in one go: after commit only, in order."""
    names = ["a", "b", "c"]
    with world.uow:
        world.uow.publish_all([DomainEvent(f"{n}.happened", ("contract",), {"name": n}) for n in names])
        world.uow.notify_all([Notification("learner@example.com", n, "body") for n in names])
        world.uow.publish_all([])
        world.uow.notify_all([])
        assert world.sent(drain=False) == ([], [], [])
        world.uow.commit()
    assert world.sent() == (names, names, [])
    with world.uow:
        world.uow.publish_all([DomainEvent("d.happened", ("contract",), {"name": "d"})])
        world.uow.notify_all([Notification("learner@example.com", "d", "body")])
    assert world.sent() == (names, names, [])


def test_publish_now_leaves_at_once_whatever_the_block_becomes(world: World) -> None:
    with world.uow:
        world.uow.publish_now(DomainEvent("now.happened", ("contract",), {"name": "now"}))
        assert world.sent(drain=False) == (["now"], [], [])
    assert world.sent() == (["now"], [], [])
    assert [p.event_id for p in world.publisher.published] == [None]


def test_a_block_that_ends_without_commit_keeps_nothing(world: World) -> None:
    with world.uow:
        world.write("a")
        world.effects("a")
    assert not world.kept("a")
    assert world.sent() == ([], [], [])


def test_an_exception_before_commit_undoes_the_block(world: World) -> None:
    with pytest.raises(Boom), world.uow:
        world.write("a")
        world.effects("a")
        raise Boom
    assert not world.kept("a")
    assert world.sent() == ([], [], [])


def test_an_exception_after_commit_keeps_what_was_committed(world: World) -> None:
    """The failed-login case: record, commit, then raise."""
    with pytest.raises(Boom), world.uow:
        world.write("a")
        world.effects("a")
        world.uow.commit()
        world.write("b")  # after the commit and never committed
        world.effects("b")
        raise Boom
    assert world.kept("a") and not world.kept("b")
    assert world.sent() == (["a"], ["a"], ["a"])


def test_two_commits_in_one_block(world: World) -> None:
    with world.uow:
        world.write("a")
        world.effects("a")
        world.uow.commit()
        world.write("b")
        world.effects("b")
        world.uow.commit()
    assert world.kept("a") and world.kept("b")
    assert world.sent() == (["a", "b"], ["a", "b"], ["a", "b"])


def test_nothing_leaves_before_the_outermost_commit(world: World) -> None:
    with world.uow:
        world.write("outer")
        with world.uow:
            world.write("inner")
            world.effects("inner")
            world.uow.commit()
        assert world.sent(drain=False) == ([], [], [])
        world.effects("outer")
        world.uow.commit()
    assert world.kept("outer") and world.kept("inner")
    assert world.sent() == (["inner", "outer"], ["inner", "outer"], ["inner", "outer"])


def test_an_inner_commit_is_undone_with_its_outer_block(world: World) -> None:
    with world.uow, world.uow:
        world.write("inner")
        world.effects("inner")
        world.uow.commit()
    assert not world.kept("inner")
    assert world.sent() == ([], [], [])


def test_a_failed_inner_block_leaves_the_outer_block_intact(world: World) -> None:
    with world.uow:
        world.write("outer")
        with pytest.raises(Boom), world.uow:
            world.write("inner")
            world.effects("inner")
            raise Boom
        world.effects("outer")
        world.uow.commit()
    assert world.kept("outer") and not world.kept("inner")
    assert world.sent() == (["outer"], ["outer"], ["outer"])


def test_an_abandoned_block_does_not_leak_into_the_next_commit(world: World) -> None:
    with world.uow:
        world.effects("abandoned")
    with world.uow:
        world.effects("next")
        world.uow.commit()
    assert world.sent() == (["next"], ["next"], ["next"])


def test_commit_outside_a_block_is_a_mistake(world: World) -> None:
    with pytest.raises(RuntimeError):
        world.uow.commit()


def test_an_announced_event_leaves_with_the_commit_and_is_stored_nowhere(world: World) -> None:
    """For an event whose facts the change stores itself (an audit entry): published after commit with the given
    id, never before, never from a block that rolls back, and with no outbox row to relay."""
    with world.uow:
        world.uow.announce(DomainEvent("entry.recorded", ("contract",), {"name": "undone"}), 41)
    with world.uow:
        world.uow.announce(DomainEvent("entry.recorded", ("contract",), {"name": "kept"}), 42)
        assert world.sent(drain=False) == ([], [], [])
        world.uow.commit()
    assert world.sent() == (["kept"], [], [])
    if isinstance(world.uow, DjangoUnitOfWork):
        from adapters.orm.outbox.models import OutboxMessage

        assert world.publisher.published[0].event_id == 42 and not OutboxMessage.objects.exists()


def test_a_nested_block_that_ends_without_commit_leaves_the_outer_block_intact(world: World) -> None:
    """No exception, no commit: the inner block's writes and side effects are dropped when it ends, not later."""
    with world.uow:
        world.write("outer")
        with world.uow:
            world.write("inner")
            world.effects("inner")
        world.effects("outer")
        world.uow.commit()
    assert world.kept("outer") and not world.kept("inner")
    assert world.sent() == (["outer"], ["outer"], ["outer"])


def test_an_exception_after_an_inner_commit_keeps_what_the_inner_block_committed(world: World) -> None:
    with world.uow:
        with pytest.raises(Boom), world.uow:
            world.write("a")
            world.effects("a")
            world.uow.commit()
            world.write("b")
            world.effects("b")
            raise Boom
        assert world.sent(drain=False) == ([], [], [])
        world.uow.commit()
    assert world.kept("a") and not world.kept("b")
    assert world.sent() == (["a"], ["a"], ["a"])


def test_an_exception_through_both_blocks_undoes_an_inner_commit(world: World) -> None:
    with pytest.raises(Boom), world.uow:
        world.write("outer")
        with world.uow:
            world.write("inner")
            world.effects("inner")
            world.uow.commit()
        raise Boom
    assert not world.kept("outer") and not world.kept("inner")
    assert world.sent() == ([], [], [])


def test_side_effects_of_an_abandoned_nested_block_do_not_reach_a_later_commit(world: World) -> None:
    with world.uow:
        with world.uow:
            world.effects("abandoned")
        world.uow.commit()  # nothing of the inner block is left to send
    with world.uow:
        world.effects("next")
        world.uow.commit()
    assert world.sent() == (["next"], ["next"], ["next"])


def test_blocks_one_after_another_are_independent(world: World) -> None:
    with world.uow:
        world.write("a")
        world.effects("a")
        world.uow.commit()
    with pytest.raises(Boom), world.uow:
        world.write("b")
        world.effects("b")
        raise Boom
    with world.uow:
        world.write("c")
        world.effects("c")
        world.uow.commit()
    assert world.kept("a") and not world.kept("b") and world.kept("c")
    assert world.sent() == (["a", "c"], ["a", "c"], ["a", "c"])
