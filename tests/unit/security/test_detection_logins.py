"""The login rules, pure: each positive and negative, with the edges the issue names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.security.detection.facts import Known, LoginSucceeded, Mark, MarkKind, network_of, region_of
from domain.security.detection.logins import assess_login, impossible_travel, login_marks, new_device_or_network
from domain.security.detection.policy import DetectionPolicy

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = DetectionPolicy()
HOME, PHONE = "Chrome/Windows", "Mobile Safari/iOS"


def login(ip: str | None = "198.51.100.10", device: str = HOME, at: datetime = T0) -> LoginSucceeded:
    return LoginSucceeded(7, at, ip, "ua", device)


def seen(*logins: LoginSucceeded, resets: tuple[tuple[MarkKind, datetime], ...] = ()) -> Known:
    marks: dict[tuple[MarkKind, str], Mark] = {}
    for fact in logins:
        for m in login_marks(fact):
            old = marks.get((m.kind, m.value))
            marks[(m.kind, m.value)] = Mark(m.kind, m.value, old.first_seen if old else m.first_seen, m.last_seen)
    reset_marks = tuple(Mark(kind, "", at, at) for kind, at in resets)
    return Known(tuple(marks.values()) + reset_marks)


def test_networks_are_a_24_or_a_48_and_regions_a_16_or_a_32() -> None:
    assert network_of("198.51.100.10") == "198.51.100.0/24"
    assert network_of("::ffff:198.51.100.10") == "198.51.100.0/24"
    assert network_of("2001:db8:1:2::7") == "2001:db8:1::/48"
    assert network_of("not an ip") is None and network_of(None) is None
    assert region_of("198.51.100.0/24") == "198.51.0.0/16"
    assert region_of("2001:db8:1::/48") == "2001:db8::/32"


def test_the_first_login_is_the_baseline() -> None:
    assert new_device_or_network(login(), Known(), POLICY) is None
    assert assess_login(login(), Known(), POLICY) == []


def test_a_known_device_and_network_raise_nothing() -> None:
    assert new_device_or_network(login(at=T0 + timedelta(days=3)), seen(login()), POLICY) is None


def test_a_new_device_is_medium_and_names_the_family() -> None:
    event = new_device_or_network(login(device=PHONE, at=T0 + timedelta(hours=5)), seen(login()), POLICY)
    assert event is not None and (event.severity, event.rule) == ("medium", "new_device_or_network")
    assert event.facts["new_device"] == PHONE and event.facts["new_network"] is None


def test_a_new_ipv4_network_is_a_new_24() -> None:
    later = T0 + timedelta(hours=5)
    assert new_device_or_network(login("198.51.100.99", at=later), seen(login()), POLICY) is None  # same /24
    event = new_device_or_network(login("198.51.101.10", at=later), seen(login()), POLICY)
    assert event is not None and event.facts["new_network"] == "198.51.101.0/24"


def test_a_new_ipv6_network_is_a_new_48() -> None:
    known, later = seen(login("2001:db8:1:2::7")), T0 + timedelta(hours=5)
    assert new_device_or_network(login("2001:db8:1:ffff::1", at=later), known, POLICY) is None  # same /48
    event = new_device_or_network(login("2001:db8:2::1", at=later), known, POLICY)
    assert event is not None and event.facts["new_network"] == "2001:db8:2::/48"


def test_devices_are_known_for_90_days_after_they_were_last_seen() -> None:
    known = seen(login())
    assert new_device_or_network(login(at=T0 + timedelta(days=90)), known, POLICY) is None
    # past the period nothing is known any more: a new baseline, not an alert
    assert new_device_or_network(login(device=PHONE, at=T0 + timedelta(days=90, seconds=1)), known, POLICY) is None
    other = seen(login(), login("203.0.113.5", at=T0 + timedelta(days=60)))
    event = new_device_or_network(login(at=T0 + timedelta(days=91)), other, POLICY)  # HOME forgotten, CAFE known
    assert event is not None and event.facts["new_network"] == "198.51.100.0/24"


@pytest.mark.parametrize("kind", [MarkKind.PASSWORD_RESET, MarkKind.MFA_RESET])
def test_a_new_device_within_24_hours_of_a_reset_is_high(kind: MarkKind) -> None:
    reset_at = T0 + timedelta(days=1)
    known = seen(login(), resets=((kind, reset_at),))
    at_edge = new_device_or_network(login(device=PHONE, at=reset_at + timedelta(hours=24)), known, POLICY)
    assert at_edge is not None and at_edge.severity == "high"
    assert at_edge.facts["after"] == {"kind": kind.value, "at": reset_at.isoformat()}
    past = new_device_or_network(login(device=PHONE, at=reset_at + timedelta(hours=24, seconds=1)), known, POLICY)
    assert past is not None and past.severity == "medium" and "after" not in past.facts


def test_a_reset_followed_by_the_usual_device_raises_nothing() -> None:
    reset_at = T0 + timedelta(days=1)
    known = seen(login(), resets=((MarkKind.PASSWORD_RESET, reset_at),))
    assert assess_login(login(at=reset_at + timedelta(minutes=5)), known, POLICY) == []


def test_a_reset_with_nothing_known_is_still_the_baseline() -> None:
    known = seen(resets=((MarkKind.PASSWORD_RESET, T0),))
    assert new_device_or_network(login(device=PHONE, at=T0 + timedelta(minutes=5)), known, POLICY) is None


def test_impossible_travel_is_another_16_within_10_minutes() -> None:
    known = seen(login("198.51.100.10"))
    edge = impossible_travel(login("203.0.113.7", at=T0 + timedelta(minutes=10)), known, POLICY)
    assert edge is not None and (edge.severity, edge.rule) == ("high", "impossible_travel")
    assert edge.facts["previous_region"] == "198.51.0.0/16" and edge.facts["region"] == "203.0.0.0/16"
    assert edge.facts["seconds_apart"] == 600
    assert impossible_travel(login("203.0.113.7", at=T0 + timedelta(minutes=10, seconds=1)), known, POLICY) is None


def test_another_network_in_the_same_16_is_not_travel() -> None:
    known = seen(login("198.51.100.10"))
    assert impossible_travel(login("198.51.7.1", at=T0 + timedelta(minutes=2)), known, POLICY) is None


def test_moving_between_two_known_networks_or_regions_is_not_travel() -> None:
    known = seen(login("198.51.100.10", at=T0 - timedelta(days=2)), login("203.0.113.7", at=T0))
    assert impossible_travel(login("198.51.100.10", at=T0 + timedelta(minutes=3)), known, POLICY) is None
    # the phone's carrier hands out another /24 of a /16 the person is known in: a new network, not travel
    assert impossible_travel(login("198.51.7.7", at=T0 + timedelta(minutes=3)), known, POLICY) is None


def test_ipv6_regions_are_32s_and_a_dual_stack_client_alerts_only_on_a_family_never_seen() -> None:
    known = seen(login("2001:db8:1::1"))
    assert impossible_travel(login("2001:db8:9::1", at=T0 + timedelta(minutes=1)), known, POLICY) is None
    event = impossible_travel(login("2001:db9::1", at=T0 + timedelta(minutes=1)), known, POLICY)
    assert event is not None and event.facts["region"] == "2001:db9::/32"
    assert impossible_travel(login("203.0.113.7", at=T0 + timedelta(minutes=1)), known, POLICY) is not None
    both = seen(login("203.0.113.7", at=T0 - timedelta(days=1)), login("2001:db8:1::1"))
    assert impossible_travel(login("203.0.113.7", at=T0 + timedelta(minutes=1)), both, POLICY) is None


def test_no_address_is_no_network_and_no_travel() -> None:
    known = seen(login())
    assert assess_login(login(ip=None, at=T0 + timedelta(minutes=1)), known, POLICY) == []
    event = new_device_or_network(login(ip=None, device=PHONE, at=T0 + timedelta(minutes=1)), known, POLICY)
    assert event is not None and event.facts["new_network"] is None
