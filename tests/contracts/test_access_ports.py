"""Access limits' ports, held by the in-memory fakes and the Django adapters to the same answers: the policy source
(settings), the marks (expiry by the clock, one claim wins), the staff lookup (exact username, roles, active)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings

from adapters.access import DjangoStaffLookup, SettingsNetworkPolicy
from adapters.marks import ThrottleMarks
from adapters.memory.access import InMemoryStaffLookup, StaticNetworkPolicy
from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.security import InMemoryThrottleStore
from adapters.orm.identity.roles import muted
from adapters.orm.security.repository import DjangoThrottleStore
from domain.access.model import NetworkPolicy
from domain.access.ports import Marks, NetworkPolicySource, StaffLookup
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
OVERALL, BY_ROLE = ["10.0.0.0/8", "2001:db8::/32"], {"platform_admin": ["192.0.2.0/28"]}


pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def policy(kind: str) -> Iterator[NetworkPolicySource]:
    if kind == "memory":
        yield StaticNetworkPolicy(NetworkPolicy.parse(OVERALL, BY_ROLE))
        return
    with override_settings(STAFF_ALLOWED_NETWORKS=OVERALL, STAFF_ALLOWED_NETWORKS_BY_ROLE=BY_ROLE):
        yield SettingsNetworkPolicy()


@pytest.fixture
def marks(kind: str, clock: FixedClock) -> Marks:
    return ThrottleMarks(InMemoryThrottleStore(clock) if kind == "memory" else DjangoThrottleStore(clock))


@pytest.fixture
def people(kind: str) -> StaffLookup:
    if kind == "memory":
        directory = InMemoryIdentityDirectory()
        directory.add("root", "pw", frozenset({Role.PLATFORM_ADMIN}))
        directory.add("gone", "pw", frozenset({Role.PLATFORM_ADMIN}), is_active=False)
        directory.add("learner", "pw")
        return InMemoryStaffLookup(directory)
    with muted():
        for name, active, role in [("root", True, Role.PLATFORM_ADMIN), ("gone", False, Role.PLATFORM_ADMIN)]:
            user = User.objects.create_user(name, f"{name}@example.com", "pw", is_active=active, is_staff=True)
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        User.objects.create_user("learner", "learner@example.com", "pw")
    return DjangoStaffLookup()


def test_the_policy_source_gives_the_policy_it_holds(policy: NetworkPolicySource) -> None:
    current = policy.current()
    assert current == NetworkPolicy.parse(OVERALL, BY_ROLE)
    assert policy.current() == current


def test_marks_live_until_they_expire(marks: Marks, clock: FixedClock) -> None:
    assert marks.live("a") is None
    marks.put("a", "x", T0 + timedelta(minutes=5))
    assert marks.live("a") == "x"
    marks.put("a", "y", T0 + timedelta(minutes=10))
    clock.advance(minutes=9)
    assert marks.live("a") == "y"
    clock.advance(minutes=1)
    assert marks.live("a") is None


def test_a_claim_wins_once_until_it_expires(marks: Marks, clock: FixedClock) -> None:
    until = T0 + timedelta(minutes=15)
    assert marks.claim("c", "1", until) is True
    assert marks.claim("c", "1", T0 + timedelta(hours=2)) is False
    clock.advance(minutes=14)
    assert marks.claim("c", "1", until) is False  # the first claim's expiry held
    clock.advance(minutes=1)
    assert marks.claim("c", "1", T0 + timedelta(minutes=30)) is True


def test_the_staff_lookup_finds_exact_usernames(people: StaffLookup) -> None:
    root = people.by_username("root")
    assert root is not None and root.roles == frozenset({Role.PLATFORM_ADMIN}) and root.is_active
    gone = people.by_username("gone")
    assert gone is not None and not gone.is_active
    learner = people.by_username("learner")
    assert learner is not None and not (learner.roles - {Role.LEARNER})
    assert people.by_username("ROOT") is None and people.by_username("nobody") is None
    assert people.by_id(root.user_id) == root
    assert people.by_id(root.user_id + 1000) is None
