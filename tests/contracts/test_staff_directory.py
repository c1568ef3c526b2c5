"""The StaffDirectory port, on the in-memory fake and on the Django adapter (SQLite, and PostgreSQL in its pass):
who is staff, filters and keyset pages, changing the one staff role, deactivating, and the last sign-in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.identity_staff import InMemoryStaffDirectory
from domain.identity.ports import IdentityDirectory, StaffDirectory
from domain.identity.staff import StaffFilter, StaffStatus
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
PASSWORD = "correct horse battery"
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class World:
    staff: StaffDirectory
    directory: IdentityDirectory
    learner: Callable[[str], int]
    superuser: Callable[[str], int]

    def add(self, name: str, role: Role) -> int:
        return self.directory.create_staff(name, f"{name}@example.com", PASSWORD, role).id


def memory_world() -> World:
    directory = InMemoryIdentityDirectory()

    def learner(name: str) -> int:
        return directory.add(name, PASSWORD, frozenset({Role.LEARNER}), email=f"{name}@example.com").id

    def superuser(name: str) -> int:
        return directory.add(name, PASSWORD, email=f"{name}@example.com", is_superuser=True).id

    return World(InMemoryStaffDirectory(directory), directory, learner, superuser)


def django_world() -> World:
    from django.contrib.auth.models import User

    from adapters.orm.identity.repository import DjangoIdentityDirectory
    from adapters.orm.identity.roles import muted
    from adapters.orm.identity.staff import DjangoStaffDirectory

    def learner(name: str) -> int:
        return User.objects.create_user(name, f"{name}@example.com", PASSWORD).pk

    def superuser(name: str) -> int:
        with muted():
            return User.objects.create_superuser(name, f"{name}@example.com", PASSWORD).pk

    return World(DjangoStaffDirectory(), DjangoIdentityDirectory(), learner, superuser)


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    return memory_world() if request.param == "memory" else django_world()


def ids(world: World, criteria: StaffFilter = StaffFilter(), limit: int = 50) -> list[int]:
    return [r.id for r in world.staff.page(criteria, PageRequest(limit=limit)).items]


def test_staff_are_listed_by_id_and_learners_never(world: World) -> None:
    agent, learner, root = world.add("agent", Role.SUPPORT_AGENT), world.learner("lea"), world.superuser("root")
    assert ids(world) == [agent, root]
    assert world.staff.record(learner) is None and world.staff.record(999_999) is None
    record = world.staff.record(agent)
    assert record is not None
    assert (record.username, record.email, record.roles) == ("agent", "agent@example.com", {Role.SUPPORT_AGENT})
    assert record.status is StaffStatus.ACTIVE and record.last_sign_in is None and not record.is_superuser
    top = world.staff.record(root)
    assert top is not None and top.is_superuser and top.roles == frozenset()


def test_filters_combine(world: World) -> None:
    agent, ux = world.add("agent_kim", Role.SUPPORT_AGENT), world.add("ux_rea", Role.UX_MANAGER)
    other = world.add("agent_ola", Role.SUPPORT_AGENT)
    world.staff.set_active(other, False)
    assert ids(world, StaffFilter(role=Role.SUPPORT_AGENT)) == [agent, other]
    assert ids(world, StaffFilter(status=StaffStatus.DEACTIVATED)) == [other]
    assert ids(world, StaffFilter(role=Role.SUPPORT_AGENT, status=StaffStatus.ACTIVE)) == [agent]
    assert ids(world, StaffFilter(q="REA")) == [ux]
    assert ids(world, StaffFilter(q="agent_ola@EXAMPLE")) == [other]


def test_pages_follow_the_cursor_and_refuse_a_foreign_one(world: World) -> None:
    made = [world.add(f"agent{i}", Role.SUPPORT_AGENT) for i in range(5)]
    first = world.staff.page(StaffFilter(), PageRequest(limit=2))
    second = world.staff.page(StaffFilter(), PageRequest(limit=2, cursor=first.next_cursor))
    third = world.staff.page(StaffFilter(), PageRequest(limit=2, cursor=second.next_cursor))
    assert [r.id for r in [*first.items, *second.items, *third.items]] == made and third.next_cursor is None
    with pytest.raises(InvalidInput) as refused:
        world.staff.page(StaffFilter(), PageRequest(cursor="bm90LWEtY3Vyc29y"))
    assert refused.value.code == "invalid_cursor"


def test_set_role_leaves_one_staff_role(world: World) -> None:
    agent = world.add("agent", Role.SUPPORT_AGENT)
    world.staff.set_role(agent, Role.SUPPORT_ADMIN)
    record = world.staff.record(agent)
    assert record is not None and record.roles == {Role.SUPPORT_ADMIN}
    identity = world.directory.get(agent)
    assert identity is not None and identity.roles == {Role.SUPPORT_ADMIN}


def test_deactivated_staff_cannot_authenticate_until_reactivated(world: World) -> None:
    agent = world.add("agent", Role.SUPPORT_AGENT)
    world.staff.set_active(agent, False)
    record = world.staff.record(agent)
    assert record is not None and record.status is StaffStatus.DEACTIVATED
    assert world.directory.authenticate("agent", PASSWORD) is None
    world.staff.set_active(agent, True)
    assert world.directory.authenticate("agent", PASSWORD) is not None


def test_the_last_sign_in_is_remembered(world: World) -> None:
    agent = world.add("agent", Role.SUPPORT_AGENT)
    world.staff.signed_in(agent, AT)
    record = world.staff.record(agent)
    assert record is not None and record.last_sign_in == AT
