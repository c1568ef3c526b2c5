"""The staff network policy (CIDR, IPv4 and IPv6, overall and per role; learners never limited) and the client
address behind trusted proxies (a spoofed X-Forwarded-For from an untrusted peer changes nothing)."""

from __future__ import annotations

import pytest

from domain.access.addresses import client_address
from domain.access.model import NetworkPolicy, network_of, parse_networks
from domain.shared.permissions import Role
from domain.shared.principal import Principal


def person(*roles: Role, superuser: bool = False) -> Principal:
    return Principal(user_id=1, username="p", roles=frozenset(roles), is_superuser=superuser)


AGENT, ADMIN, LEARNER = person(Role.SUPPORT_AGENT), person(Role.PLATFORM_ADMIN), person(Role.LEARNER)
POLICY = NetworkPolicy.parse(
    ["10.0.0.0/8", "2001:db8::/32"], {"platform_admin": ["192.0.2.0/28", "2001:db8:aa::/48"], "service": []}
)


def test_no_lists_means_no_limit() -> None:
    assert not NetworkPolicy().restricts
    assert NetworkPolicy().refusing_list(ADMIN, "198.51.100.7") is None


@pytest.mark.parametrize("ip", ["10.1.2.3", "2001:db8:1::5", "::ffff:10.9.9.9"])
def test_overall_list_admits_staff_inside_it_v4_and_v6(ip: str) -> None:
    assert POLICY.refusing_list(AGENT, ip) is None


@pytest.mark.parametrize("ip", ["198.51.100.7", "2001:db9::1", "not-an-ip", None, ""])
def test_overall_list_refuses_staff_outside_it_or_unreadable(ip: str | None) -> None:
    assert POLICY.refusing_list(AGENT, ip) == "overall"


def test_a_role_list_replaces_the_overall_one() -> None:
    assert POLICY.refusing_list(ADMIN, "192.0.2.5") is None
    assert POLICY.refusing_list(ADMIN, "2001:db8:aa::1") is None
    assert POLICY.refusing_list(ADMIN, "10.1.2.3") == "platform_admin"  # inside overall, outside its own list
    assert POLICY.refusing_list(AGENT, "192.0.2.5") == "overall"


def test_a_person_with_several_roles_must_be_inside_each_list() -> None:
    both = person(Role.PLATFORM_ADMIN, Role.SUPPORT_AGENT)
    assert POLICY.refusing_list(both, "192.0.2.5") == "overall"
    narrow = NetworkPolicy.parse(["192.0.2.0/24"], {"platform_admin": ["192.0.2.0/28"]})
    assert narrow.refusing_list(both, "192.0.2.5") is None
    assert narrow.refusing_list(both, "192.0.2.100") == "platform_admin"


def test_learners_are_never_limited_and_superusers_are() -> None:
    assert POLICY.refusing_list(LEARNER, "198.51.100.7") is None
    assert POLICY.refusing_list(person(), "198.51.100.7") is None
    assert POLICY.refusing_list(person(superuser=True), "198.51.100.7") == "overall"


def test_service_accounts_are_limited_only_by_their_own_list() -> None:
    service = person(Role.SERVICE)
    assert POLICY.refusing_list(service, "198.51.100.7") is None
    own = NetworkPolicy.parse(["10.0.0.0/8"], {"service": ["10.9.0.0/24"]})
    assert own.refusing_list(service, "10.1.0.1") == "service"


@pytest.mark.parametrize(
    ("overall", "by_role", "says"),
    [
        (["10.0.0.1/8"], {}, "host bits"),
        (["10.0.0.0/33"], {}, "not a CIDR"),
        (["2001:db8::/129"], {}, "not a CIDR"),
        ([], {"learner": ["10.0.0.0/8"]}, "not a staff role"),
        ([], {"wizard": ["10.0.0.0/8"]}, "not a staff role"),
        ([], {"platform_admin": "10.0.0.0/8"}, "a list"),
    ],
)
def test_invalid_lists_are_refused_with_a_reason(overall: list[str], by_role: dict[str, object], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        NetworkPolicy.parse(overall, by_role)  # type: ignore[arg-type]


def test_networks_for_rate_limits() -> None:
    assert network_of("203.0.113.9") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2:3::1") == "2001:db8:1:2::/64"
    assert network_of("junk") == "unknown"


PROXIES = parse_networks(["10.0.0.0/24", "2001:db8:f::/48"])


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_address("198.51.100.7", "10.0.0.1, 192.0.2.1", PROXIES) == "198.51.100.7"
    assert client_address("198.51.100.7", "192.0.2.1", ()) == "198.51.100.7"


def test_a_chain_through_two_trusted_proxies_gives_the_client() -> None:
    # client 203.0.113.9 -> proxy 10.0.0.2 -> proxy 10.0.0.1 -> us; the client forged "192.0.2.1" in front
    assert client_address("10.0.0.1", "192.0.2.1, 203.0.113.9, 10.0.0.2", PROXIES) == "203.0.113.9"
    assert client_address("2001:db8:f::1", "2001:db8:1::9, 2001:db8:f::2", PROXIES) == "2001:db8:1::9"


def test_edge_cases_of_the_header() -> None:
    assert client_address("10.0.0.1", "", PROXIES) == "10.0.0.1"  # no header: the proxy itself
    assert client_address("10.0.0.1", "10.0.0.3, 10.0.0.2", PROXIES) == "10.0.0.3"  # all trusted: left-most
    assert client_address("10.0.0.1", "203.0.113.9, garbage", PROXIES) == "10.0.0.1"  # unreadable: stop there
