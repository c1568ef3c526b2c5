"""The in-memory harness: every service on fakes that keep what went through them, and a clock a test moves; the
same wiring as the real container (entrypoints.assembly)."""

from __future__ import annotations

import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from adapters.bulk_files import LocalBulkFiles
from adapters.crypto import FernetBox, derived_key
from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.analytics import InMemoryAnalytics
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.bulk import ClockPause, InMemoryBulkAccounts, InMemoryBulkOperations
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.identity_staff import InMemoryRoleRequests, InMemoryStaffDirectory
from adapters.memory.impersonation import InMemoryImpersonationPeople, InMemoryImpersonations, InMemoryStepUp
from adapters.memory.knowledge import InMemoryArticles
from adapters.memory.mfa import InMemoryMfaResets, InMemoryMfaStore
from adapters.memory.monitoring import InMemoryMonitoring
from adapters.memory.monitoring_queries import InMemoryMonitoringQueries
from adapters.memory.monitoring_rules import InMemoryAlertRuleStore
from adapters.memory.monitoring_sourcemaps import InMemorySourceMapStore
from adapters.memory.monitoring_state import (
    InMemoryAlertStore,
    InMemoryPulseStore,
    InMemoryRouteStats,
    InMemoryStaff,
    KnownUserAgents,
    RecordingSystemProbe,
    RecordingTimer,
)
from adapters.memory.notifications import InMemoryPreferences, account_addresses
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
from adapters.passwords import default_blocklist
from adapters.privacy_files import LocalPrivacyFiles
from adapters.user_agents import UaParserDevices
from domain.accounts.module import AccountsStores
from domain.analytics.days import Calendar
from domain.analytics.module import AnalyticsSettings, AnalyticsStores
from domain.analytics.service import AnswerCache
from domain.audit.model import Keyring
from domain.bulk.module import BulkStores
from domain.bulk.runner import BulkSettings
from domain.identity.module import IdentitySettings, IdentityStores
from domain.impersonation.module import ImpersonationStores
from domain.knowledge.module import KnowledgeStores
from domain.monitoring.service import Host, Stores
from domain.notifications.routing import NotificationRouting
from domain.privacy.module import PrivacyStores
from domain.security.module import SecuritySettings, SecurityStores
from domain.shared.clock import FixedClock
from domain.tickets.module import TicketStores

from .assembly import Adapters, Platform, Settings, assemble
from .container import Container
from .modules import Module

S = TypeVar("S")


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
    scratch: tempfile.TemporaryDirectory[str] | None = None
    fakes: dict[object, object] = field(default_factory=dict)  # what each module of entrypoints.modules was given

    def fakes_of(self, module: Module[S, Any]) -> S:
        """The fakes (and settings) a module of entrypoints.modules was built on."""
        return cast(S, self.fakes[module])

    def close(self) -> None:
        """Remove the files this harness wrote (bulk uploads and exports, privacy archives)."""
        if self.scratch is not None:
            self.scratch.cleanup()


TEST_KEYRING = Keyring("test", {"test": b"the in-memory harness's audit key"})
TEST_MFA_KEY = derived_key("the in-memory harness's MFA key")


def memory_stores(store: InMemoryMonitoring) -> Stores:
    return Stores(
        store,
        store,
        InMemoryMonitoringQueries(store),
        InMemoryRouteStats(store),
        InMemoryAlertStore(store),
        InMemoryPulseStore(store),
        InMemorySourceMapStore(),
        InMemoryAlertRuleStore(),
    )


def test_settings(clock: FixedClock, calendar: Calendar) -> Settings:
    """The defaults, but small bulk batches, and analytics' answers cached by the harness's clock."""
    blocklist = default_blocklist()
    return Settings(
        keyring=TEST_KEYRING,
        identity=IdentitySettings(blocklist),
        security=SecuritySettings(
            blocklist,
            unblock_url="https://learn.example.com/unblock",
            reset_url="https://learn.example.com/reset-password",
        ),
        bulk=BulkSettings(batch_size=3, approval_threshold=5, max_rows=50),
        analytics=AnalyticsSettings(calendar, AnswerCache(now=lambda: clock.now().timestamp())),
    )


