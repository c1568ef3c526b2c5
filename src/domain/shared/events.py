"""Domain events and the ports that carry side effects out of a use case."""

from __future__ import annotations

import dataclasses
from abc import abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, ClassVar, Protocol

EVENT_TYPES: dict[str, type[Event]] = {}


@dataclass(frozen=True)
class Event:
    """A typed domain event. Each event type is a frozen dataclass subclass with its wire name in `TYPE`; its
    fields are its payload, and `channels()` says where it is published. `wire()` is the one serializer that
    turns any event into what the outbox stores and the event stream sends; tests pin every type's JSON."""

    TYPE: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "TYPE" in cls.__dict__:
            if cls.TYPE in EVENT_TYPES:
                raise TypeError(f"two event classes are called {cls.TYPE!r}")
            EVENT_TYPES[cls.TYPE] = cls

    @abstractmethod
    def channels(self) -> tuple[str, ...]:
        """The channels the event is published on."""

    def wire(self) -> DomainEvent:
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        return DomainEvent(self.TYPE, self.channels(), data)


def _plain(value: Any) -> Any:
    """JSON-ready: enums by value, datetimes as ISO 8601 in UTC, nested dataclasses as objects."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_plain(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    return value


@dataclass(frozen=True)
class DomainEvent:
    """An event on the wire: its type, channels and JSON payload (what `Event.wire()` produces). Published on
    `channels` after the transaction commits."""

    type: str
    channels: tuple[str, ...]
    data: Mapping[str, Any] = field(default_factory=dict)


# what a notification is about: its recipient's preferences route it (the notifications module's Topic)
TOPIC_TICKET_REPLY = "ticket_reply"
TOPIC_TICKET_ASSIGNED = "ticket_assigned"
TOPIC_SLA_WARNING = "sla_warning"
TOPIC_SECURITY_CRITICAL = "security_critical"


@dataclass(frozen=True)
class Notification:
    """A message to a person (e-mail by default). Never carries secrets."""

    to: str
    subject: str
    body: str
    topic: str = ""  # what it is about (notifications' Topic): routed by the recipient's preferences when set
    channel: str = "email"  # email, sms (to is a phone number) or slack (to is the webhook URL, a secret)
    key: str = ""  # the delivery key the outbox gives it (its row), sent to providers as an idempotency key


class EventPublisher(Protocol):
    def publish(self, channel: str, event_type: str, data: Mapping[str, Any], event_id: int | None = None) -> None:
        """Fan out to the channel's subscribers; `event_id` (the stored event's) lets clients resume after it."""


class Notifier(Protocol):
    def send(self, notification: Notification) -> None: ...


class TaskQueue(Protocol):
    def enqueue(self, task: str, **kwargs: Any) -> None: ...


def envelope(event: Event | DomainEvent) -> DomainEvent:
    """What goes on the wire for an event a use case publishes."""
    return event.wire() if isinstance(event, Event) else event
