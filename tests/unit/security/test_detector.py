"""The Detector on the harness: fed by login, password reset, staff creation and the audited reads, and the seams
for MFA and personal-data exports that other branches call."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from adapters.memory.accounts import Person
from domain.accounts.queries import ActivityFilter
from domain.security.detection.detector import SWEEP_LAG
from domain.security.detection.facts import MarkKind, MfaChange
from domain.shared.errors import NotAuthenticated
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal, RequestMeta
from entrypoints.harness import TestContainer

from .conftest import SUPPORT_ADMIN

PASSWORD = "alice's long password"
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
HOME, CAFE, ABROAD = "198.51.100.10", "198.51.100.77", "203.0.113.20"


@pytest.fixture
def alice(harness: TestContainer, staff: dict[str, int]) -> int:
    return harness.directory.add("alice", PASSWORD, email="alice@example.com").id


def log_in(harness: TestContainer, ip: str = HOME, ua: str = LAPTOP) -> None:
    harness.auth.login("alice", PASSWORD, RequestMeta(ip=ip, user_agent=ua))


def rules(harness: TestContainer, user_id: int) -> list[tuple[str, str]]:
    return [(e.rule, e.severity.value) for e in harness.security_events.of_user(user_id)]


def test_the_first_login_is_the_baseline_and_a_new_phone_is_medium(harness: TestContainer, alice: int) -> None:
    log_in(harness)
    harness.clock.advance(hours=3)
    log_in(harness, CAFE)  # the same /24
    assert rules(harness, alice) == []
    harness.clock.advance(days=2)
    log_in(harness, HOME, IPHONE)
    (event,) = harness.security_events.of_user(alice)
    assert (event.rule, event.severity, event.facts["new_device"]) == (
        "new_device_or_network",
        "medium",
        "Mobile Safari/iOS",
    )
    assert event.user_agent == IPHONE and event.ip == HOME
    assert {m.kind for m in harness.login_history.known(alice, harness.clock.now()).marks} == {
        MarkKind.DEVICE,
        MarkKind.NETWORK,
    }


def test_a_login_from_abroad_minutes_later_is_impossible_travel_and_alerts(harness: TestContainer, alice: int) -> None:
    log_in(harness)
    harness.clock.advance(minutes=4)
    log_in(harness, ABROAD)
    assert sorted(rules(harness, alice)) == [("impossible_travel", "high"), ("new_device_or_network", "medium")]
    assert any("impossible_travel" in n.subject for n in harness.notifier.sent)


def test_a_new_device_after_a_password_reset_is_high(harness: TestContainer, alice: int) -> None:
    log_in(harness)
    harness.clock.advance(days=1)
    harness.passwords.request_reset("alice", RequestMeta(ip=ABROAD))
    url = next(line for line in harness.notifier.sent[-1].body.splitlines() if line.startswith("https://"))
    harness.passwords.confirm_reset(
        parse_qs(urlparse(url).query)["token"][0], "a brand new long passphrase", RequestMeta()
    )
    harness.clock.advance(hours=2)
    harness.auth.login("alice", "a brand new long passphrase", RequestMeta(ip=ABROAD, user_agent=IPHONE))
    (event,) = [e for e in harness.security_events.of_user(alice) if e.rule == "new_device_or_network"]
    assert event.severity == "high" and event.facts["after"]["kind"] == "password_reset"


def test_the_login_is_the_detectors_unit_of_work(harness: TestContainer, alice: int) -> None:
    """A failed login remembers nothing; a successful one remembers its device and network."""
    with pytest.raises(NotAuthenticated):
        harness.auth.login("alice", "wrong password here", RequestMeta(ip=HOME, user_agent=LAPTOP))
    assert harness.login_history.known(alice, harness.clock.now() - timedelta(days=1)).marks == ()
    log_in(harness)
    assert len(harness.login_history.known(alice, harness.clock.now()).marks) == 2


def test_creating_staff_raises_a_role_change_by_the_acting_admin(harness: TestContainer, staff: dict[str, int]) -> None:
    admin = Principal(staff["padmin"], "padmin", frozenset({Role.PLATFORM_ADMIN}), meta=RequestMeta(ip=HOME))
    made = harness.staff.create_staff(admin, "newbie", "n@example.com", "long enough pass", Role.SUPPORT_AGENT)
    (event,) = harness.security_events.of_user(made.id)
    assert (event.rule, event.severity, event.ip) == ("role_or_permission_change", "high", HOME)
    assert event.facts == {
        "granted": ["staff", "support_agent"],
        "revoked": [],
        "by": admin.user_id,
        "via": "staff_create",
    }
    root = harness.staff.create_staff(SYSTEM, "root2", "", "long enough pass", Role.PLATFORM_ADMIN)
    assert harness.security_events.of_user(root.id)[0].severity == "critical"


def test_mfa_and_recovery_code_seams(harness: TestContainer, alice: int) -> None:
    log_in(harness)
    with harness.uow:
        assert harness.detector.mfa_changed(alice, MfaChange.ENABLED, None) == []
        (reset,) = harness.detector.mfa_changed(alice, MfaChange.RESET, SUPPORT_ADMIN)
        code = harness.detector.recovery_code_used(alice, 0, RequestMeta(ip=ABROAD))
        harness.uow.commit()
    assert (reset.rule, reset.event_type, reset.facts["by"]) == (
        "mfa_disabled_or_reset",
        "mfa_reset",
        SUPPORT_ADMIN.user_id,
    )
    assert (code.rule, code.severity) == ("recovery_code_used", "critical")
    harness.clock.advance(hours=23)
    log_in(harness, HOME, IPHONE)
    assert harness.security_events.of_user(alice)[-1].severity == "high"  # a new device within 24 h of the reset


def test_the_export_seam_raises_about_the_exporter(harness: TestContainer, staff: dict[str, int]) -> None:
    officer = Principal(staff["compliance"], "compliance", frozenset({Role.COMPLIANCE_OFFICER}))
    with harness.uow:
        one = harness.detector.personal_data_exported(officer, [42], "privacy_export")
        bulk = harness.detector.personal_data_exported(officer, range(20), "profiles", count=12_000)
        harness.uow.commit()
    assert (one.severity, one.user_id, one.facts["count"]) == ("medium", officer.user_id, 1)
    assert (bulk.severity, bulk.facts["count"], bulk.facts["what"]) == ("high", 12_000, "profiles")


def test_mass_access_is_swept_from_the_audited_reads(harness: TestContainer, staff: dict[str, int]) -> None:
    agent = Principal(staff["agent"], "agent", frozenset({Role.SUPPORT_AGENT}))
    people = [harness.people.add(Person(f"p{i}", f"p{i}@example.com")).user_id for i in range(201)]
    assert harness.detector.sweep_mass_access() == 0  # the first sweep sets its checkpoint
    for uid in people[:200]:
        harness.accounts.detail(agent, uid)
        harness.clock.advance(seconds=1)
    harness.clock.advance(SWEEP_LAG)
    assert harness.detector.sweep_mass_access() == 0  # 200 people: not more than the threshold
    harness.accounts.activity(agent, people[200], ActivityFilter(), PageRequest())  # another audited read
    harness.clock.advance(SWEEP_LAG + timedelta(seconds=1))
    assert harness.detector.sweep_mass_access() == 1
    (event,) = harness.security_events.of_user(agent.user_id)
    assert (event.rule, event.severity, event.facts["profiles"]) == ("mass_access", "high", 201)
    harness.clock.advance(minutes=1)
    assert harness.detector.sweep_mass_access() == 0  # evaluated once
