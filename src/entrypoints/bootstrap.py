"""The composition root: the real adapters (Django ORM, Huey, e-mail, the event stream, Redis) and each module's
settings read from Django's, handed to the one wiring (entrypoints.assembly); the in-memory harness is
entrypoints.harness."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import timedelta
from functools import cache

from adapters.bulk_files import LocalBulkFiles
from adapters.bulk_sheets import ReadLimits
from adapters.crypto import FernetBox
from adapters.passwords import password_rules
from domain.accounts.module import AccountsStores
from domain.analytics.days import Calendar
from domain.analytics.module import AnalyticsSettings, AnalyticsStores
from domain.analytics.service import AnswerCache
from domain.audit.model import Keyring
from domain.bulk.module import BulkStores
from domain.bulk.runner import BulkSettings
from domain.identity.module import IdentitySettings, IdentityStores
from domain.identity.sessions import SessionPolicy
from domain.impersonation.module import ImpersonationSettings, ImpersonationStores
from domain.knowledge.module import KnowledgeStores
from domain.monitoring.detection import Thresholds
from domain.monitoring.service import MonitoringSettings
from domain.notifications.routing import NotificationRouting
from domain.privacy.jobs import JobSettings
from domain.privacy.model import DEFAULT_RETENTION_DAYS, ConsentSettings, DataClass
from domain.privacy.module import PrivacySettings
from domain.privacy.requests import RequestSettings
from domain.privacy.retention import RetentionSettings
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy
from domain.security.mfa import MfaPolicy
from domain.security.module import SecuritySettings
from domain.security.ports import ThrottleStore
from domain.security.reset_throttle import ResetLimits
from domain.shared.clock import Clock
from domain.shared.permissions import parse_roles
from domain.shared.principal import Principal
from domain.tickets.module import TicketSettings, TicketStores

from .assembly import Adapters, Platform, Settings, assemble
from .container import Container
from .runtime_policies import (
    runtime_bulk_threshold,
    runtime_login,
    runtime_mfa,
    runtime_mfa_roles,
    runtime_passwords,
    runtime_retention,
    runtime_unapproved_minutes,
)


def build_container(clock: Clock | None = None) -> Container:
    """Real adapters; a test may pass a FixedClock to drive time on the real database."""
    from django.conf import settings

    from adapters.clock import SleepPause, SystemClock
    from adapters.email.notifier import DjangoEmailNotifier
    from adapters.eventstream.publisher import EventstreamPublisher
    from adapters.health import health_checks
    from adapters.huey.queue import HueyTaskQueue
    from adapters.notify.channels import channel_notifier
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
    from adapters.orm.identity.staff import DjangoRoleRequests, DjangoStaffDirectory
    from adapters.orm.impersonation.repository import DjangoImpersonationPeople, DjangoImpersonationStore
    from adapters.orm.knowledge.queries import DjangoArticleSearch
    from adapters.orm.knowledge.repository import DjangoArticleRepository
    from adapters.orm.monitoring.stores import host, monitoring_stores
    from adapters.orm.notifications.stores import DjangoPreferences
    from adapters.orm.outbox.relay import OutboxRelay
    from adapters.orm.outbox.uow import DjangoUnitOfWork
    from adapters.orm.privacy.stores import privacy_stores
    from adapters.orm.security.stores import security_stores
    from adapters.orm.tickets.queries import DjangoTicketQueries
    from adapters.orm.tickets.repository import DjangoAgentDirectory, DjangoTicketRepository
    from adapters.replicas.reads import on_replicas
    from adapters.step_up import MfaStepUp

    clock = clock or SystemClock()
    publisher, tasks = EventstreamPublisher(), HueyTaskQueue()
    notifier = channel_notifier(settings, DjangoEmailNotifier())  # e-mail, SMS and Slack-compatible webhooks
    relay = OutboxRelay(publisher, notifier, clock, settings.OUTBOX_MAX_ATTEMPTS)
    uow = DjangoUnitOfWork(relay, tasks, clock, route=NotificationRouting(DjangoPreferences()))
    days, directory = calendar(), DjangoIdentityDirectory()
    box = FernetBox.from_settings(settings.MFA_ENCRYPTION_KEY, settings.SECRET_KEY)
    adapters = Adapters(
        platform=Platform(clock, publisher, notifier, tasks, uow),
        audit=DjangoAuditLog(),
        identity=IdentityStores(directory, DjangoTokenStore(), DjangoStaffDirectory(), DjangoRoleRequests()),
        security=security_stores(throttle_store(clock), box, directory),
        impersonation=ImpersonationStores(DjangoImpersonationStore(), DjangoImpersonationPeople()),
        step_up=MfaStepUp,
        accounts=AccountsStores(DjangoProfileRepository(), on_replicas(DjangoProfileQueries()), DjangoIngestionStore()),
        knowledge=KnowledgeStores(DjangoArticleRepository(), DjangoArticleSearch()),
        tickets=TicketStores(DjangoTicketRepository(), DjangoTicketQueries(), DjangoAgentDirectory()),
        bulk=BulkStores(
            DjangoBulkOperations(),
            DjangoBulkAccounts(),
            LocalBulkFiles(settings.BULK_FILES_DIR, read_limits()),
            SleepPause(),
        ),
        analytics=AnalyticsStores(
            DjangoRollupStore(days, settings.ANALYTICS_STALE_SECONDS),
            on_replicas(DjangoAnalyticsQueries(days)),
            DjangoRiskStore(days),
        ),
        monitoring=monitoring_stores(),
        host=host(clock),
        privacy=privacy_stores(settings.PRIVACY_FILES_DIR, settings.BULK_FILES_DIR),
    )
    built: list[Container] = []  # the password rules ask its run-time policies at each use
    c = assemble(
        adapters,
        module_settings(lambda: built[0]),
        Container,
        lambda module, c: module.django(c),
        health_checks=health_checks(clock),
        relay_outbox=relay.deliver,
        purge_outbox=relay.purge,
        seeder=DjangoSeeder(),
    )
    built.append(c)
    return c


def module_settings(built: Callable[[], Container] | None = None) -> Settings:
    """`built`: the container once built, whose run-time policies (domain.policies) the password rules, the roles
    that must use MFA, login protection's thresholds and bulk's approval threshold then follow."""
    from django.conf import settings as s

    static, blocklist = password_rules()
    login = LoginPolicy(account_max_failures=s.LOGIN_ACCOUNT_MAX_FAILURES)
    mfa = MfaPolicy(required_roles=parse_roles(s.MFA_REQUIRED_ROLES), issuer=s.MFA_ISSUER)
    passwords = runtime_passwords(static, built) if built is not None else static
    live_login = runtime_login(login, built) if built is not None else login
    live_mfa = runtime_mfa(mfa, built) if built is not None else mfa
    mfa_roles = runtime_mfa_roles(built) if built is not None else mfa.required_roles
    threshold = runtime_bulk_threshold(built) if built is not None else s.BULK_APPROVAL_THRESHOLD
    unapproved = runtime_unapproved_minutes(built) if built is not None else s.IMPERSONATION_MINUTES_WITHOUT_APPROVAL
    return Settings(
        keyring=Keyring(s.AUDIT_CHAIN_KEY_ID, s.AUDIT_CHAIN_KEYS),
        identity=IdentitySettings(
            blocklist, SessionPolicy(idle=s.SESSION_IDLE, absolute=s.SESSION_ABSOLUTE), passwords
        ),
        security=SecuritySettings(
            blocklist,
            passwords,
            login=live_login,
            detection=DetectionPolicy(mass_access_profiles=s.MASS_ACCESS_PROFILES),
            mfa=live_mfa,
            alert_emails=tuple(s.SECURITY_ALERT_EMAILS),
            unblock_url=s.LOGIN_UNBLOCK_URL,
            reset_url=s.PASSWORD_RESET_URL,
            reset_limits=ResetLimits(
                s.PASSWORD_RESET_MAX_PER_ADDRESS, s.PASSWORD_RESET_MAX_PER_NETWORK, s.PASSWORD_RESET_WINDOW
            ),
        ),
        bulk=BulkSettings(
            batch_size=s.BULK_BATCH_SIZE,
            approval_threshold=threshold,
            max_rows=s.BULK_MAX_ROWS,
            notify_per_minute=s.BULK_NOTIFY_PER_MINUTE,
            export_ttl=s.BULK_EXPORT_TTL,
        ),
        # step-up is the MFA service's: a current TOTP code, used up, with its replay refusal and stepped delays
        impersonation=ImpersonationSettings(
            mfa_roles, notify_user=s.IMPERSONATION_NOTIFY_USER, unapproved_minutes=unapproved
        ),
        tickets=TicketSettings(s.SUPPORT_SLA_POLICY),
        analytics=AnalyticsSettings(calendar(), AnswerCache(s.ANALYTICS_CACHE_SECONDS)),
        monitoring=MonitoringSettings(
            tuple(s.MONITORING_ALERT_EMAILS),
            s.MONITORING_REPLAY_DAYS,
            Thresholds(users=s.MONITORING_ALERT_USERS, users_minutes=s.MONITORING_ALERT_USERS_MINUTES),
        ),
        privacy=privacy_settings(built),
    )


def read_limits() -> ReadLimits:
    """What reading one import file may cost (adapters.bulk_sheets)."""
    from django.conf import settings

    return ReadLimits(
        max_rows=settings.BULK_MAX_ROWS,
        max_cells=settings.BULK_MAX_ROWS * 10,
        max_expanded_bytes=int(settings.BULK_MAX_EXPANDED_MB * 1024 * 1024),
        max_seconds=settings.BULK_MAX_READ_SECONDS,
    )


def calendar() -> Calendar:
    from django.conf import settings

    return Calendar(settings.ANALYTICS_TIMEZONE)


def privacy_settings(built: Callable[[], Container] | None = None) -> PrivacySettings:
    """PRIVACY_*: the consent types and versions, the export link's lifetime, the cool-off, retention periods (those
    of the run-time `retention` policy once `built` is given)."""
    from django.conf import settings

    versions = dict(_pairs(settings.PRIVACY_CONSENT_TYPES))
    days = dict(DEFAULT_RETENTION_DAYS)
    days.update({DataClass(k): int(v) for k, v in _pairs(settings.PRIVACY_RETENTION_DAYS)})
    requests = RequestSettings(
        timedelta(days=settings.PRIVACY_EXPORT_TTL_DAYS), timedelta(days=settings.PRIVACY_ERASURE_COOLOFF_DAYS)
    )
    return PrivacySettings(
        ConsentSettings(versions),
        requests,
        JobSettings(public_url=settings.PRIVACY_PUBLIC_URL),
        RetentionSettings(runtime_retention(built) if built is not None else days),
    )


def _pairs(text: str) -> list[tuple[str, str]]:
    """ "a=1,b=2" as pairs; a malformed entry stops the start-up."""
    found = []
    for item in (i.strip() for i in text.split(",") if i.strip()):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"expected name=value, got {item!r}")
        found.append((key.strip(), value.strip()))
    return found


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


def connect_admin_audit() -> None:
    """The audited ModelAdmins of Django's admin site record through the container's trail (the CLI app's
    ready()); until this runs they refuse their pages."""
    from adapters.orm.audited_admin import connect

    connect(lambda: container().admin_audit)


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
