"""Unit of work: rolls back unless `commit()` is called; side effects leave only after commit."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from .events import DomainEvent, Event, Notification


class UnitOfWork(Protocol):
    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def publish(self, event: Event | DomainEvent) -> None:
        """Fan the event out after commit (through the outbox: delayed by an outage, never lost)."""

    def publish_all(self, events: Sequence[Event | DomainEvent]) -> None:
        """`publish` for many events at once (a bulk batch's): the same events, written and relayed together."""

    def publish_now(self, event: Event | DomainEvent) -> None:
        """Fan out at once, whatever becomes of the open block, with no outbox row and no stream id: only for a
        transient notice that the next one supersedes (a long batch's progress while its transaction is open).
        Best effort: a failure is logged, never raised."""

    def announce(self, event: Event | DomainEvent, event_id: int) -> None:
        """Fan out after commit, without an outbox row, an event whose facts are stored by the change itself (an
        audit entry announces itself): `event_id` is that row's id, and the stream replays the event from it."""

    def notify(self, notification: Notification) -> None:
        """Send after commit through the outbox, with retries."""

    def notify_all(self, notifications: Sequence[Notification]) -> None:
        """`notify` for many notifications at once (a bulk batch's invitations), written and relayed together."""

    def enqueue(self, task: str, **kwargs: Any) -> None:
        """Start a background task after commit."""
