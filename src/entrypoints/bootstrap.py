"""The one composition root: every service wired to real adapters, or to in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any, Protocol

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.side_effects import InMemoryTaskQueue, InMemoryUnitOfWork, RecordingNotifier, RecordingPublisher
from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.service import AccountsService
from domain.audit.service import AuditService
from domain.identity.service import AuthService, StaffService
from domain.shared.clock import Clock, FixedClock
from domain.shared.events import EventPublisher, Notifier, TaskQueue
from domain.shared.uow import UnitOfWork


class DemoSeeder(Protocol):
    def seed(self, users: int, activities_per_user: int, seed_value: int) -> Any: ...

    def has_learners(self) -> bool: ...


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
    accounts: AccountsService
    ingestion: ActivityIngestion
    health_checks: dict[str, Callable[[], None]] = field(default_factory=dict)
    relay_outbox: Callable[[], int] = lambda: 0
    seeder: DemoSeeder | None = None


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
    people: InMemoryAccounts = field(default_factory=InMemoryAccounts)


def build_test_container() -> TestContainer:
    clock = FixedClock()
    publisher, notifier, queue = RecordingPublisher(), RecordingNotifier(), InMemoryTaskQueue()
    directory, tokens, audit_log = InMemoryIdentityDirectory(), InMemoryTokenStore(), InMemoryAuditLog()
    people = InMemoryAccounts()
    uow = InMemoryUnitOfWork(publisher, notifier, queue)
    audit = AuditService(audit_log, clock, uow)
    auth = AuthService(directory, tokens, audit, uow, clock)
    return TestContainer(
        clock=clock,
        publisher=publisher,
        notifier=notifier,
        tasks=queue,
        uow=uow,
        audit=audit,
        auth=auth,
        staff=StaffService(directory, audit, uow),
        accounts=AccountsService(people, people, auth, audit, uow, clock),
        ingestion=ActivityIngestion(people, audit, uow, clock),
        directory=directory,
        tokens=tokens,
        audit_log=audit_log,
        people=people,
    )


def build_container() -> Container:
    from django.conf import settings

    from adapters.clock import SystemClock
    from adapters.email.notifier import DjangoEmailNotifier
    from adapters.eventstream.publisher import EventstreamPublisher
    from adapters.health import health_checks
    from adapters.huey.queue import HueyTaskQueue
    from adapters.orm.accounts.queries import DjangoProfileQueries
    from adapters.orm.accounts.repository import DjangoIngestionStore, DjangoProfileRepository
    from adapters.orm.accounts.seed import DjangoSeeder
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
    auth = AuthService(directory, DjangoTokenStore(), audit, uow, clock, ttl)
    return Container(
        clock=clock,
        publisher=publisher,
        notifier=notifier,
        tasks=tasks,
        uow=uow,
        audit=audit,
        auth=auth,
        staff=StaffService(directory, audit, uow),
        accounts=AccountsService(DjangoProfileRepository(), DjangoProfileQueries(), auth, audit, uow, clock),
        ingestion=ActivityIngestion(DjangoIngestionStore(), audit, uow, clock),
        health_checks=health_checks(),
        relay_outbox=relay.deliver,
        seeder=DjangoSeeder(),
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
