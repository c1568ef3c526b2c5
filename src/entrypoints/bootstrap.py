"""The one composition root: every service wired to real adapters, or to in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.side_effects import InMemoryTaskQueue, InMemoryUnitOfWork, RecordingNotifier, RecordingPublisher
from domain.audit.service import AuditService
from domain.identity.service import AuthService, StaffService
from domain.shared.clock import Clock, FixedClock
from domain.shared.events import EventPublisher, Notifier, TaskQueue
from domain.shared.uow import UnitOfWork


@dataclass
class Container:
    clock: Clock
    publisher: EventPublisher
    notifier: Notifier
    tasks: TaskQueue
    uow: UnitOfWork
    audit: AuditService
    auth: AuthService
    staff: StaffService
    health_checks: dict[str, Callable[[], None]] = field(default_factory=dict)
    relay_outbox: Callable[[], int] = lambda: 0


@dataclass
class TestContainer(Container):
    """The in-memory harness: a movable clock and fakes that keep what went through them."""

    __test__ = False  # not a pytest class

    clock: FixedClock
    publisher: RecordingPublisher
    notifier: RecordingNotifier
    tasks: InMemoryTaskQueue
    directory: InMemoryIdentityDirectory = field(default_factory=InMemoryIdentityDirectory)
    tokens: InMemoryTokenStore = field(default_factory=InMemoryTokenStore)
    audit_log: InMemoryAuditLog = field(default_factory=InMemoryAuditLog)


def build_test_container() -> TestContainer:
    clock = FixedClock()
    publisher, notifier, queue = RecordingPublisher(), RecordingNotifier(), InMemoryTaskQueue()
    directory, tokens, audit_log = InMemoryIdentityDirectory(), InMemoryTokenStore(), InMemoryAuditLog()
    uow = InMemoryUnitOfWork(publisher, notifier, queue)
    audit = AuditService(audit_log, clock, uow)
    return TestContainer(
        clock=clock,
        publisher=publisher,
        notifier=notifier,
        tasks=queue,
        uow=uow,
        audit=audit,
        auth=AuthService(directory, tokens, audit, uow, clock),
        staff=StaffService(directory, audit, uow),
        directory=directory,
        tokens=tokens,
        audit_log=audit_log,
    )


def build_container() -> Container:
    from django.conf import settings

    from adapters.clock import SystemClock
    from adapters.email.notifier import DjangoEmailNotifier
    from adapters.eventstream.publisher import EventstreamPublisher
    from adapters.health import health_checks
    from adapters.huey.queue import HueyTaskQueue
    from adapters.orm.audit.repository import DjangoAuditLog
    from adapters.orm.identity.repository import DjangoIdentityDirectory, DjangoTokenStore
    from adapters.orm.outbox.relay import OutboxRelay
    from adapters.orm.outbox.uow import DjangoUnitOfWork

    clock = SystemClock()
    publisher, notifier, tasks = EventstreamPublisher(), DjangoEmailNotifier(), HueyTaskQueue()
    relay = OutboxRelay(publisher, notifier, clock, settings.OUTBOX_MAX_ATTEMPTS)
    uow = DjangoUnitOfWork(relay, tasks, clock)
    directory = DjangoIdentityDirectory()
    audit = AuditService(DjangoAuditLog(), clock, uow)
    ttl: timedelta = settings.API_TOKEN_TTL
    return Container(
        clock=clock,
        publisher=publisher,
        notifier=notifier,
        tasks=tasks,
        uow=uow,
        audit=audit,
        auth=AuthService(directory, DjangoTokenStore(), audit, uow, clock, ttl),
        staff=StaffService(directory, audit, uow),
        health_checks=health_checks(),
        relay_outbox=relay.deliver,
    )


_override: list[Container] = []


@cache
def _default() -> Container:
    return build_container()


def container() -> Container:
    """The process's container (a test may put another in place with `use_container`)."""
    return _override[-1] if _override else _default()


def use_container(c: Container | None) -> None:
    _override.clear()
    if c is not None:
        _override.append(c)
