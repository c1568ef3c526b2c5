"""One wiring for every environment: each module's `build()`, in the order their seams need, over the adapters an
environment supplies (bootstrap.py: Django, Huey, e-mail, Redis; harness.py: fakes that keep what went through them).

The modules below are wired by hand because their seams need it: where two need each other, the one built first is
lent a read port the other offers over its own stores (identity's TokenRevocation, privacy's consent reads). Every
other module is an entry in entrypoints.modules, built after them from the container they fill: adding a module
touches none of this file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from adapters.risk_rescore import RescoreOnTicketChange
from domain.accounts.module import Accounts, AccountsStores
from domain.analytics.module import Analytics, AnalyticsSettings, AnalyticsStores
from domain.audit.model import Keyring
from domain.audit.module import Audit
from domain.audit.ports import AuditChain, AuditLog
from domain.bulk.module import Bulk, BulkStores
from domain.bulk.runner import BulkSettings
from domain.identity.module import Identity, IdentitySettings, IdentityStores, TokenRevocation
from domain.impersonation.module import (
    Impersonations,
    ImpersonationSettings,
    ImpersonationStores,
    RevokerEndingImpersonations,
)
from domain.impersonation.ports import StepUp
from domain.knowledge.module import Knowledge, KnowledgeStores
from domain.monitoring.seams import SupportDesk
from domain.monitoring.service import Host, Monitoring, MonitoringSettings
from domain.monitoring.service import Stores as MonitoringStores
from domain.privacy.module import (
    ConsentExclusions,
    ConsentRecording,
    Privacy,
    PrivacySeams,
    PrivacySettings,
    PrivacyStores,
)
from domain.security.mfa_service import MfaService
from domain.security.module import Security, SecuritySettings, SecurityStores
from domain.shared.clock import Clock
from domain.shared.events import EventPublisher, Notifier, TaskQueue
from domain.shared.uow import UnitOfWork
from domain.tickets.learner_directory import AccountsLearnerDirectory
from domain.tickets.module import Tickets, TicketSettings, TicketStores

from .container import Container
from .modules import MODULES, Module


class AuditStore(AuditLog, AuditChain, Protocol):
    """The audit log and its chain: one table (or one fake) answers both."""


@dataclass(frozen=True)
class Platform:
    """Time and the side effects every module shares."""

    clock: Clock
    publisher: EventPublisher
    notifier: Notifier
    tasks: TaskQueue
    uow: UnitOfWork


@dataclass(frozen=True)
class Adapters:
    """What one environment supplies: each module's stores, and the few adapters that wrap a service."""

    platform: Platform
    audit: AuditStore
    identity: IdentityStores
    security: SecurityStores
    impersonation: ImpersonationStores
    step_up: Callable[[MfaService], StepUp]  # impersonation's step-up, asked of the MFA service
    accounts: AccountsStores
    knowledge: KnowledgeStores
    tickets: TicketStores
    bulk: BulkStores
    analytics: AnalyticsStores
    monitoring: MonitoringStores
    host: Host  # monitoring's view of the host: staff addresses, user agents, the pulse's timer, the probe
    privacy: PrivacyStores


@dataclass(frozen=True)
class Settings:
    """Each module's settings (bootstrap.py reads them from Django's; the harness keeps the defaults)."""

    keyring: Keyring
    identity: IdentitySettings
    security: SecuritySettings
    bulk: BulkSettings
    impersonation: ImpersonationSettings = field(default_factory=ImpersonationSettings)
    tickets: TicketSettings = field(default_factory=TicketSettings)
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    monitoring: MonitoringSettings = field(default_factory=MonitoringSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)


C = TypeVar("C", bound=Container)


