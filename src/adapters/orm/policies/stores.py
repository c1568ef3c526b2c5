"""Run-time policies on Django (entrypoints.modules names `policies_stores`): the table, the defaults read from
Django's settings on every read (the domain's own defaults where no setting names one), and POLICIES_MAX_AGE_SECONDS."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings

from domain.identity.password_policy import PasswordPolicy
from domain.policies.module import PolicyStores
from domain.privacy.model import DEFAULT_RETENTION_DAYS
from domain.security.login import LoginPolicy

from .repository import DjangoPolicyStore


def retention_defaults() -> dict[str, int]:
    """DEFAULT_RETENTION_DAYS with PRIVACY_RETENTION_DAYS ("class=days,..."; checked at start-up) over it."""
    days = {c.value: d for c, d in DEFAULT_RETENTION_DAYS.items()}
    for pair in settings.PRIVACY_RETENTION_DAYS.split(","):
        name, _, value = pair.partition("=")
        if name.strip():
            days[name.strip()] = int(value)
    return days


def settings_defaults() -> Mapping[str, Mapping[str, Any]]:
    return {
        "password": {
            "min_length": settings.PASSWORD_MIN_LENGTH,
            "min_length_with_mfa": settings.PASSWORD_MIN_LENGTH_WITH_MFA,
            "history": PasswordPolicy.history,
        },
        "mfa": {"required_roles": list(settings.MFA_REQUIRED_ROLES)},
        "login_protection": {
            "free_failures": LoginPolicy.free_failures,
            "account_max_failures": settings.LOGIN_ACCOUNT_MAX_FAILURES,
            "ip_accounts": LoginPolicy.ip_accounts,
        },
        "approvals": {
            "bulk_threshold": settings.BULK_APPROVAL_THRESHOLD,
            "impersonation_minutes_without_approval": settings.IMPERSONATION_MINUTES_WITHOUT_APPROVAL,
        },
        "retention": retention_defaults(),
        "network": {
            "overall": list(settings.STAFF_ALLOWED_NETWORKS),
            "by_role": {k: list(v) for k, v in settings.STAFF_ALLOWED_NETWORKS_BY_ROLE.items()},
        },
    }


def policies_stores(container: Any) -> PolicyStores:
    return PolicyStores(DjangoPolicyStore(), settings_defaults, timedelta(seconds=settings.POLICIES_MAX_AGE_SECONDS))
