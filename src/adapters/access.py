"""Access limits on Django: the staff network policy read from settings, marks kept in the throttle store's table
(so an exemption survives restarts and every process sees it), the staff lookup over the user table."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from adapters.marks import ThrottleMarks
from adapters.orm.identity.repository import DjangoIdentityDirectory
from adapters.orm.security.repository import DjangoThrottleStore
from domain.access.model import NetworkPolicy
from domain.access.module import AccessStores
from domain.access.ports import StaffMember
from domain.policies.reader import PolicyReader


class SettingsNetworkPolicy:
    """STAFF_ALLOWED_NETWORKS (every staff role) and STAFF_ALLOWED_NETWORKS_BY_ROLE (a role's own list), read on
    each call (parsed once per value), so overriding the settings takes effect at once."""

    def __init__(self) -> None:
        self._parsed: tuple[Any, NetworkPolicy] | None = None

    def current(self) -> NetworkPolicy:
        raw = (tuple(settings.STAFF_ALLOWED_NETWORKS), repr(settings.STAFF_ALLOWED_NETWORKS_BY_ROLE))
        if self._parsed is None or self._parsed[0] != raw:
            policy = NetworkPolicy.parse(settings.STAFF_ALLOWED_NETWORKS, settings.STAFF_ALLOWED_NETWORKS_BY_ROLE)
            self._parsed = (raw, policy)
        return self._parsed[1]


class RuntimeNetworkPolicy:
    """The run-time `network` policy (domain.policies: STAFF_ALLOWED_NETWORKS(_BY_ROLE) unless a platform admin
    changed it through the API), parsed once per value."""

    def __init__(self, reader: PolicyReader) -> None:
        self.reader = reader
        self._parsed: tuple[Any, NetworkPolicy] | None = None

    def current(self) -> NetworkPolicy:
        values = self.reader.current("network")
        raw = repr(values)
        if self._parsed is None or self._parsed[0] != raw:
            self._parsed = (raw, NetworkPolicy.parse(values["overall"], values["by_role"]))
        return self._parsed[1]


class DjangoStaffLookup:
    def by_username(self, username: str) -> StaffMember | None:
        pk = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
        return self.by_id(pk) if pk is not None else None

    def by_id(self, user_id: int) -> StaffMember | None:
        found = DjangoIdentityDirectory().get(user_id)
        if found is None:
            return None
        return StaffMember(found.id, found.username, found.roles, found.is_active, found.is_superuser)


def access_stores(c: Any, policies: PolicyReader | None = None) -> AccessStores:
    """Access limits' Django stores (entrypoints.modules names this); `c`: the container built so far;
    `policies`: the run-time policies, whose `network` group is then the allowlists (else Django's settings)."""
    network = RuntimeNetworkPolicy(policies) if policies is not None else SettingsNetworkPolicy()
    return AccessStores(network, ThrottleMarks(DjangoThrottleStore(c.clock)), DjangoStaffLookup())