def assemble(
    a: Adapters, cfg: Settings, make: Callable[..., C], supply: Callable[[Module[Any, Any], C], Any], **extra: Any
) -> C:
    """Every module built once, in dependency order; `make` (Container, or the harness's) receives the services
    and `extra` (what only one environment has); then each module of entrypoints.modules, from what `supply` gives
    it in this environment."""
    clock, uow = a.platform.clock, a.platform.uow
    common: dict[str, Any] = {"uow": uow, "clock": clock}
    audit = Audit.build(log=a.audit, chain=a.audit, keyring=cfg.keyring, **common)
    trail = audit.service
    revocation = TokenRevocation(a.identity.tokens, clock)  # identity's, lent to security before identity is built
    security = Security.build(
        stores=a.security,
        identities=a.identity.directory,
        sessions=a.identity.tokens,
        access=revocation,
        audit=trail,
        settings=cfg.security,
        **common,
    )
    identity = Identity.build(
        stores=a.identity,
        guard=security.protection,
        second_factor=security.mfa,
        roles=security.detector,
        security=security.events,
        audit=trail,
        settings=cfg.identity,
        **common,
    )
    impersonation = Impersonations.build(
        stores=a.impersonation,
        step_up=a.step_up(security.mfa),
        security=security.events,
        audit=trail,
        settings=cfg.impersonation,
        **common,
    )
    revoker = RevokerEndingImpersonations(revocation, impersonation.access)
    # privacy's consent reads, over its consent store: analytics and monitoring are built before privacy
    recording, exclusions = ConsentRecording(a.privacy.consents), ConsentExclusions(a.privacy.consents)
    analytics = Analytics.build(
        stores=a.analytics, exclusions=exclusions, audit=trail, settings=cfg.analytics, **common
    )
    accounts = Accounts.build(
        stores=a.accounts,
        revoker=revoker,
        security=security.events,
        observers=[analytics.service],
        audit=trail,
        **common,
    )
    knowledge = Knowledge.build(stores=a.knowledge, audit=trail, **common)
    tickets = Tickets.build(
        stores=a.tickets,
        learners=AccountsLearnerDirectory(accounts.service),
        knowledge=knowledge.service,
        watchers=(RescoreOnTicketChange(uow),),  # a ticket's changes move the learner's at-risk score
        audit=trail,
        settings=cfg.tickets,
        **common,
    )
    bulk = Bulk.build(
        stores=a.bulk,
        revoker=revoker,
        inviter=security.passwords,
        principals=identity.auth,
        exports=security.detector,
        audit=trail,
        settings=cfg.bulk,
        **common,
    )
    monitoring = Monitoring.build(
        stores=a.monitoring,
        host=a.host,
        desk=SupportDesk(tickets.support),
        consent=recording,
        audit=trail,
        settings=cfg.monitoring,
        **common,
    )
    seams = PrivacySeams(
        recordings=a.monitoring.telemetry,
        revoker=revoker,
        factors=a.security.mfa,
        detector=security.detector,
        sessions=a.impersonation.store,
        analytics=analytics.service,
    )
    privacy = Privacy.build(stores=a.privacy, seams=seams, audit=audit.service, settings=cfg.privacy, **common)
    c = make(
        clock=clock,
        publisher=a.platform.publisher,
        notifier=a.platform.notifier,
        tasks=a.platform.tasks,
        uow=uow,
        audit=audit.service,
        audit_sealer=audit.sealer,
        audit_verifier=audit.verifier,
        admin_audit=audit.admin,
        auth=identity.auth,
        admin_login=identity.admin_login,
        staff=identity.staff,
        staff_admin=identity.admin,
        sessions=identity.sessions,
        accounts=accounts.service,
        ingestion=accounts.ingestion,
        knowledge=knowledge.service,
        support=tickets.support,
        sweep=tickets.sweep,
        security=security.events,
        login_protection=security.protection,
        passwords=security.passwords,
        password_policy=cfg.identity.passwords,
        password_blocklist=cfg.identity.blocklist,
        detector=security.detector,
        mfa=security.mfa,
        mfa_recovery=security.mfa_recovery,
        impersonation=impersonation,
        analytics=analytics.service,
        monitoring=monitoring,
        bulk=bulk.service,
        bulk_runner=bulk.runner,
        privacy=privacy,
        handlers={**analytics.tasks(), **bulk.tasks(), **privacy.tasks()},
        **extra,
    )
    for module in MODULES:
        built = c.modules[module] = module.build(c, supply(module, c))
        c.handlers.update(module.tasks(built) if module.tasks else {})
    return c
