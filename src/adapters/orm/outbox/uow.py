"""The Django unit of work: transaction.atomic() that rolls back unless committed.

Events and notifications become outbox rows inside the transaction; after commit, events are
relayed at once in this process and a relay task is queued for notifications. A periodic relay
retries whatever did not go, so a Redis or SMTP outage delays side effects and loses none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict
from types import TracebackType
from typing import Any, Self

import structlog
from django.db import transaction

from domain.shared.clock import Clock
from domain.shared.events import DomainEvent, Event, Notification, TaskQueue, envelope

from .models import OutboxMessage
from .relay import IMMEDIATE_GRACE, Committed, OutboxRelay

log = structlog.get_logger(__name__)
RELAY_TASK = "outbox.relay"
Route = Callable[[Sequence[Notification]], list[Notification]]


class DjangoUnitOfWork:
    def __init__(self, relay: OutboxRelay, tasks: TaskQueue, clock: Clock, route: Route = list):
        self.route = route  # a notification's recipients' channels (notifications' routing), one row each
        self.relay = relay
        self.tasks = tasks
        self.clock = clock
        self._local = threading.local()

    @property
    def _stack(self) -> list[Any]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        stack: list[Any] = self._local.stack
        return stack

    def __enter__(self) -> Self:
        atomic = transaction.atomic()
        atomic.__enter__()
        self._stack.append(atomic)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Undo what was done since the last commit(): on an exception, and also when the block simply ends. When
        commit() itself failed (the database refused it), that block is gone already and rolled back: the error
        is left to propagate as it is."""
        if not self._stack:
            return
        atomic = self._stack.pop()
        if exc_type is None:
            transaction.set_rollback(True)
        atomic.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        """Make what the block did so far permanent (the outermost block commits the transaction and its side
        effects leave; a nested one releases its savepoint into the enclosing block), then go on in a fresh
        block, so that an exception raised after commit() no longer undoes what was committed."""
        if not self._stack:
            raise RuntimeError("commit() outside a unit of work")
        self._stack.pop().__exit__(None, None, None)
        atomic = transaction.atomic()
        atomic.__enter__()
        self._stack.append(atomic)

    def publish(self, typed: Event | DomainEvent) -> None:
        """One outbox row per channel, written in the transaction: the row's id is the event's id on the stream,
        and the rows are what a client replays after a Last-Event-ID."""
        self.publish_all([typed])

    def publish_all(self, events: Sequence[Event | DomainEvent]) -> None:
        """The rows of many events in one INSERT, relayed together after commit (one UPDATE marks them sent)."""
        now, request_id = self.clock.now(), _request_id()
        rows = []
        for typed in events:
            event = envelope(typed)
            payload = {"type": event.type, "data": dict(event.data)}
            rows += [
                OutboxMessage(
                    kind=OutboxMessage.EVENT,
                    channel=channel,
                    payload=payload,
                    created_at=now,
                    available_at=now + IMMEDIATE_GRACE,
                    request_id=request_id,
                )
                for channel in event.channels
            ]
        if not rows:
            return
        OutboxMessage.objects.bulk_create(rows, batch_size=1000)
        # each call its own callback: events published in a savepoint that rolls back are dropped with it
        messages = [Committed(r.pk, r.kind, r.channel, r.payload) for r in rows]
        transaction.on_commit(lambda: self._relay(messages))

    def publish_now(self, typed: Event | DomainEvent) -> None:
        event = envelope(typed)
        for channel in event.channels:
            try:
                self.relay.publisher.publish(channel, event.type, event.data)
            except Exception:  # a transient notice: the next one, or the batch's stored event, supersedes it
                log.warning("outbox.publish_now_failed", channel=channel, type=event.type)

    def announce(self, typed: Event | DomainEvent, event_id: int) -> None:
        event = envelope(typed)
        payload = {"type": event.type, "data": dict(event.data)}
        messages = [Committed(0, OutboxMessage.EVENT, channel, payload, event_id) for channel in event.channels]
        transaction.on_commit(lambda: self._relay(messages))

    def notify(self, notification: Notification) -> None:
        self.notify_all([notification])

    def notify_all(self, notifications: Sequence[Notification]) -> None:
        """The rows in one INSERT, and one relay task after commit."""
        notifications = self.route(notifications)
        if not notifications:
            return
        now, request_id = self.clock.now(), _request_id()
        OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    kind=OutboxMessage.NOTIFICATION,
                    payload=asdict(n),
                    created_at=now,
                    available_at=now,
                    request_id=request_id,
                )
                for n in notifications
            ],
            batch_size=1000,
        )
        transaction.on_commit(lambda: self._enqueue_safely(RELAY_TASK))

    def enqueue(self, task: str, **kwargs: Any) -> None:
        transaction.on_commit(lambda: self._enqueue_safely(task, **kwargs))

    def _relay(self, messages: list[Committed]) -> None:
        try:
            self.relay.deliver_committed(messages)
        except Exception:  # the periodic relay picks them up
            log.exception("outbox.immediate_relay_failed", message_ids=[m.pk for m in messages])

    def _enqueue_safely(self, task: str, **kwargs: Any) -> None:
        try:
            self.tasks.enqueue(task, **kwargs)
        except Exception:  # the queue is down: periodic sweeps catch up
            log.exception("tasks.enqueue_failed", task=task)


def _request_id() -> str:
    return str(structlog.contextvars.get_contextvars().get("request_id", ""))[:64]
