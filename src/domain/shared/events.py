"""Domain events and the ports that carry side effects out of a use case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class DomainEvent:
    """Something that happened; published on `channels` after the transaction commits."""

    type: str
    channels: tuple[str, ...]
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notification:
    """A message to a person (e-mail by default). Never carries secrets."""

    to: str
    subject: str
    body: str


class EventPublisher(Protocol):
    def publish(self, channel: str, event_type: str, data: Mapping[str, Any], event_id: int | None = None) -> None:
        """Fan out to the channel's subscribers; `event_id` (the stored event's) lets clients resume after it."""


class Notifier(Protocol):
    def send(self, notification: Notification) -> None: ...


class TaskQueue(Protocol):
    def enqueue(self, task: str, **kwargs: Any) -> None: ...
