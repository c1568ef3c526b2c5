"""The staff network gate on the harness: a refusal is audited and raised as a security event once per person and
network per cooldown; break-glass admits a platform admin for a while, audited and critical, and ends by the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.access import StaticNetworkPolicy
from domain.access.gate import EVENT_COOLDOWN, InvalidBreakGlass, NetworkNotAllowed
from domain.access.model import NetworkPolicy
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal, RequestMeta
from entrypoints.harness import TestContainer
from entrypoints.modules import ACCESS

OFFICE, HOME = "10.1.2.3", "198.51.100.7"


@pytest.fixture
def limited(harness: TestContainer) -> TestContainer:
    policy = harness.fakes_of(ACCESS).policy
    assert isinstance(policy, StaticNetworkPolicy)
    policy.policy = NetworkPolicy.parse(["10.0.0.0/8"], {})
    return harness


def at(harness: TestContainer, username: str, role: Role, ip: str) -> Principal:
    found = next((i for i in harness.directory.identities.values() if i.username == username), None)
    identity = found or harness.directory.add(username, "pw", frozenset({role}))
    return Principal(identity.id, username, identity.roles, meta=RequestMeta(ip=ip, user_agent="ua"))


def refusals(harness: TestContainer) -> list[str]:
    return [e.record.details["ip"] for e in harness.audit_log.entries if e.record.action == "access.network_refused"]


def test_staff_inside_pass_and_learners_always_pass(limited: TestContainer) -> None:
    gate = limited[ACCESS].gate
    gate.admit(at(limited, "agent", Role.SUPPORT_AGENT, OFFICE))
    gate.admit(at(limited, "learner", Role.LEARNER, HOME))
    assert refusals(limited) == [] and limited.security_events.events == []


def test_a_refusal_is_audited_every_time_and_raised_once_per_cooldown(limited: TestContainer) -> None:
    gate, agent = limited[ACCESS].gate, at(limited, "agent", Role.SUPPORT_AGENT, HOME)
    for _ in range(3):
        with pytest.raises(NetworkNotAllowed) as refused:
            gate.admit(agent)
    assert refused.value.code == "network_not_allowed" and refused.value.details == {"network_list": "overall"}
    assert refusals(limited) == [HOME] * 3
    events = limited.security_events.events
    assert [(e.event_type, e.user_id, e.ip) for e in events] == [("network_not_allowed", agent.user_id, HOME)]
    with pytest.raises(NetworkNotAllowed):  # another network: its own event
        gate.admit(at(limited, "agent", Role.SUPPORT_AGENT, "203.0.113.1"))
    limited.clock.advance(EVENT_COOLDOWN)
    with pytest.raises(NetworkNotAllowed):
        gate.admit(agent)
    assert len(limited.security_events.events) == 3


def test_under_impersonation_the_staff_member_behind_it_is_held_to_their_lists(limited: TestContainer) -> None:
    gate, agent = limited[ACCESS].gate, at(limited, "agent", Role.SUPPORT_AGENT, HOME)
    learner = at(limited, "learner", Role.LEARNER, HOME)
    acting = Principal(learner.user_id, "learner", learner.roles, impersonator_id=agent.user_id, meta=agent.meta)
    with pytest.raises(NetworkNotAllowed):
        gate.admit(acting)
    entry = next(e for e in limited.audit_log.entries if e.record.action == "access.network_refused")
    assert entry.record.target_id == str(agent.user_id)
    assert [e.user_id for e in limited.security_events.events] == [agent.user_id]
    gate.admit(
        Principal(learner.user_id, "learner", learner.roles, impersonator_id=agent.user_id, meta=RequestMeta(ip=OFFICE))
    )


def test_break_glass_admits_a_platform_admin_until_it_ends(limited: TestContainer) -> None:
    gate, admin = limited[ACCESS].gate, at(limited, "root", Role.PLATFORM_ADMIN, HOME)
    with pytest.raises(NetworkNotAllowed):
        gate.admit(admin)
    grant = gate.break_glass(SYSTEM, "root", 30, "VPN concentrator is down, incident 42")
    assert grant.user_id == admin.user_id
    gate.admit(admin)
    entry = next(e for e in limited.audit_log.entries if e.record.action == "access.break_glass")
    assert entry.record.target_id == str(admin.user_id)
    assert entry.record.details["minutes"] == 30 and "incident 42" in entry.record.details["reason"]
    critical = [e for e in limited.security_events.events if e.event_type == "break_glass"]
    assert [e.severity.value for e in critical] == ["critical"]
    limited.clock.advance(timedelta(minutes=29, seconds=59))
    gate.admit(admin)
    limited.clock.advance(timedelta(seconds=1))
    with pytest.raises(NetworkNotAllowed):
        gate.admit(admin)


@pytest.mark.parametrize(
    ("username", "minutes", "reason"),
    [
        ("agent", 30, "locked out of the console"),  # not a platform admin
        ("nobody", 30, "locked out of the console"),
        ("root", 0, "locked out of the console"),
        ("root", 241, "locked out of the console"),
        ("root", 30, "because"),  # too short a reason
    ],
)
def test_break_glass_is_refused_outside_its_limits(
    limited: TestContainer, username: str, minutes: int, reason: str
) -> None:
    at(limited, "root", Role.PLATFORM_ADMIN, HOME)
    at(limited, "agent", Role.SUPPORT_AGENT, HOME)
    with pytest.raises(InvalidBreakGlass):
        limited[ACCESS].gate.break_glass(SYSTEM, username, minutes, reason)
    assert not [e for e in limited.audit_log.entries if e.record.action == "access.break_glass"]


def test_break_glass_is_refused_for_a_deactivated_admin(limited: TestContainer) -> None:
    admin = at(limited, "root", Role.PLATFORM_ADMIN, HOME)
    limited.directory.set_active(admin.user_id, False)
    with pytest.raises(InvalidBreakGlass):
        limited[ACCESS].gate.break_glass(SYSTEM, "root", 30, "locked out of the console")
