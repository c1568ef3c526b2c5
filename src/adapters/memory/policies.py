"""Run-time policies' fakes: the store in a dict, the domain's defaults, a copy never older than two seconds."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from domain.policies.module import PolicyStores
from domain.policies.ports import StoredGroup
from domain.privacy.model import DEFAULT_RETENTION_DAYS

DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "password": {"min_length": 15, "min_length_with_mfa": 8, "history": 5},
    "mfa": {"required_roles": []},
    "login_protection": {"free_failures": 5, "account_max_failures": 100, "ip_accounts": 10},
    "approvals": {"bulk_threshold": 1000, "impersonation_minutes_without_approval": 60},
    "retention": {c.value: d for c, d in DEFAULT_RETENTION_DAYS.items()},
    "network": {"overall": [], "by_role": {}},
}


class InMemoryPolicyStore:
    def __init__(self) -> None:
        self.groups: dict[str, StoredGroup] = {}

    def all(self) -> dict[str, StoredGroup]:
        return dict(self.groups)

    def put(self, group: str, values: Mapping[str, Any], expected: int, by: str, at: datetime) -> StoredGroup | None:
        found = self.groups.get(group)
        if (found.version if found is not None else 0) != expected:
            return None
        self.groups[group] = StoredGroup(group, dict(values), expected + 1, by, at)
        return self.groups[group]


def policies_fakes(harness: Any) -> PolicyStores:
    """The harness's (entrypoints.modules names this)."""
    return PolicyStores(InMemoryPolicyStore(), lambda: DEFAULTS, timedelta(seconds=2))
