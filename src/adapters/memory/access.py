"""Access limits' fakes: a policy a test sets, marks in the in-memory throttle store, the staff lookup over the
harness's identity directory."""

from __future__ import annotations

from typing import Any

from adapters.marks import ThrottleMarks
from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.security import InMemoryThrottleStore
from domain.access.model import NetworkPolicy
from domain.access.module import AccessStores
from domain.access.ports import StaffMember


class StaticNetworkPolicy:
    def __init__(self, policy: NetworkPolicy | None = None) -> None:
        self.policy = policy or NetworkPolicy()

    def current(self) -> NetworkPolicy:
        return self.policy


class InMemoryStaffLookup:
    def __init__(self, directory: InMemoryIdentityDirectory) -> None:
        self.directory = directory

    def by_username(self, username: str) -> StaffMember | None:
        for i in self.directory.identities.values():
            if i.username == username:
                return self.by_id(i.id)
        return None

    def by_id(self, user_id: int) -> StaffMember | None:
        i = self.directory.get(user_id)
        return StaffMember(i.id, i.username, i.roles, i.is_active, i.is_superuser) if i is not None else None


def access_fakes(harness: Any) -> AccessStores:
    """Access limits' fakes for the harness (entrypoints.modules names this)."""
    marks = ThrottleMarks(InMemoryThrottleStore(harness.clock))
    return AccessStores(StaticNetworkPolicy(), marks, InMemoryStaffLookup(harness.directory))
