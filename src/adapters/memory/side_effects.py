"""Fakes for the side-effect ports: they keep what passed through them for tests to assert."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from domain.shared.events import DomainEvent, EventPublisher, Notification, Notifier, TaskQueue


@dataclass(frozen=True)
class Published:
    channel: str
    type: str
    data: Mapping[str, Any]


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[Published] = []

    def publish(self, channel: str, event_type: str, data: Mapping[str, Any]) -> None:
        self.published.append(Published(channel, event_type, dict(data)))

    def on(self, channel: str) -> list[Published]:
        return [p for p in self.published if p.channel == channel]


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)


@dataclass
class InMemoryTaskQueue:
    """Keeps enqueued tasks until `run_pending()` runs them with the registered handlers."""

    handlers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    pending: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    done: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def register(self, name: str, handler: Callable[..., Any]) -> None:
        self.handlers[name] = handler

    def enqueue(self, task: str, **kwargs: Any) -> None:
        self.pending.append((task, kwargs))

    def run_pending(self) -> int:
        ran = 0
        while self.pending:
            name, kwargs = self.pending.pop(0)
            handler = self.handlers.get(name)
            if handler is None:
                raise LookupError(f"no handler registered for task {name!r}")
            handler(**kwargs)
            self.done.append((name, kwargs))
            ran += 1
        return ran


class InMemoryUnitOfWork:
    """Holds side effects until commit; drops them on rollback. Nests like transaction.atomic."""

    def __init__(self, publisher: EventPublisher, notifier: Notifier, tasks: TaskQueue):
        self.publisher = publisher
        self.notifier = notifier
        self.tasks = tasks
        self._depth = 0
        self._events: list[DomainEvent] = []
        self._notes: list[Notification] = []
        self._tasks: list[tuple[str, dict[str, Any]]] = []
        self.commits = 0

    def __enter__(self) -> Self:
        self._depth += 1
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if exc_type is not None and self._depth == 0:
            self._events, self._notes, self._tasks = [], [], []

    def commit(self) -> None:
        self.commits += 1
        if self._depth > 1:
            return  # the outermost block commits
        events, notes, tasks = self._events, self._notes, self._tasks
        self._events, self._notes, self._tasks = [], [], []
        for event in events:
            for channel in event.channels:
                self.publisher.publish(channel, event.type, event.data)
        for note in notes:
            self.notifier.send(note)
        for name, kwargs in tasks:
            self.tasks.enqueue(name, **kwargs)

    def publish(self, event: DomainEvent) -> None:
        self._events.append(event)

    def notify(self, notification: Notification) -> None:
        self._notes.append(notification)

    def enqueue(self, task: str, **kwargs: Any) -> None:
        self._tasks.append((task, kwargs))
