"""The one composition root: every service wired to real adapters, or to in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Protocol

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.analytics import InMemoryAnalytics
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.knowledge import InMemoryArticles
from adapters.memory.security import (
    InMemoryPasswordHistory,
    InMemorySecurityDirectory,
    InMemorySecurityEvents,
    InMemoryThrottleStore,
)
from adapters.memory.side_effects import InMemoryTaskQueue, InMemoryUnitOfWork, RecordingNotifier, RecordingPublisher
from adapters.memory.tickets import InMemoryAgents, InMemoryTickets
from adapters.passwords import default_blocklist, password_rules
from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.service import AccountsService
from domain.analytics.days import Calendar
from domain.analytics.facts import EveryLearnerCounts
from domain.analytics.service import AnalyticsService, AnswerCache
from domain.audit.model import Keyring
from domain.audit.sealing import AuditSealer
from domain.audit.service import AuditService
from domain.audit.verify import AuditVerifier
from domain.identity.password_policy import PasswordPolicy
from domain.identity.ports import PasswordBlocklist
from domain.identity.service import AuthService, StaffService
from domain.identity.session_service import SessionService
from domain.identity.sessions import SessionPolicy
from domain.knowledge.service import KnowledgeService
from domain.security.login import LoginPolicy
from domain.security.passwords import PasswordService
from domain.security.ports import SecurityDirectory, SecurityEventStore, ThrottleStore
from domain.security.protection import LoginProtection
from domain.security.service import SecurityEvents
from domain.shared.clock import Clock, FixedClock
from domain.shared.events import EventPublisher, Notifier, TaskQueue
from domain.shared.uow import UnitOfWork
from domain.tickets.learner_directory import AccountsLearnerDirectory
from domain.tickets.ports import AgentDirectory, Knowledge, TicketQueries, TicketRepository
from domain.tickets.service import Support
from domain.tickets.sla import SlaPolicy
from domain.tickets.steps import Steps
from domain.tickets.sweep import SlaSweep


class DemoSeeder(Protocol):
    """Demo data laid out backwards from `now` (the caller's Clock)."""

    def seed(self, users: int, activities_per_user: int, seed_value: int, now: datetime) -> Any: ...

    def has_learners(self) -> bool: ...

    def seed_tickets(self, tickets: int, updates_per_ticket: int, seed_value: int, now: datetime) -> Any: ...

    def seed_cohort(self, learners: int, seed_value: int, now: datetime, span_days: int = 14) -> Any:
        """Validation learners whose behaviour follows hidden dropout propensities (the at-risk score's ground
        truth)."""
        ...


@dataclass
class Container:
    clock: Clock
    publisher: EventPublisher
    notifier: Notifier
    tasks: TaskQueue
    uow: UnitOfWork
    audit: AuditService
    audit_sealer: AuditSealer
    audit_verifier: AuditVerifier
    auth: AuthService
    staff: StaffService
    accounts: AccountsService
    ingestion: ActivityIngestion
    knowledge: KnowledgeService
    support: Support
    sweep: SlaSweep
    security: SecurityEvents
    login_protection: LoginProtection
    passwords: PasswordService
    sessions: SessionService
    analytics: AnalyticsService
    password_policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    password_blocklist: PasswordBlocklist = field(default_factory=default_blocklist)
    health_checks: dict[str, Any] = field(default_factory=dict)  # name -> adapters.health.Check
    relay_outbox: Callable[[], int] = lambda: 0
    purge_outbox: Callable[[timedelta], int] = lambda window: 0
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
    articles: InMemoryArticles = field(default_factory=InMemoryArticles)
    tickets: InMemoryTickets = field(default_factory=InMemoryTickets)
    agents: InMemoryAgents = field(default_factory=lambda: InMemoryAgents(InMemoryTickets()))
    security_events: InMemorySecurityEvents = field(default_factory=InMemorySecurityEvents)
    throttle: InMemoryThrottleStore = field(default_factory=lambda: InMemoryThrottleStore(FixedClock()))
    password_history: InMemoryPasswordHistory = field(default_factory=InMemoryPasswordHistory)
    analytics_store: InMemoryAnalytics = field(
        default_factory=lambda: InMemoryAnalytics(Calendar(), InMemoryAccounts())
    )


def support_desk(
    tickets: TicketRepository,
    queries: TicketQueries,
    agents: AgentDirectory,
    accounts: AccountsService,
    knowledge: Knowledge,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    policy: SlaPolicy,
) -> tuple[Support, SlaSweep]:
    learners = AccountsLearnerDirectory(accounts)
    support = Support.build(Steps(tickets, agents, learners, knowledge, audit, uow, clock, policy), queries)
    return support, support.sweep


def security_module(
    store: SecurityEventStore,
    throttle: ThrottleStore,
    directory: SecurityDirectory,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    policy: LoginPolicy | None = None,
    alert_emails: tuple[str, ...] = (),
    unblock_url: str = "",
) -> tuple[SecurityEvents, LoginProtection]:
    events = SecurityEvents(store, directory, audit, uow, clock, alert_emails)
    return events, LoginProtection(throttle, directory, events, audit, uow, clock, policy, unblock_url)


TEST_KEYRING = Keyring("test", {"test": b"the in-memory harness's audit key"})


def build_test_container() -> TestContainer:
    clock = FixedClock()
    publisher, notifier, queue = RecordingPublisher(), RecordingNotifier(), InMemoryTaskQueue()
    directory, audit_log = InMemoryIdentityDirectory(), InMemoryAuditLog()
    tokens = InMemoryTokenStore(directory)
    security_events, throttle = InMemorySecurityEvents(), InMemoryThrottleStore(clock)
    people = InMemoryAccounts(security=security_events)
    articles = InMemoryArticles()
    tickets = InMemoryTickets()
    agents = InMemoryAgents(tickets, accounts=people, directory=directory)
    # the throttle store is left out, like Redis: what it counts stays counted whatever the unit of work does
    history = InMemoryPasswordHistory()
    calendar = Calendar("Europe/Berlin")  # not UTC, so the harness's tests see local days
    analytics_store = InMemoryAnalytics(calendar, people, tickets, security_events)
    stores = (
        directory,
        tokens,
        audit_log,
        people,
        articles,
        tickets,
        agents,
        security_events,
        history,
        analytics_store,
    )
    uow = InMemoryUnitOfWork(publisher, notifier, queue, stores)
    audit = AuditService(audit_log, audit_log, TEST_KEYRING, clock, uow)
    security, protection = security_module(
        security_events, throttle, InMemorySecurityDirectory(directory, people), audit, uow, clock,
        unblock_url="https://learn.example.com/unblock",
    )  # fmt: skip
    auth = AuthService(directory, tokens, audit, uow, clock, guard=protection)
    accounts = AccountsService(people, people, auth, audit, uow, clock)
    knowledge = KnowledgeService(articles, articles, audit, uow, clock)
    support, sweep = support_desk(tickets, tickets, agents, accounts, knowledge, audit, uow, clock, SlaPolicy())
    analytics = AnalyticsService(
        analytics_store, analytics_store, analytics_store, EveryLearnerCounts(), audit, uow, clock, calendar,
        AnswerCache(now=lambda: clock.now().timestamp()),
    )  # fmt: skip
    queue.register("analytics.rescore", analytics.rescore)
    return TestContainer(
        clock=clock,
        publisher=publisher,
        notifier=notifier,
        tasks=queue,
        uow=uow,
        audit=audit,
        audit_sealer=AuditSealer(audit_log, TEST_KEYRING, clock, uow),
        audit_verifier=AuditVerifier(audit_log, TEST_KEYRING),
        auth=auth,
        staff=StaffService(directory, audit, uow, PasswordPolicy(), default_blocklist()),
        accounts=accounts,
        ingestion=ActivityIngestion(people, audit, uow, clock, security, [analytics]),
        knowledge=knowledge,
        support=support,
        sweep=sweep,
        security=security,
        login_protection=protection,
        passwords=PasswordService(
            directory,
            history,
            throttle,
            auth,
            security,
            audit,
            uow,
            clock,
            PasswordPolicy(),
            default_blocklist(),
            "https://learn.example.com/reset-password",
        ),
        sessions=SessionService(tokens, directory, audit, uow, clock, SessionPolicy(), security),
        analytics=analytics,
        analytics_store=analytics_store,
        directory=directory,
        tokens=tokens,
        audit_log=audit_log,
        people=people,
        articles=articles,
        tickets=tickets,
        agents=agents,
        security_events=security_events,
        throttle=throttle,
        password_history=history,
    )


def build_container(clock: Clock | None = None) -> Container:
    """Real adapters; a test may pass a FixedClock to drive time on the real database."""
    from django.conf import settings

    from adapters.clock import SystemClock
    from adapters.email.notifier import DjangoEmailNotifier
    from adapters.eventstream.publisher import EventstreamPublisher
    from adapters.health import health_checks
    from adapters.huey.queue import HueyTaskQueue
    from adapters.orm.accounts.queries import DjangoProfileQueries
    from adapters.orm.accounts.repository import DjangoIngestionStore, DjangoProfileRepository
    from adapters.orm.accounts.seed import DjangoSeeder
    from adapters.orm.analytics.queries import DjangoAnalyticsQueries
    from adapters.orm.analytics.risk import DjangoRiskStore
    from adapters.orm.analytics.rollups import DjangoRollupStore
    from adapters.orm.audit.repository import DjangoAuditLog
    from adapters.orm.identity.repository import DjangoIdentityDirectory, DjangoTokenStore
    from adapters.orm.knowledge.queries import DjangoArticleSearch
    from adapters.orm.knowledge.repository import DjangoArticleRepository
    from adapters.orm.outbox.relay import OutboxRelay
    from adapters.orm.outbox.uow import DjangoUnitOfWork
    from adapters.orm.security.repository import (
        DjangoPasswordHistory,
        DjangoSecurityDirectory,
        DjangoSecurityEventStore,
    )
    from adapters.orm.tickets.queries import DjangoTicketQueries
    from adapters.orm.tickets.repository import DjangoAgentDirectory, DjangoTicketRepository

    clock = clock or SystemClock()
    publisher, notifier, tasks = EventstreamPublisher(), DjangoEmailNotifier(), HueyTaskQueue()
    relay = OutboxRelay(publisher, notifier, clock, settings.OUTBOX_MAX_ATTEMPTS)
    uow = DjangoUnitOfWork(relay, tasks, clock)
    directory = DjangoIdentityDirectory()
    audit_log, keyring = DjangoAuditLog(), Keyring(settings.AUDIT_CHAIN_KEY_ID, settings.AUDIT_CHAIN_KEYS)
    audit = AuditService(audit_log, audit_log, keyring, clock, uow)
    throttle = throttle_store(clock)
    security, protection = security_module(
        DjangoSecurityEventStore(),
        throttle,
        DjangoSecurityDirectory(),
        audit,
        uow,
        clock,
        LoginPolicy(account_max_failures=settings.LOGIN_ACCOUNT_MAX_FAILURES),
        tuple(settings.SECURITY_ALERT_EMAILS),
        settings.LOGIN_UNBLOCK_URL,
    )
    passwords, blocklist = password_rules()
    policy = SessionPolicy(idle=settings.SESSION_IDLE, absolute=settings.SESSION_ABSOLUTE)
    tokens = DjangoTokenStore()
    auth = AuthService(directory, tokens, audit, uow, clock, policy, guard=protection)
    accounts = AccountsService(DjangoProfileRepository(), DjangoProfileQueries(), auth, audit, uow, clock)
    knowledge = KnowledgeService(DjangoArticleRepository(), DjangoArticleSearch(), audit, uow, clock)
    calendar = Calendar(settings.ANALYTICS_TIMEZONE)
    analytics = AnalyticsService(
        DjangoRollupStore(calendar, settings.ANALYTICS_STALE_SECONDS),
        DjangoAnalyticsQueries(calendar),
        DjangoRiskStore(calendar),
        EveryLearnerCounts(),
        audit,
        uow,
        clock,
        calendar,
        AnswerCache(settings.ANALYTICS_CACHE_SECONDS),
    )
    support, sweep = support_desk(
        DjangoTicketRepository(),
        DjangoTicketQueries(),
        DjangoAgentDirectory(),
        accounts,
        knowledge,
        audit,
        uow,
        clock,
        settings.SUPPORT_SLA_POLICY,
    )
    return Container(
        clock=clock,
        publisher=publisher,
        notifier=notifier,
        tasks=tasks,
        uow=uow,
        audit=audit,
        audit_sealer=AuditSealer(audit_log, keyring, clock, uow),
        audit_verifier=AuditVerifier(audit_log, keyring),
        auth=auth,
        staff=StaffService(directory, audit, uow, passwords, blocklist),
        accounts=accounts,
        ingestion=ActivityIngestion(DjangoIngestionStore(), audit, uow, clock, security, [analytics]),
        knowledge=knowledge,
        support=support,
        sweep=sweep,
        security=security,
        login_protection=protection,
        passwords=PasswordService(
            directory,
            DjangoPasswordHistory(),
            throttle,
            auth,
            security,
            audit,
            uow,
            clock,
            passwords,
            blocklist,
            settings.PASSWORD_RESET_URL,
        ),
        password_policy=passwords,
        password_blocklist=blocklist,
        sessions=SessionService(tokens, directory, audit, uow, clock, policy, security),
        analytics=analytics,
        health_checks=health_checks(clock),
        relay_outbox=relay.deliver,
        purge_outbox=relay.purge,
        seeder=DjangoSeeder(),
    )


def throttle_store(clock: Clock) -> ThrottleStore:
    """The database; Redis when REDIS_URL is set (falling back to the database while Redis is down)."""
    from django.conf import settings

    from adapters.orm.security.repository import DjangoThrottleStore

    database = DjangoThrottleStore(clock)
    if not (settings.REDIS_URL and settings.LOGIN_THROTTLE_REDIS):
        return database
    from adapters.redis_throttle import FailoverThrottleStore, RedisThrottleStore

    redis = RedisThrottleStore.from_url(settings.REDIS_URL, clock, settings.LOGIN_THROTTLE_NAMESPACE)
    return FailoverThrottleStore(redis, database)


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
