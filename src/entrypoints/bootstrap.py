"""The one composition root: every service wired to real adapters, or to in-memory fakes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from adapters.bulk_files import LocalBulkFiles
from adapters.crypto import FernetBox, derived_key
from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.bulk import ClockPause, InMemoryBulkAccounts, InMemoryBulkOperations
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.impersonation import InMemoryImpersonationPeople, InMemoryImpersonations, InMemoryStepUp
from adapters.memory.knowledge import InMemoryArticles
from adapters.memory.mfa import InMemoryMfaResets, InMemoryMfaStore
from adapters.memory.monitoring import InMemoryMonitoring
from adapters.memory.monitoring_state import FixedConsent, InMemoryStaff, RecordingTimer
from adapters.memory.security import (
    InMemoryLoginHistory,
    InMemoryPasswordHistory,
    InMemorySecurityDirectory,
    InMemorySecurityEvents,
    InMemoryThrottleStore,
)
from adapters.memory.side_effects import InMemoryTaskQueue, InMemoryUnitOfWork, RecordingNotifier, RecordingPublisher
from adapters.memory.tickets import InMemoryAgents, InMemoryTickets
from adapters.passwords import default_blocklist, password_rules
from adapters.user_agents import UaParserDevices
from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.service import AccountsService
from domain.audit.model import Keyring
from domain.audit.sealing import AuditSealer
from domain.audit.service import AuditService
from domain.audit.verify import AuditVerifier
from domain.bulk.exporting import PersonalDataExportAlarm
from domain.bulk.ports import BulkAccounts, BulkFiles, OperationStore
from domain.bulk.runner import BulkRunner, BulkSettings, Pause
from domain.bulk.service import BulkService
from domain.identity.password_policy import PasswordPolicy
from domain.identity.ports import PasswordBlocklist
from domain.identity.service import AuthService, StaffService
from domain.identity.session_service import SessionService
from domain.identity.sessions import SessionPolicy
from domain.impersonation.module import Impersonations, RevokerEndingImpersonations
from domain.impersonation.ports import StepUp
from domain.knowledge.service import KnowledgeService
from domain.monitoring.service import Monitoring
from domain.security.detection.detector import Detector
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy
from domain.security.mfa import MfaPolicy
from domain.security.mfa_recovery import MfaRecovery
from domain.security.mfa_service import MfaService
from domain.security.passwords import PasswordService
from domain.security.ports import LoginHistory, SecurityDirectory, SecurityEventStore, ThrottleStore
from domain.security.protection import LoginProtection
from domain.security.service import SecurityEvents
from domain.shared.clock import Clock, FixedClock
from domain.shared.events import EventPublisher, Notifier, TaskQueue
from domain.shared.permissions import parse_roles
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork
from domain.tickets.learner_directory import AccountsLearnerDirectory
from domain.tickets.ports import AgentDirectory, Knowledge, TicketQueries, TicketRepository
from domain.tickets.service import Support
from domain.tickets.sla import SlaPolicy
from domain.tickets.steps import Steps
from domain.tickets.sweep import SlaSweep

from .monitoring_wiring import django_monitoring, memory_monitoring


class DemoSeeder(Protocol):
    """Demo data laid out backwards from `now` (the caller's Clock)."""

    def seed(self, users: int, activities_per_user: int, seed_value: int, now: datetime) -> Any: ...

    def has_learners(self) -> bool: ...

    def seed_tickets(self, tickets: int, updates_per_ticket: int, seed_value: int, now: datetime) -> Any: ...


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
    impersonation: Impersonations
    detector: Detector
    monitoring: Monitoring
    mfa: MfaService
    mfa_recovery: MfaRecovery
    bulk: BulkService
    bulk_runner: BulkRunner
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
    impersonations: InMemoryImpersonations = field(default_factory=InMemoryImpersonations)
    step_up: InMemoryStepUp = field(default_factory=InMemoryStepUp)  # people enrolled in MFA, with their codes
    login_history: InMemoryLoginHistory = field(default_factory=InMemoryLoginHistory)
    monitor: InMemoryMonitoring = field(default_factory=InMemoryMonitoring)
    recording_consent: FixedConsent = field(default_factory=FixedConsent)
    staff_contacts: InMemoryStaff = field(default_factory=InMemoryStaff)
    pulse_timer: RecordingTimer = field(default_factory=RecordingTimer)
    mfa_store: InMemoryMfaStore = field(default_factory=InMemoryMfaStore)
    mfa_resets: InMemoryMfaResets = field(default_factory=InMemoryMfaResets)
    bulk_operations: InMemoryBulkOperations = field(default_factory=InMemoryBulkOperations)
    bulk_files: LocalBulkFiles | None = None
    pause: ClockPause | None = None


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
    history: LoginHistory,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    policy: LoginPolicy | None = None,
    alert_emails: tuple[str, ...] = (),
    unblock_url: str = "",
    detection: DetectionPolicy | None = None,
) -> tuple[SecurityEvents, LoginProtection, Detector]:
    events = SecurityEvents(store, directory, audit, uow, clock, alert_emails)
    detector = Detector(history, UaParserDevices(), events, audit, throttle, uow, clock, detection)
    protection = LoginProtection(throttle, directory, events, audit, uow, clock, detector, policy, unblock_url)
    return events, protection, detector


