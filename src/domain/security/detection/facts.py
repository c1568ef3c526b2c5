"""What happened, as the detection rules read it: one frozen dataclass per kind of fact, each carrying its own time
(rules never read a clock), and the known state a rule compares a fact with.

Networks: a login's network is its /24 (IPv4) or /48 (IPv6; an IPv4-mapped IPv6 address counts as IPv4), and its
region, for "impossible travel", the /16 (IPv4) or /32 (IPv6: an ISP's usual allocation; a /16 of IPv6 is a
registry's, far too wide to say anything). A device is the user-agent family, browser and OS ("Mobile Safari/iOS"),
never the version: a browser update is not a new device."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


def network_of(ip: str | None) -> str | None:
    """The network a login comes from: "203.0.113.0/24", "2001:db8:1::/48"; None for no (or no valid) address."""
    return _prefix(ip, 24, 48)


def region_of(network: str | None) -> str | None:
    """The wider block a network lies in, for impossible travel: its /16 (IPv4) or /32 (IPv6)."""
    if network is None:
        return None
    return _prefix(network.split("/")[0], 16, 32)


def _prefix(ip: str | None, v4: int, v6: int) -> str | None:
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    bits = v4 if isinstance(address, ipaddress.IPv4Address) else v6
    return str(ipaddress.ip_network((address, bits), strict=False))


# -- facts ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoginSucceeded:
    user_id: int
    at: datetime
    ip: str | None
    user_agent: str
    device: str  # the user-agent family, "Mobile Safari/iOS" (the DeviceClassifier port's answer)

    @property
    def network(self) -> str | None:
        return network_of(self.ip)


@dataclass(frozen=True)
class LoginFailed:
    """A refused password. `account` is the login name's key (domain.security.login.account_key: attempted names are
    never kept in the clear); `user_id` is None when nobody holds the name."""

    account: str
    at: datetime
    ip: str | None
    user_id: int | None = None
    user_agent: str = ""


@dataclass(frozen=True)
class PasswordReset:
    """A password set with an e-mailed reset link (not an own change: the person knew the old one)."""

    user_id: int
    at: datetime


class MfaChange(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"
    RESET = "reset"  # an admin removed it for the person (lost device)


@dataclass(frozen=True)
class MfaChanged:
    user_id: int
    at: datetime
    change: MfaChange
    by: int | None  # who did it: the person, an admin (None: not known)
    ip: str | None = None
    user_agent: str = ""


@dataclass(frozen=True)
class RecoveryCodeUsed:
    user_id: int
    at: datetime
    ip: str | None
    remaining: int | None = None  # codes left after this one (None: not known)
    user_agent: str = ""


@dataclass(frozen=True)
class RoleChanged:
    """A person's roles or permissions changed. `before`/`after` name roles ("support_agent"), permissions
    ("accounts.change_userprofile") and the flags "superuser" and "staff"."""

    user_id: int
    at: datetime
    by: int | None  # the acting admin (None: not known, e.g. a shell)
    before: frozenset[str]
    after: frozenset[str]
    via: str = "admin"  # admin | staff_create | ...
    ip: str | None = None

    @property
    def granted(self) -> frozenset[str]:
        return self.after - self.before

    @property
    def revoked(self) -> frozenset[str]:
        return self.before - self.after


@dataclass(frozen=True)
class ProfilesRead:
    """A staff member read people's data (a profile, an activity page, a ticket's learner context, a timeline)."""

    actor_id: int
    at: datetime
    user_ids: tuple[int, ...]


@dataclass(frozen=True)
class PersonalDataExported:
    """Personal data left the system in a file: one person's (a subject access request) or many (a bulk export).
    `user_ids` may be a sample when `count` is large; `what` names the data ("profiles", "privacy_export")."""

    actor_id: int
    at: datetime
    count: int
    what: str
    user_ids: tuple[int, ...] = ()
    ip: str | None = None
    user_agent: str = ""


# -- known state ---------------------------------------------------------------------------------------------------
class MarkKind(StrEnum):
    DEVICE = "device"
    NETWORK = "network"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of mark, not a password)
    MFA_RESET = "mfa_reset"


@dataclass(frozen=True)
class Mark:
    """One thing remembered about a person: a device or network seen at a successful login, or a reset. Stored once
    per (person, kind, value): `first_seen` kept, `last_seen` moved to the latest time."""

    kind: MarkKind
    value: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Known:
    """What is remembered about a person within the known period (the LoginHistory port's one lookup)."""

    marks: tuple[Mark, ...] = field(default_factory=tuple)

    def of(self, kind: MarkKind) -> list[Mark]:
        return [m for m in self.marks if m.kind is kind]

    def has(self, kind: MarkKind, value: str) -> bool:
        return any(m.kind is kind and m.value == value for m in self.marks)

    @property
    def baseline(self) -> bool:
        """Nothing seen yet: the first login (or the first after the known period) sets the baseline."""
        return not any(m.kind in (MarkKind.DEVICE, MarkKind.NETWORK) for m in self.marks)
