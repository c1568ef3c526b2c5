"""The one composition root: every service wired to the real adapters (Django ORM, Huey, e-mail, the event
stream); the in-memory harness is entrypoints.harness."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from adapters.bulk_files import LocalBulkFiles
from adapters.crypto import FernetBox
from adapters.passwords import password_rules
from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.service import AccountsService
from domain.analytics.days import Calendar
from domain.analytics.service import AnalyticsService, AnswerCache
from domain.audit.model import Keyring
from domain.audit.sealing import AuditSealer
from domain.audit.service import AuditService
from domain.audit.verify import AuditVerifier
from domain.bulk.runner import BulkSettings
from domain.identity.service import AuthService, StaffService
from domain.identity.session_service import SessionService
from domain.identity.sessions import SessionPolicy
from domain.impersonation.module import Impersonations, RevokerEndingImpersonations
from domain.impersonation.ports import StepUp
from domain.knowledge.service import KnowledgeService
from domain.privacy.module import ConsentExclusions, ConsentRecording, Privacy, PrivacySeams
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy
from domain.security.mfa import MfaPolicy
from domain.security.mfa_recovery import MfaRecovery
from domain.security.mfa_service import MfaService
from domain.security.passwords import PasswordService
from domain.security.ports import ThrottleStore
from domain.security.service import SecurityEvents
from domain.shared.clock import Clock
from domain.shared.permissions import parse_roles
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork
from domain.views.service import SavedViews

from .container import Container
from .modules import bulk_module, security_module, support_desk
from .monitoring_wiring import django_monitoring
from .privacy_wiring import django_privacy_stores, privacy_settings


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
    from adapters.orm.impersonation.repository import DjangoImpersonationStore
    from adapters.orm.knowledge.queries import DjangoArticleSearch
    from adapters.orm.knowledge.repository import DjangoArticleRepository
    from adapters.orm.monitoring.telemetry import DjangoTelemetryStore
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
        detector=detector,
        factors=mfa,
    )
    bulk, runner = bulk_module(
        DjangoBulkOperations(),
        DjangoBulkAccounts(),
        LocalBulkFiles(settings.BULK_FILES_DIR),
        auth,
        revoker,
        password_service,
        detector,
        audit,
        uow,
        clock,
        SleepPause(),
        bulk_settings(),
    )
    recording, exclusions = ConsentRecording(), ConsentExclusions()
    calendar = Calendar(settings.ANALYTICS_TIMEZONE)
    analytics = AnalyticsService(
        DjangoRollupStore(calendar, settings.ANALYTICS_STALE_SECONDS),
        DjangoAnalyticsQueries(calendar),
        DjangoRiskStore(calendar),
        exclusions,
        audit,
        uow,
        clock,
        calendar,
        AnswerCache(settings.ANALYTICS_CACHE_SECONDS),
    )
    seams = PrivacySeams(DjangoTelemetryStore(), revoker, mfa_store, detector, DjangoImpersonationStore(), analytics)
    privacy = Privacy.build(django_privacy_stores(settings), seams, audit, uow, clock, privacy_settings())
    recording.consents = exclusions.consents = privacy.consents
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
        ingestion=ActivityIngestion(DjangoIngestionStore(), audit, uow, clock, security, [analytics]),
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
        monitoring=django_monitoring(support, audit, uow, clock, recording),
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
        privacy=privacy,
        saved_views=saved_views(audit, uow, clock),
        analytics=analytics,
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
        DjangoImpersonationStore(),
        DjangoImpersonationPeople(),
        audit,
        security,
        uow,
        clock,
        step_up,
        mfa_required_roles=parse_roles(getattr(settings, "MFA_REQUIRED_ROLES", ())),
        notify_user=settings.IMPERSONATION_NOTIFY_USER,
    )


def saved_views(audit: AuditService, uow: UnitOfWork, clock: Clock) -> SavedViews:
    from adapters.orm.views.repository import DjangoSavedViews, DjangoTeams

    return SavedViews(DjangoSavedViews(), DjangoTeams(), audit, uow, clock)


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
