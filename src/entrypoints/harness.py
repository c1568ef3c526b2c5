"""The in-memory harness: every service on fakes that keep what went through them, and a clock a test moves."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from adapters.bulk_files import LocalBulkFiles
from adapters.crypto import FernetBox, derived_key
from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.analytics import InMemoryAnalytics
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.bulk import ClockPause, InMemoryBulkAccounts, InMemoryBulkOperations
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.impersonation import InMemoryImpersonationPeople, InMemoryImpersonations, InMemoryStepUp
from adapters.memory.knowledge import InMemoryArticles
from adapters.memory.mfa import InMemoryMfaResets, InMemoryMfaStore
from adapters.memory.monitoring import InMemoryMonitoring
from adapters.memory.monitoring_state import InMemoryStaff, RecordingTimer
from adapters.memory.privacy import InMemoryConsents, InMemoryLegalHolds, InMemoryPrivacyRequests, InMemoryRetentionRuns
from adapters.memory.privacy_retention import InMemoryRetention
from adapters.memory.privacy_world import InMemoryPrivacyWorld
from adapters.memory.security import (
    InMemoryLoginHistory,
    InMemoryPasswordHistory,
    InMemorySecurityDirectory,
    InMemorySecurityEvents,
    InMemoryThrottleStore,
)
from adapters.memory.side_effects import InMemoryTaskQueue, InMemoryUnitOfWork, RecordingNotifier, RecordingPublisher
from adapters.memory.tickets import InMemoryAgents, InMemoryTickets
from adapters.memory.views import AgentTeams, InMemorySavedViews
from adapters.passwords import default_blocklist
from adapters.privacy_files import LocalPrivacyFiles
from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.service import AccountsService
from domain.analytics.days import Calendar
from domain.analytics.service import AnalyticsService, AnswerCache
from domain.audit.model import Keyring
from domain.audit.sealing import AuditSealer
from domain.audit.service import AuditService
from domain.audit.verify import AuditVerifier
from domain.bulk.runner import BulkSettings
from domain.identity.password_policy import PasswordPolicy
from domain.identity.service import AuthService, StaffService
from domain.identity.session_service import SessionService
from domain.identity.sessions import SessionPolicy
from domain.impersonation.module import Impersonations, RevokerEndingImpersonations
from domain.knowledge.service import KnowledgeService
from domain.privacy.module import ConsentExclusions, ConsentRecording, Privacy, PrivacySeams, PrivacyStores
from domain.security.mfa import MfaPolicy
from domain.security.mfa_recovery import MfaRecovery
from domain.security.mfa_service import MfaService
from domain.security.passwords import PasswordService
from domain.shared.clock import FixedClock
from domain.tickets.sla import SlaPolicy
from domain.views.service import SavedViews

from .container import Container
from .modules import bulk_module, security_module, support_desk
from .monitoring_wiring import memory_monitoring


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
    staff_contacts: InMemoryStaff = field(default_factory=InMemoryStaff)
    pulse_timer: RecordingTimer = field(default_factory=RecordingTimer)
    mfa_store: InMemoryMfaStore = field(default_factory=InMemoryMfaStore)
    mfa_resets: InMemoryMfaResets = field(default_factory=InMemoryMfaResets)
    bulk_operations: InMemoryBulkOperations = field(default_factory=InMemoryBulkOperations)
    bulk_files: LocalBulkFiles | None = None
    pause: ClockPause | None = None
    consents: InMemoryConsents = field(default_factory=InMemoryConsents)
    analytics_store: InMemoryAnalytics = field(
        default_factory=lambda: InMemoryAnalytics(Calendar(), InMemoryAccounts())
    )
    privacy_requests: InMemoryPrivacyRequests = field(default_factory=InMemoryPrivacyRequests)
    legal_holds: InMemoryLegalHolds = field(default_factory=InMemoryLegalHolds)
    privacy_files: LocalPrivacyFiles | None = None


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
    consents, requests, holds, runs = (
        InMemoryConsents(),
        InMemoryPrivacyRequests(),
        InMemoryLegalHolds(),
        InMemoryRetentionRuns(),
    )
    stores += (operations, consents, requests, holds, runs)
    calendar = Calendar("Europe/Berlin")  # not UTC, so the harness's tests see local days
    analytics_store = InMemoryAnalytics(calendar, people, tickets, security_events)
    stores += (analytics_store,)
    uow = InMemoryUnitOfWork(publisher, notifier, queue, stores)
    audit = AuditService(audit_log, audit_log, TEST_KEYRING, clock, uow)
    security_directory = InMemorySecurityDirectory(directory, people)
    security, protection, detector = security_module(
        security_events,
        throttle,
        security_directory,
        logins,
        audit,
        uow,
        clock,
        unblock_url="https://learn.example.com/unblock",
    )
    mfa_policy = MfaPolicy()
    mfa = MfaService(
        mfa_store,
        FernetBox([TEST_MFA_KEY]),
        throttle,
        security_directory,
        tokens,
        security,
        audit,
        uow,
        clock,
        mfa_policy,
        detector=detector,
    )
    auth = AuthService(directory, tokens, audit, uow, clock, guard=protection, second_factor=mfa)
    impersonation = Impersonations.build(
        impersonations, InMemoryImpersonationPeople(directory, people), audit, security, uow, clock, step_up
    )
    revoker = RevokerEndingImpersonations(auth, impersonation.access)
    accounts = AccountsService(people, people, revoker, audit, uow, clock)
    knowledge = KnowledgeService(articles, articles, audit, uow, clock)
    support, sweep = support_desk(tickets, tickets, agents, accounts, knowledge, audit, uow, clock, SlaPolicy())
    recording, exclusions = ConsentRecording(), ConsentExclusions()
    analytics = AnalyticsService(
        analytics_store,
        analytics_store,
        analytics_store,
        exclusions,
        audit,
        uow,
        clock,
        calendar,
        AnswerCache(now=lambda: clock.now().timestamp()),
    )
    queue.register("analytics.rescore", analytics.rescore)
    monitoring, staff, timer = memory_monitoring(monitor, people, directory, support, audit, uow, clock, recording)
    passwords = PasswordService(
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
        detector=detector,
        factors=mfa,
    )
    files, pause = LocalBulkFiles(Path(tempfile.mkdtemp(prefix="bulk-files-"))), ClockPause(clock)
    bulk, runner = bulk_module(
        operations,
        InMemoryBulkAccounts(people),
        files,
        auth,
        revoker,
        passwords,
        detector,
        audit,
        uow,
        clock,
        pause,
        BulkSettings(batch_size=3, approval_threshold=5, max_rows=50),
    )
    queue.register("bulk.run", runner.run)
    privacy_files = LocalPrivacyFiles(Path(tempfile.mkdtemp(prefix="privacy-files-")))
    retention = InMemoryRetention(
        people, security_events, tickets, tokens, operations, requests, monitor, files, privacy_files
    )
    world = InMemoryPrivacyWorld(
        people, directory, tokens, tickets, security_events, impersonations, audit_log, consents, monitor, retention
    )
    privacy = Privacy.build(
        PrivacyStores(consents, requests, holds, runs, world, world, world, retention, world, privacy_files),
        PrivacySeams(monitor, revoker, mfa_store, detector, impersonations, analytics),
        audit,
        uow,
        clock,
    )
    recording.consents = exclusions.consents = privacy.consents
    queue.register("privacy.export", lambda privacy_request: privacy.jobs.export(privacy_request))
    queue.register("privacy.erase", lambda privacy_request: privacy.jobs.erase(privacy_request))
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
        ingestion=ActivityIngestion(people, audit, uow, clock, security, [analytics]),
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
        privacy=privacy,
        saved_views=SavedViews(InMemorySavedViews(), AgentTeams(agents), audit, uow, clock),
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
        impersonations=impersonations,
        step_up=step_up,
        login_history=logins,
        monitor=monitor,
        staff_contacts=staff,
        pulse_timer=timer,
        mfa_store=mfa_store,
        mfa_resets=mfa_resets,
        bulk_operations=operations,
        bulk_files=files,
        pause=pause,
        consents=consents,
        privacy_requests=requests,
        legal_holds=holds,
        privacy_files=privacy_files,
    )
