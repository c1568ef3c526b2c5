"""The composition root: the real adapters (Django ORM, Huey, e-mail, the event stream, Redis) handed to the one
wiring (entrypoints.assembly); the in-memory harness is entrypoints.harness."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from pathlib import Path

from adapters.bulk_files import LocalBulkFiles
from adapters.crypto import FernetBox
from adapters.privacy_files import LocalPrivacyFiles
from adapters.user_agents import UaParserDevices
from domain.accounts.module import AccountsStores
from domain.analytics.module import AnalyticsStores
from domain.bulk.module import BulkStores
from domain.identity.module import IdentityStores
from domain.impersonation.module import ImpersonationStores
from domain.knowledge.module import KnowledgeStores
from domain.monitoring.service import Host, Stores
from domain.privacy.module import PrivacyStores
from domain.security.module import SecurityStores
from domain.security.ports import ThrottleStore
from domain.shared.clock import Clock
from domain.shared.principal import Principal
from domain.tickets.module import TicketStores

from .assembly import Adapters, Platform, assemble
from .container import Container
from .module_settings import calendar, module_settings


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
    from adapters.orm.analytics.queries import DjangoAnalyticsQueries
    from adapters.orm.analytics.risk import DjangoRiskStore
    from adapters.orm.analytics.rollups import DjangoRollupStore
    from adapters.orm.audit.repository import DjangoAuditLog
    from adapters.orm.bulk.accounts import DjangoBulkAccounts
    from adapters.orm.bulk.repository import DjangoBulkOperations
    from adapters.orm.identity.repository import DjangoIdentityDirectory, DjangoTokenStore
    from adapters.orm.impersonation.repository import DjangoImpersonationPeople, DjangoImpersonationStore
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
    days, directory = calendar(), DjangoIdentityDirectory()
    security = SecurityStores(
        events=DjangoSecurityEventStore(),
        throttle=throttle_store(clock),
        directory=DjangoSecurityDirectory(),
        logins=DjangoLoginHistory(),
        passwords=DjangoPasswordHistory(),
        mfa=DjangoMfaStore(),
        mfa_resets=DjangoMfaResets(),
        box=FernetBox.from_settings(settings.MFA_ENCRYPTION_KEY, settings.SECRET_KEY),
        devices=UaParserDevices(),
        accounts=directory,
    )
    adapters = Adapters(
        platform=Platform(clock, publisher, notifier, tasks, uow),
        audit=DjangoAuditLog(),
        identity=IdentityStores(directory, DjangoTokenStore()),
        security=security,
        impersonation=ImpersonationStores(DjangoImpersonationStore(), DjangoImpersonationPeople()),
        step_up=MfaStepUp,
        accounts=AccountsStores(DjangoProfileRepository(), DjangoProfileQueries(), DjangoIngestionStore()),
        knowledge=KnowledgeStores(DjangoArticleRepository(), DjangoArticleSearch()),
        tickets=TicketStores(DjangoTicketRepository(), DjangoTicketQueries(), DjangoAgentDirectory()),
        bulk=BulkStores(
            DjangoBulkOperations(), DjangoBulkAccounts(), LocalBulkFiles(settings.BULK_FILES_DIR), SleepPause()
        ),
        analytics=AnalyticsStores(
            DjangoRollupStore(days, settings.ANALYTICS_STALE_SECONDS),
            DjangoAnalyticsQueries(days),
            DjangoRiskStore(days),
        ),
        monitoring=django_monitoring_stores(),
        host=django_host(clock),
        privacy=django_privacy_stores(settings.PRIVACY_FILES_DIR, settings.BULK_FILES_DIR),
    )
    return assemble(
        adapters,
        module_settings(),
        Container,
        health_checks=health_checks(clock),
        relay_outbox=relay.deliver,
        purge_outbox=relay.purge,
        seeder=DjangoSeeder(),
    )


def django_monitoring_stores() -> Stores:
    from adapters.orm.monitoring.errors import DjangoErrorStore
    from adapters.orm.monitoring.queries import DjangoMonitoringQueries
    from adapters.orm.monitoring.state import DjangoAlertStore, DjangoPulseStore, DjangoRouteStats
    from adapters.orm.monitoring.telemetry import DjangoTelemetryStore

    return Stores(
        DjangoTelemetryStore(),
        DjangoErrorStore(),
        DjangoMonitoringQueries(),
        DjangoRouteStats(),
        DjangoAlertStore(),
        DjangoPulseStore(),
    )


def django_privacy_stores(files_dir: Path, bulk_files_dir: Path) -> PrivacyStores:
    from adapters.orm.privacy.anonymiser import DjangoAnonymiser
    from adapters.orm.privacy.repository import (
        DjangoConsents,
        DjangoLegalHolds,
        DjangoPrivacyRequests,
        DjangoRetentionRuns,
    )
    from adapters.orm.privacy.retention import DjangoRetention, Files
    from adapters.orm.privacy.world import DjangoPersonalData, DjangoSubjects

    files, bulk_files = LocalPrivacyFiles(files_dir), LocalBulkFiles(bulk_files_dir)
    retention = DjangoRetention(Files(bulk_files, files))
    own = (DjangoConsents(), DjangoPrivacyRequests(), DjangoLegalHolds(), DjangoRetentionRuns())
    return PrivacyStores(
        *own, DjangoSubjects(), DjangoPersonalData(), DjangoAnonymiser(bulk_files), retention, retention, files
    )


def django_host(clock: Clock) -> Host:
    """Staff addresses from the identity tables, ua-parser, Huey's pulse timer, psutil's probe."""
    from adapters.orm.monitoring.state import DjangoStaffDirectory
    from adapters.telemetry import HostProbe, HueyPulseTimer, UaParserUserAgents

    return Host(DjangoStaffDirectory(), UaParserUserAgents(), HueyPulseTimer(), HostProbe(clock))


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