def bulk_module(
    store: OperationStore, accounts: BulkAccounts, files: BulkFiles, auth: AuthService, passwords: PasswordService,
    detector: Detector, audit: AuditService, uow: UnitOfWork, clock: Clock, pause: Pause, settings: BulkSettings,
) -> tuple[BulkService, BulkRunner]:  # fmt: skip
    alarm = PersonalDataExportAlarm(detector)  # personal_data_export: the detection rule, raised at download
    service = BulkService(store, accounts, files, alarm, audit, uow, clock, settings)
    runner = BulkRunner(store, accounts, files, auth, passwords, auth, audit, uow, clock, pause, settings)
    return service, runner


TEST_KEYRING = Keyring("test", {"test": b"the in-memory harness's audit key"})
TEST_MFA_KEY = derived_key("the in-memory harness's MFA key")


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
    history, impersonations, step_up = InMemoryPasswordHistory(), InMemoryImpersonations(), InMemoryStepUp()
    logins, mfa_store, mfa_resets = InMemoryLoginHistory(), InMemoryMfaStore(), InMemoryMfaResets()
    stores: tuple[object, ...] = (directory, tokens, audit_log, people, articles, tickets, agents, security_events)
    monitor = InMemoryMonitoring()
    stores += (history, impersonations, logins, monitor, mfa_store, mfa_resets)
    operations = InMemoryBulkOperations()
    stores += (operations,)
    uow = InMemoryUnitOfWork(publisher, notifier, queue, stores)
    audit = AuditService(audit_log, audit_log, TEST_KEYRING, clock, uow)
    security_directory = InMemorySecurityDirectory(directory, people)
    security, protection, detector = security_module(
        security_events, throttle, security_directory, logins, audit, uow, clock,
        unblock_url="https://learn.example.com/unblock",
    )  # fmt: skip
    mfa_policy = MfaPolicy()
    mfa = MfaService(
        mfa_store, FernetBox([TEST_MFA_KEY]), throttle, security_directory, tokens, security, audit, uow, clock,
        mfa_policy, detector=detector,
    )  # fmt: skip
    auth = AuthService(directory, tokens, audit, uow, clock, guard=protection, second_factor=mfa)
    impersonation = Impersonations.build(
        impersonations, InMemoryImpersonationPeople(directory, people), audit, security, uow, clock, step_up
    )
    revoker = RevokerEndingImpersonations(auth, impersonation.access)
    accounts = AccountsService(people, people, revoker, audit, uow, clock)
    knowledge = KnowledgeService(articles, articles, audit, uow, clock)
    support, sweep = support_desk(tickets, tickets, agents, accounts, knowledge, audit, uow, clock, SlaPolicy())
    monitoring, consent, staff, timer = memory_monitoring(monitor, people, directory, support, audit, uow, clock)
    passwords = PasswordService(
        directory, history, throttle, auth, security, audit, uow, clock, PasswordPolicy(), default_blocklist(),
        "https://learn.example.com/reset-password", detector=detector, factors=mfa,
    )  # fmt: skip
    files, pause = LocalBulkFiles(Path(tempfile.mkdtemp(prefix="bulk-files-"))), ClockPause(clock)
    bulk, runner = bulk_module(
        operations, InMemoryBulkAccounts(people), files, auth, passwords, detector, audit, uow, clock, pause,
        BulkSettings(batch_size=3, approval_threshold=5, max_rows=50),
    )  # fmt: skip
    queue.register("bulk.run", runner.run)
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
        staff=StaffService(directory, audit, uow, PasswordPolicy(), default_blocklist(), detector),
        accounts=accounts,
        ingestion=ActivityIngestion(people, audit, uow, clock, security),
        knowledge=knowledge,
        support=support,
        sweep=sweep,
        security=security,
        login_protection=protection,
        passwords=passwords,
        sessions=SessionService(tokens, directory, audit, uow, clock, SessionPolicy(), security),
        impersonation=impersonation,
        detector=detector,
        monitoring=monitoring,
        mfa=mfa,
        mfa_recovery=MfaRecovery(
            mfa_store,
            mfa_resets,
            directory,
            security_directory,
            auth,
            throttle,
            security,
            audit,
            uow,
            clock,
            mfa_policy,
            detector=detector,
        ),
        bulk=bulk,
        bulk_runner=runner,
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
        impersonations=impersonations,
        step_up=step_up,
        login_history=logins,
        monitor=monitor,
        recording_consent=consent,
        staff_contacts=staff,
        pulse_timer=timer,
        mfa_store=mfa_store,
        mfa_resets=mfa_resets,
        bulk_operations=operations,
        bulk_files=files,
        pause=pause,
    )


