"""Staff network allowlists as a policy: which addresses each staff role may work from. Learners are never
restricted. Plain Python (`ipaddress`): the policy's source is a port, so where it is kept can change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from domain.shared.permissions import STAFF_ROLES, Role
from domain.shared.principal import Principal

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
OVERALL = "overall"  # the name of the list every staff role falls back to


def parse_networks(values: Iterable[str], where: str = OVERALL) -> tuple[Network, ...]:
    """CIDR blocks, IPv4 or IPv6 (a bare address is its own /32 or /128). A block with host bits set
    (10.0.0.1/8) is refused: it is almost always a typo, and silently widening it would open the door."""
    networks = []
    for raw in values:
        text = raw.strip()
        if not text:
            continue
        try:
            networks.append(ip_network(text, strict=True))
        except ValueError as exc:
            raise ValueError(f"{where}: {text!r} is not a CIDR block ({exc})") from None
    return tuple(networks)


def parse_address(raw: str | None) -> Address | None:
    """An address as a request carries it; an IPv4-mapped IPv6 address (::ffff:192.0.2.1) is its IPv4 one."""
    if not raw:
        return None
    try:
        address = ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def network_of(raw: str | None) -> str:
    """The network an address belongs to for rate limits: its /24 (IPv4) or /64 (IPv6)."""
    address = parse_address(raw)
    if address is None:
        return "unknown"
    prefix = 24 if address.version == 4 else 64
    return str(ip_network(f"{address}/{prefix}", strict=False))


def is_staff(principal: Principal) -> bool:
    return principal.is_superuser or any(r in STAFF_ROLES for r in principal.roles)


@dataclass(frozen=True)
class NetworkPolicy:
    """`overall`: the networks every staff member may work from; `by_role`: a role's own list, which replaces the
    overall one for that role. A person with several roles must be inside the list of each. An empty list means
    no restriction. Service accounts (platform services) are machines: only their own role list restricts them."""

    overall: tuple[Network, ...] = ()
    by_role: Mapping[Role, tuple[Network, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, overall: Iterable[str], by_role: Mapping[str, Iterable[str]]) -> NetworkPolicy:
        """From text, validated: a ValueError names the bad role or block."""
        roles: dict[Role, tuple[Network, ...]] = {}
        staff = {r.value for r in STAFF_ROLES}
        for name, values in by_role.items():
            if name not in staff:
                raise ValueError(f"{name!r} is not a staff role (one of {', '.join(sorted(staff))})")
            if isinstance(values, str):
                raise ValueError(f"{name}: give a list of CIDR blocks, not one string")
            roles[Role(name)] = parse_networks(values, name)
        return cls(parse_networks(overall), roles)

    @property
    def restricts(self) -> bool:
        return bool(self.overall) or any(self.by_role.values())

    def lists_for(self, principal: Principal) -> dict[str, tuple[Network, ...]]:
        """The non-empty lists a person must be inside, by name (a role, or `overall`)."""
        if not is_staff(principal):
            return {}
        lists: dict[str, tuple[Network, ...]] = {}
        staff_roles = [r for r in principal.roles if r in STAFF_ROLES]
        for role in staff_roles:
            own = self.by_role.get(role, ())
            chosen = own or (() if role is Role.SERVICE else self.overall)
            if chosen:
                lists[role.value if own else OVERALL] = chosen
        if not staff_roles and self.overall:  # a superuser without a role
            lists[OVERALL] = self.overall
        return lists

    def refusing_list(self, principal: Principal, ip: str | None) -> str | None:
        """The name of the first list the address is outside of, or None when the person may work from it. An
        address that cannot be read is outside every list."""
        address = parse_address(ip)
        for name, networks in self.lists_for(principal).items():
            if address is None or not any(address in n for n in networks):
                return name
        return None