def build_test_container() -> TestContainer:
    clock = FixedClock()
    publisher, notifier, queue = RecordingPublisher(), RecordingNotifier(), InMemoryTaskQueue()
    directory, audit_log = InMemoryIdentityDirectory(), InMemoryAuditLog()
    tokens = InMemoryTokenStore(directory)
    security_events, throttle = InMemorySecurityEvents(), InMemoryThrottleStore(clock)
    people = InMemoryAccounts(security=security_events)
    articles, tickets = InMemoryArticles(), InMemoryTickets()
    agents = InMemoryAgents(tickets, accounts=people, directory=directory)
    history, impersonations, step_up = InMemoryPasswordHistory(), InMemoryImpersonations(), InMemoryStepUp()
    logins, mfa_store, mfa_resets = InMemoryLoginHistory(), InMemoryMfaStore(), InMemoryMfaResets()
    monitor, operations = InMemoryMonitoring(), InMemoryBulkOperations()
    consents, requests, holds, runs = (
        InMemoryConsents(),
        InMemoryPrivacyRequests(),
        InMemoryLegalHolds(),
        InMemoryRetentionRuns(),
    )
    calendar = Calendar("Europe/Berlin")  # not UTC, so the harness's tests see local days
    analytics_store = InMemoryAnalytics(calendar, people, tickets, security_events)
    # the throttle store is left out, like Redis: what it counts stays counted whatever the unit of work does
    stores: tuple[object, ...] = (directory, tokens, audit_log, people, articles, tickets, agents, security_events)
    stores += (history, impersonations, logins, monitor, mfa_store, mfa_resets)
    stores += (operations, consents, requests, holds, runs, analytics_store)
    staff_directory, role_requests = InMemoryStaffDirectory(directory), InMemoryRoleRequests()  # staff admin
    stores += (staff_directory, role_requests)

    preferences = InMemoryPreferences(lambda: account_addresses(people, directory))  # notifications route by them
    uow = InMemoryUnitOfWork(publisher, notifier, queue, (*stores, preferences), route=NotificationRouting(preferences))

    def known(ids: Collection[int]) -> set[int]:
        return {i for i in ids if i in people.people or directory.get(i) is not None}

    monitor.known = known
    staff, timer = InMemoryStaff(), RecordingTimer()
    # one scratch folder per harness, removed by close() or when the harness is collected
    scratch = tempfile.TemporaryDirectory(prefix="harness-files-")
    files, pause = LocalBulkFiles(Path(scratch.name) / "bulk"), ClockPause(clock)
    privacy_files = LocalPrivacyFiles(Path(scratch.name) / "privacy")
    retention = InMemoryRetention(
        people=people,
        security=security_events,
        tickets=tickets,
        tokens=tokens,
        operations=operations,
        requests=requests,
        monitor=monitor,
        bulk_files=files,
        privacy_files=privacy_files,
    )
    world = InMemoryPrivacyWorld(
        people=people,
        directory=directory,
        tokens=tokens,
        tickets=tickets,
        security=security_events,
        impersonations=impersonations,
        audit=audit_log,
        consents=consents,
        monitor=monitor,
        retention=retention,
    )
    security = SecurityStores(
        events=security_events,
        throttle=throttle,
        directory=InMemorySecurityDirectory(directory, people),
        logins=logins,
        passwords=history,
        mfa=mfa_store,
        mfa_resets=mfa_resets,
        box=FernetBox([TEST_MFA_KEY]),
        devices=UaParserDevices(),
        accounts=directory,
    )
    adapters = Adapters(
        platform=Platform(clock, publisher, notifier, queue, uow),
        audit=audit_log,
        identity=IdentityStores(directory, tokens, staff_directory, role_requests),
        security=security,
        impersonation=ImpersonationStores(impersonations, InMemoryImpersonationPeople(directory, people)),
        step_up=lambda mfa: step_up,  # people enrolled in MFA, with their codes, set by a test
        accounts=AccountsStores(people, people, people),
        knowledge=KnowledgeStores(articles, articles),
        tickets=TicketStores(tickets, tickets, agents),
        bulk=BulkStores(operations, InMemoryBulkAccounts(people), files, pause),
        analytics=AnalyticsStores(analytics_store, analytics_store, analytics_store),
        monitoring=memory_stores(monitor),
        host=Host(staff, KnownUserAgents(), timer, RecordingSystemProbe()),
        privacy=PrivacyStores(
            consents=consents,
            requests=requests,
            holds=holds,
            runs=runs,
            subjects=world,
            data=world,
            anonymiser=world,
            retention=retention,
            reports=world,
            files=privacy_files,
        ),
    )
    c = assemble(
        adapters,
        test_settings(clock, calendar),
        TestContainer,
        lambda module, c: fakes(module, c, uow),
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
        scratch=scratch,
    )
    for name, handler in c.handlers.items():
        queue.register(name, handler)
    return c


def fakes(module: Module[Any, Any], c: TestContainer, uow: InMemoryUnitOfWork) -> object:
    """The module's fakes, kept by the harness and put back by its unit of work when a block is undone."""
    supplied = c.fakes[module] = module.memory(c)
    parts = [getattr(supplied, f.name) for f in fields(supplied)] if is_dataclass(supplied) else [supplied]
    fresh = [
        p for p in parts if type(p).__module__.startswith("adapters.memory.") and all(p is not s for s in uow.stores)
    ]
    uow.stores.extend(fresh)
    return supplied