def build_container(clock: Clock | None = None) -> Container:
    """Real adapters; a test may pass a FixedClock to drive time on the real database."""
    from django.conf import settings

    from adapters.clock import SleepPause, SystemClock
    from adapters.email.notifier import DjangoEmailNotifier
    from adapters.eventstream.publisher import EventstreamPublisher
    from adapters.health import health_checks
    from adapters.huey.queue import HueyTaskQueue
    from adapters.orm.accounts.queries import DjangoProfileQueries
    from adapters.orm.accounts.repository import DjangoIngestionStore, DjangoProfileRepository
    from adapters.orm.accounts.seed import DjangoSeeder
    from adapters.orm.audit.repository import DjangoAuditLog
    from adapters.orm.bulk.accounts import DjangoBulkAccounts
    from adapters.orm.bulk.repository import DjangoBulkOperations
    from adapters.orm.identity.repository import DjangoIdentityDirectory, DjangoTokenStore
    from adapters.orm.knowledge.queries import DjangoArticleSearch
    from adapters.orm.knowledge.repository import DjangoArticleRepository
    from adapters.orm.outbox.relay import OutboxRelay
    from adapters.orm.outbox.uow import DjangoUnitOfWork
    from adapters.orm.security.mfa import DjangoMfaResets, DjangoMfaStore
    from adapters.orm.security.repository import (
        DjangoLoginHistory,
        DjangoPasswordHistory,
        DjangoSecurityDirectory,
        DjangoSecurityEventStore,
    )
    from adapters.orm.tickets.queries import DjangoTicketQueries
    from adapters.orm.tickets.repository import DjangoAgentDirectory, DjangoTicketRepository
    from adapters.step_up import MfaStepUp

    clock = clock or SystemClock()
    publisher, notifier, tasks = EventstreamPublisher(), DjangoEmailNotifier(), HueyTaskQueue()
    relay = OutboxRelay(publisher, notifier, clock, settings.OUTBOX_MAX_ATTEMPTS)
    uow = DjangoUnitOfWork(relay, tasks, clock)
    directory = DjangoIdentityDirectory()
    audit_log, keyring = DjangoAuditLog(), Keyring(settings.AUDIT_CHAIN_KEY_ID, settings.AUDIT_CHAIN_KEYS)
    audit = AuditService(audit_log, audit_log, keyring, clock, uow)
    throttle = throttle_store(clock)
    security_directory = DjangoSecurityDirectory()
    security, protection, detector = security_module(
        DjangoSecurityEventStore(),
        throttle,
        security_directory,
        DjangoLoginHistory(),
        audit,
        uow,
        clock,
        LoginPolicy(account_max_failures=settings.LOGIN_ACCOUNT_MAX_FAILURES),
        tuple(settings.SECURITY_ALERT_EMAILS),
        settings.LOGIN_UNBLOCK_URL,
        DetectionPolicy(mass_access_profiles=settings.MASS_ACCESS_PROFILES),
    )
    passwords, blocklist = password_rules()
    policy = SessionPolicy(idle=settings.SESSION_IDLE, absolute=settings.SESSION_ABSOLUTE)
    tokens = DjangoTokenStore()
    mfa_policy = MfaPolicy(required_roles=parse_roles(settings.MFA_REQUIRED_ROLES), issuer=settings.MFA_ISSUER)
    mfa_store = DjangoMfaStore()
    box = FernetBox.from_settings(settings.MFA_ENCRYPTION_KEY, settings.SECRET_KEY)
    mfa = MfaService(
        mfa_store, box, throttle, security_directory, tokens, security, audit, uow, clock, mfa_policy, detector=detector
    )
    auth = AuthService(directory, tokens, audit, uow, clock, policy, guard=protection, second_factor=mfa)
    impersonation = impersonation_module(audit, security, uow, clock, MfaStepUp(mfa))
    revoker = RevokerEndingImpersonations(auth, impersonation.access)
    accounts = AccountsService(DjangoProfileRepository(), DjangoProfileQueries(), revoker, audit, uow, clock)
    knowledge = KnowledgeService(DjangoArticleRepository(), DjangoArticleSearch(), audit, uow, clock)
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
    password_service = PasswordService(
        directory, DjangoPasswordHistory(), throttle, auth, security, audit, uow, clock, passwords, blocklist,
        settings.PASSWORD_RESET_URL, detector=detector, factors=mfa,
    )  # fmt: skip
    bulk, runner = bulk_module(
        DjangoBulkOperations(), DjangoBulkAccounts(), LocalBulkFiles(settings.BULK_FILES_DIR), auth, password_service,
        detector, audit, uow, clock, SleepPause(), bulk_settings(),
    )  # fmt: skip
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
        staff=StaffService(directory, audit, uow, passwords, blocklist, detector),
        accounts=accounts,
        ingestion=ActivityIngestion(DjangoIngestionStore(), audit, uow, clock, security),
        knowledge=knowledge,
        support=support,
        sweep=sweep,
        security=security,
        login_protection=protection,
        passwords=password_service,
        password_policy=passwords,
        password_blocklist=blocklist,
        sessions=SessionService(tokens, directory, audit, uow, clock, policy, security),
        impersonation=impersonation,
        detector=detector,
        monitoring=django_monitoring(support, audit, uow, clock),
        mfa=mfa,
        mfa_recovery=MfaRecovery(
            mfa_store,
            DjangoMfaResets(),
            directory,
            security_directory,
            auth,
            throttle,
            security,
            audit,
            uow,
            clock,
            mfa_policy,
            detector=detector,
        ),
        bulk=bulk,
        bulk_runner=runner,
        health_checks=health_checks(clock),
        relay_outbox=relay.deliver,
        purge_outbox=relay.purge,
        seeder=DjangoSeeder(),
    )


