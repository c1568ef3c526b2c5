"""The security module's stores on Django (the composition root calls `security_stores`)."""

from __future__ import annotations

from adapters.user_agents import UaParserDevices
from domain.security.module import SecurityStores
from domain.security.ports import PasswordAccounts, SecretBox, ThrottleStore

from .mfa import DjangoMfaResets, DjangoMfaStore
from .repository import DjangoLoginHistory, DjangoPasswordHistory, DjangoSecurityDirectory, DjangoSecurityEventStore


def security_stores(throttle: ThrottleStore, box: SecretBox, accounts: PasswordAccounts) -> SecurityStores:
    """`throttle`: the database's, or Redis with the database as fallback; `accounts`: identity's directory."""
    return SecurityStores(
        events=DjangoSecurityEventStore(),
        throttle=throttle,
        directory=DjangoSecurityDirectory(),
        logins=DjangoLoginHistory(),
        passwords=DjangoPasswordHistory(),
        mfa=DjangoMfaStore(),
        mfa_resets=DjangoMfaResets(),
        box=box,
        devices=UaParserDevices(),
        accounts=accounts,
    )
