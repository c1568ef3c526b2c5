"""Each module's settings, read from Django's (part of the composition root: bootstrap.py calls `module_settings`)."""

from __future__ import annotations

from datetime import timedelta

from adapters.passwords import password_rules
from domain.analytics.days import Calendar
from domain.analytics.module import AnalyticsSettings
from domain.analytics.service import AnswerCache
from domain.audit.model import Keyring
from domain.bulk.runner import BulkSettings
from domain.identity.module import IdentitySettings
from domain.identity.sessions import SessionPolicy
from domain.impersonation.module import ImpersonationSettings
from domain.monitoring.detection import Thresholds
from domain.monitoring.service import MonitoringSettings
from domain.privacy.jobs import JobSettings
from domain.privacy.model import DEFAULT_RETENTION_DAYS, ConsentSettings, DataClass
from domain.privacy.module import PrivacySettings
from domain.privacy.requests import RequestSettings
from domain.privacy.retention import RetentionSettings
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy
from domain.security.mfa import MfaPolicy
from domain.security.module import SecuritySettings
from domain.shared.permissions import parse_roles
from domain.tickets.module import TicketSettings

from .assembly import Settings


def module_settings() -> Settings:
    from django.conf import settings as s

    passwords, blocklist = password_rules()
    mfa_roles = parse_roles(s.MFA_REQUIRED_ROLES)
    return Settings(
        keyring=Keyring(s.AUDIT_CHAIN_KEY_ID, s.AUDIT_CHAIN_KEYS),
        identity=IdentitySettings(
            blocklist, SessionPolicy(idle=s.SESSION_IDLE, absolute=s.SESSION_ABSOLUTE), passwords
        ),
        security=SecuritySettings(
            blocklist,
            passwords,
            login=LoginPolicy(account_max_failures=s.LOGIN_ACCOUNT_MAX_FAILURES),
            detection=DetectionPolicy(mass_access_profiles=s.MASS_ACCESS_PROFILES),
            mfa=MfaPolicy(required_roles=mfa_roles, issuer=s.MFA_ISSUER),
            alert_emails=tuple(s.SECURITY_ALERT_EMAILS),
            unblock_url=s.LOGIN_UNBLOCK_URL,
            reset_url=s.PASSWORD_RESET_URL,
        ),
        bulk=BulkSettings(
            batch_size=s.BULK_BATCH_SIZE,
            approval_threshold=s.BULK_APPROVAL_THRESHOLD,
            max_rows=s.BULK_MAX_ROWS,
            notify_per_minute=s.BULK_NOTIFY_PER_MINUTE,
            export_ttl=s.BULK_EXPORT_TTL,
        ),
        # step-up is the MFA service's: a current TOTP code, used up, with its replay refusal and stepped delays
        impersonation=ImpersonationSettings(mfa_roles, notify_user=s.IMPERSONATION_NOTIFY_USER),
        tickets=TicketSettings(s.SUPPORT_SLA_POLICY),
        analytics=AnalyticsSettings(calendar(), AnswerCache(s.ANALYTICS_CACHE_SECONDS)),
        monitoring=MonitoringSettings(
            tuple(s.MONITORING_ALERT_EMAILS),
            s.MONITORING_REPLAY_DAYS,
            Thresholds(users=s.MONITORING_ALERT_USERS, users_minutes=s.MONITORING_ALERT_USERS_MINUTES),
        ),
        privacy=privacy_settings(),
    )


def calendar() -> Calendar:
    from django.conf import settings

    return Calendar(settings.ANALYTICS_TIMEZONE)


def privacy_settings() -> PrivacySettings:
    """PRIVACY_*: the consent types and versions, the export link's lifetime, the cool-off, retention periods."""
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
        RetentionSettings(days),
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