def impersonation_module(
    audit: AuditService, security: SecurityEvents, uow: UnitOfWork, clock: Clock, step_up: StepUp
) -> Impersonations:
    """Step-up is the MFA service's: a current TOTP code, used up, with its replay refusal and stepped delays."""
    from django.conf import settings

    from adapters.orm.impersonation.repository import DjangoImpersonationPeople, DjangoImpersonationStore

    return Impersonations.build(
        DjangoImpersonationStore(), DjangoImpersonationPeople(), audit, security, uow, clock, step_up,
        mfa_required_roles=parse_roles(getattr(settings, "MFA_REQUIRED_ROLES", ())),
        notify_user=settings.IMPERSONATION_NOTIFY_USER,
    )  # fmt: skip


def bulk_settings() -> BulkSettings:
    from django.conf import settings

    return BulkSettings(
        batch_size=settings.BULK_BATCH_SIZE,
        approval_threshold=settings.BULK_APPROVAL_THRESHOLD,
        max_rows=settings.BULK_MAX_ROWS,
        notify_per_minute=settings.BULK_NOTIFY_PER_MINUTE,
        export_ttl=settings.BULK_EXPORT_TTL,
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


def connect_role_signals() -> None:
    """Role and permission changes made in Django's admin site (or a shell) reach the detection rules, in the
    change's own transaction (the CLI app's ready())."""
    from adapters.orm.identity.roles import connect

    def report(user_id: int, before: Collection[str], after: Collection[str], by: Principal | None, via: str) -> None:
        c = container()
        with c.uow:
            c.detector.roles_changed(user_id, before, after, by, via)
            c.uow.commit()

    connect(report)


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
