"""The run-time policies (domain.policies, built as an entry of entrypoints.modules) lent to the modules wired by
hand before it: they are given a source that asks the built container's policies at each use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from domain.identity.password_policy import PasswordPolicy, PolicySource
from domain.privacy.model import DataClass
from domain.security.login import LoginPolicy
from domain.security.mfa import MfaPolicy
from domain.shared.permissions import Role, parse_roles

from .modules import POLICIES

if TYPE_CHECKING:
    from .container import Container


def runtime_passwords(static: PasswordPolicy, built: Callable[[], Container]) -> PolicySource:
    """The `password` group in force over the static policy's other rules (the maximum length, the part size)."""

    def current() -> PasswordPolicy:
        values = _values(built, "password")
        return replace(
            static,
            min_length=values["min_length"],
            min_length_with_mfa=values["min_length_with_mfa"],
            history=values["history"],
        )

    return current


def _values(built: Callable[[], Container], group: str) -> dict[str, Any]:
    return built()[POLICIES].reader.current(group)


def runtime_mfa_roles(built: Callable[[], Container]) -> Callable[[], frozenset[Role]]:
    """The roles that must use MFA now (the `mfa` group)."""
    return lambda: parse_roles(_values(built, "mfa")["required_roles"])


def runtime_mfa(static: MfaPolicy, built: Callable[[], Container]) -> Callable[[], MfaPolicy]:
    roles = runtime_mfa_roles(built)
    return lambda: replace(static, required_roles=roles())


def runtime_login(static: LoginPolicy, built: Callable[[], Container]) -> Callable[[], LoginPolicy]:
    """The `login_protection` group over the static policy's delays and windows."""

    def current() -> LoginPolicy:
        values = _values(built, "login_protection")
        return replace(
            static,
            free_failures=values["free_failures"],
            account_max_failures=values["account_max_failures"],
            ip_accounts=values["ip_accounts"],
        )

    return current


def runtime_bulk_threshold(built: Callable[[], Container]) -> Callable[[], int]:
    """People a bulk operation may touch before a second admin approves (the `approvals` group)."""
    return lambda: int(_values(built, "approvals")["bulk_threshold"])


def runtime_unapproved_minutes(built: Callable[[], Container]) -> Callable[[], int]:
    """The longest impersonation that starts without a second admin (the `approvals` group)."""
    return lambda: int(_values(built, "approvals")["impersonation_minutes_without_approval"])


def runtime_retention(built: Callable[[], Container]) -> Callable[[], dict[DataClass, int]]:
    """Days each data class is kept (the `retention` group)."""
    return lambda: {DataClass(k): int(v) for k, v in _values(built, "retention").items()}
