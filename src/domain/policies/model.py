"""Run-time policies: groups of values platform admins change through the API, each validated field by field. The
values in force are the stored override merged over the defaults (the environment's settings). Plain Python."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from ipaddress import ip_network
from typing import Any

from domain.shared.permissions import STAFF_ROLES, Role

Values = Mapping[str, Any]


def _int(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return f"a whole number from {low} to {high}"
        return None

    return check


def _networks(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) > 200:
        return "a list of at most 200 CIDR blocks"
    for item in value:
        if not isinstance(item, str) or item != item.strip():
            return "each block is a string without surrounding spaces"
        try:
            ip_network(item, strict=True)
        except ValueError:
            return f"{item[:60]!r} is not a CIDR block (host bits must be zero)"
    return None


def _networks_by_role(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "an object of staff role to a list of CIDR blocks"
    staff = {r.value for r in STAFF_ROLES}
    for role, blocks in value.items():
        if role not in staff:
            return f"{str(role)[:40]!r} is not a staff role (one of {', '.join(sorted(staff))})"
        problem = _networks(blocks)
        if problem:
            return f"{role}: {problem}"
    return None


def _roles(value: Any) -> str | None:
    known = {r.value for r in Role}
    if not isinstance(value, list) or not all(isinstance(r, str) and r in known for r in value):
        return f"a list of roles (each one of {', '.join(sorted(known))})"
    return None


@dataclass(frozen=True)
class Group:
    """A group's fields and how each is checked; `cross` checks fields against each other."""

    name: str
    fields: Mapping[str, Callable[[Any], str | None]]
    cross: Callable[[Values], dict[str, str]] = lambda v: {}

    def problems(self, values: Values) -> dict[str, str]:
        """Per field, what is wrong (empty when valid); the whole group is sent, unknown fields are refused."""
        found = {k: "not a field of this group" for k in values if k not in self.fields}
        for name, check in self.fields.items():
            if name not in values:
                found[name] = "required"
            else:
                problem = check(values[name])
                if problem:
                    found[name] = problem
        return found or self.cross(values)


def _password_cross(v: Values) -> dict[str, str]:
    if v["min_length_with_mfa"] > v["min_length"]:
        return {"min_length_with_mfa": "at most min_length"}
    return {}


PASSWORD = Group(
    "password",
    {"min_length": _int(8, 128), "min_length_with_mfa": _int(8, 128), "history": _int(0, 24)},
    _password_cross,
)
NETWORK = Group("network", {"overall": _networks, "by_role": _networks_by_role})
MFA = Group("mfa", {"required_roles": _roles})
LOGIN_PROTECTION = Group(
    "login_protection",
    {"free_failures": _int(1, 50), "account_max_failures": _int(5, 100_000), "ip_accounts": _int(2, 1000)},
)
APPROVALS = Group(
    "approvals",
    {
        "bulk_threshold": _int(1, 1_000_000),  # people a bulk operation may touch without a second admin
        "impersonation_minutes_without_approval": _int(1, 60),  # a longer impersonation waits for a second admin
    },
)
RETENTION_CLASSES = (  # privacy's data classes (domain.privacy.model.DataClass; a test holds them equal)
    "activity",
    "closed_tickets",
    "security_events",
    "expired_sessions",
    "delivered_outbox",
    "bulk_operations",
    "privacy_exports",
    "session_recordings",
)
RETENTION = Group("retention", {name: _int(0, 3650) for name in RETENTION_CLASSES})
GROUPS: dict[str, Group] = {g.name: g for g in (PASSWORD, MFA, LOGIN_PROTECTION, APPROVALS, RETENTION, NETWORK)}
# more failures allowed, more people without approval, personal data kept longer
LOOSER_WHEN_HIGHER = {LOGIN_PROTECTION.name, APPROVALS.name, RETENTION.name}


def _wider(old: list[str], new: list[str]) -> bool:
    """Whether `new` lets in an address `old` did not (an empty list restricts nothing)."""
    if not old:
        return False
    if not new:
        return True
    olds = [ip_network(o) for o in old]
    return any(not any(n.version == o.version and n.subnet_of(o) for o in olds) for n in map(ip_network, new))  # type: ignore[arg-type]


def weakens(group: str, before: Values, after: Values) -> bool:
    """Whether the change lowers security: shorter passwords, less history, fewer roles that must use MFA, higher
    login or approval thresholds, data kept longer, wider networks."""
    if group in LOOSER_WHEN_HIGHER:
        return any(after[k] > before[k] for k in before)
    if group == MFA.name:
        return bool(set(before["required_roles"]) - set(after["required_roles"]))
    if group == PASSWORD.name:
        return any(after[k] < before[k] for k in ("min_length", "min_length_with_mfa", "history"))
    if group == NETWORK.name:
        if _wider(list(before["overall"]), list(after["overall"])):
            return True
        roles = set(before["by_role"]) | set(after["by_role"])
        return any(_wider(list(before["by_role"].get(r, [])), list(after["by_role"].get(r, []))) for r in roles)
    return False
