"""The outbox: side effects written with the business change, delivered after it, never lost."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from adapters.email.notifier import DjangoEmailNotifier
from adapters.memory.side_effects import InMemoryTaskQueue, RecordingPublisher
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.outbox.relay import OutboxRelay
from adapters.orm.outbox.uow import DjangoUnitOfWork
from domain.shared.clock import FixedClock
from domain.shared.events import DomainEvent, Notification

pytestmark = pytest.mark.django_db


class FlakyNotifier:
    """Fails the first `failures` sends, like an SMTP outage, then delivers through Django mail."""

    def __init__(self, failures: int):
        self.failures = failures
        self.inner = DjangoEmailNotifier()

    def send(self, notification: Notification) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("SMTP server unreachable")
        self.inner.send(notification)


class FlakyPublisher(RecordingPublisher):
    def __init__(self, failures: int):
        super().__init__()
        self.failures = failures

    def publish(self, channel: str, event_type: str, data: Mapping[str, Any], event_id: int | None = None) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Redis down")
        super().publish(channel, event_type, data, event_id)


def wire(
    publisher: RecordingPublisher, notifier: Any
) -> tuple[DjangoUnitOfWork, OutboxRelay, FixedClock, InMemoryTaskQueue]:
    clock = FixedClock()
    relay = OutboxRelay(publisher, notifier, clock, max_attempts=3)
    tasks = InMemoryTaskQueue()
    tasks.register("outbox.relay", lambda: relay.deliver())
    return DjangoUnitOfWork(relay, tasks, clock), relay, clock, tasks


NOTE = Notification("learner@example.com", "Your ticket", "We replied.")


def test_notification_that_fails_once_is_retried_without_loss(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    uow, relay, clock, tasks = wire(RecordingPublisher(), FlakyNotifier(failures=1))
    with django_capture_on_commit_callbacks(execute=True), uow:
        uow.notify(NOTE)
        uow.commit()
    tasks.run_pending()  # first attempt: SMTP is down
    row = OutboxMessage.objects.get()
    assert row.delivered_at is None and row.attempts == 1 and "SMTP" in row.last_error
    assert mail.outbox == []
    assert relay.deliver() == 0  # not due yet: backing off
    clock.advance(timedelta(seconds=11))
    assert relay.deliver() == 1
    assert [m.to for m in mail.outbox] == [["learner@example.com"]]
    assert relay.deliver() == 0  # delivered exactly once


def test_event_is_published_after_commit_and_retried_when_the_publisher_fails(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    publisher = FlakyPublisher(failures=1)
    uow, relay, clock, _ = wire(publisher, DjangoEmailNotifier())
    with django_capture_on_commit_callbacks(execute=True), uow:
        uow.publish(DomainEvent("thing.happened", ("users", "user-1"), {"id": 1}))
        assert publisher.published == []
        uow.commit()
    # one row per channel: the first publish failed, the second went out at once
    rows = list(OutboxMessage.objects.order_by("id"))
    assert [(r.channel, r.attempts, r.delivered_at is not None) for r in rows] == [
        ("users", 1, False),
        ("user-1", 1, True),
    ]
    assert "Redis down" in rows[0].last_error
    clock.advance(minutes=1)
    relay.deliver()
    assert [(p.channel, p.type, p.event_id) for p in publisher.published] == [
        ("user-1", "thing.happened", rows[1].pk),
        ("users", "thing.happened", rows[0].pk),
    ]
    assert relay.deliver() == 0  # each sent once


def test_nothing_leaves_a_rolled_back_unit_of_work(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    uow, _, _, tasks = wire(publisher, DjangoEmailNotifier())
    with django_capture_on_commit_callbacks(execute=True) as callbacks, uow:
        uow.publish(DomainEvent("x", ("users",), {}))
        uow.notify(NOTE)
        uow.enqueue("outbox.relay")
    assert callbacks == [] and OutboxMessage.objects.count() == 0 and tasks.pending == []


def test_gives_up_after_max_attempts_and_keeps_the_row() -> None:
    publisher = RecordingPublisher()
    uow, relay, clock, _ = wire(publisher, FlakyNotifier(failures=99))
    with uow:
        uow.notify(NOTE)
        uow.commit()
    for _ in range(3):
        relay.deliver()
        clock.advance(hours=2)
    row = OutboxMessage.objects.get()
    assert row.failed_at is not None and row.attempts == 3 and row.delivered_at is None


def test_huey_task_relays_in_immediate_mode(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from entrypoints.bootstrap import container

    c = container()
    with django_capture_on_commit_callbacks(execute=True), c.uow:
        c.uow.notify(NOTE)
        c.uow.commit()
    assert [m.subject for m in mail.outbox] == ["Your ticket"]
    assert OutboxMessage.objects.get().delivered_at is not None


def test_the_periodic_relay_leaves_a_fresh_event_to_the_immediate_delivery(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    uow, relay, clock, _ = wire(publisher, DjangoEmailNotifier())
    with django_capture_on_commit_callbacks(execute=False) as callbacks, uow:
        uow.publish(DomainEvent("thing.happened", ("users",), {"id": 1}))
        uow.commit()
    assert relay.deliver() == 0  # committed a moment ago: not the periodic relay's yet
    for callback in callbacks:
        callback()
    assert [p.type for p in publisher.published] == ["thing.happened"]
    row = OutboxMessage.objects.get()
    assert row.delivered_at is not None and row.attempts == 1
    clock.advance(minutes=5)
    assert relay.deliver() == 0 and len(publisher.published) == 1  # sent once


def test_an_event_lost_with_its_process_goes_out_after_the_grace(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    uow, relay, clock, _ = wire(publisher, DjangoEmailNotifier())
    with django_capture_on_commit_callbacks(execute=False), uow:  # the callbacks never run: the process died
        uow.publish(DomainEvent("thing.happened", ("users",), {"id": 1}))
        uow.commit()
    clock.advance(seconds=29)
    assert relay.deliver() == 0
    clock.advance(seconds=2)
    assert relay.deliver() == 1 and [p.type for p in publisher.published] == ["thing.happened"]


def test_an_event_of_a_rolled_back_savepoint_is_not_sent(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    uow, _, _, _ = wire(publisher, DjangoEmailNotifier())
    with django_capture_on_commit_callbacks(execute=True), uow:
        with pytest.raises(RuntimeError), uow:
            uow.publish(DomainEvent("undone", ("users",), {}))
            raise RuntimeError("the inner change failed")
        uow.publish(DomainEvent("done", ("users",), {}))
        uow.commit()
    assert [p.type for p in publisher.published] == ["done"]
    assert list(OutboxMessage.objects.values_list("payload__type", flat=True)) == ["done"]
