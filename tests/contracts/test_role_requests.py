"""The RoleRequests port, on the in-memory fake and on the Django adapter (SQLite, and PostgreSQL in its pass):
storing a pending grant, finding a person's pending one, storing the decision, newest-first pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.identity_staff import InMemoryRoleRequests
from domain.identity.ports import IdentityDirectory, RoleRequests
from domain.identity.staff import NewRoleRequest, RoleRequestStatus
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class World:
    requests: RoleRequests
    directory: IdentityDirectory

    def staff(self, name: str) -> int:
        return self.directory.create_staff(name, f"{name}@example.com", "correct horse battery", Role.UX_MANAGER).id

    def ask(self, user_id: int, by: int, role: Role = Role.SUPPORT_ADMIN) -> int:
        new = NewRoleRequest(user_id, role, ("ux_manager",), "Leads the team now", by, AT, AT + timedelta(hours=24))
        return self.requests.add(new).id


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    if request.param == "memory":
        return World(InMemoryRoleRequests(), InMemoryIdentityDirectory())
    from adapters.orm.identity.repository import DjangoIdentityDirectory
    from adapters.orm.identity.staff import DjangoRoleRequests

    return World(DjangoRoleRequests(), DjangoIdentityDirectory())


def test_a_request_is_stored_pending_and_read_back(world: World) -> None:
    ux, admin = world.staff("ux"), world.staff("admin")
    request_id = world.ask(ux, admin)
    found = world.requests.get(request_id)
    assert found is not None
    assert (found.user_id, found.role, found.previous, found.reason) == (
        ux,
        Role.SUPPORT_ADMIN,
        ("ux_manager",),
        "Leads the team now",
    )
    assert (found.requested_by, found.requested_at, found.expires_at) == (admin, AT, AT + timedelta(hours=24))
    assert found.status is RoleRequestStatus.PENDING and found.decided_by is None and found.decided_at is None
    pending = world.requests.pending_for(ux)
    assert pending is not None and pending.id == request_id
    assert world.requests.get(999_999) is None and world.requests.pending_for(admin) is None


def test_a_decision_is_stored(world: World) -> None:
    ux, admin, other = world.staff("ux"), world.staff("admin"), world.staff("other")
    request = world.requests.get(world.ask(ux, admin))
    assert request is not None
    request.decide(True, other, AT + timedelta(minutes=5))
    assert world.requests.save_decision(request)
    stored = world.requests.get(request.id)
    assert stored is not None and stored.status is RoleRequestStatus.APPROVED
    assert (stored.decided_by, stored.decided_at) == (other, AT + timedelta(minutes=5))
    assert world.requests.pending_for(ux) is None


def test_of_two_answers_read_while_pending_only_the_first_is_stored(world: World) -> None:
    ux, admin, one, two = world.staff("ux"), world.staff("admin"), world.staff("one"), world.staff("two")
    request_id = world.ask(ux, admin)
    first, second = world.requests.get(request_id), world.requests.get(request_id)
    assert first is not None and second is not None
    first.decide(True, one, AT)
    second.decide(False, two, AT)
    assert world.requests.save_decision(first) and not world.requests.save_decision(second)
    stored = world.requests.get(request_id)
    assert stored is not None and (stored.status, stored.decided_by) == (RoleRequestStatus.APPROVED, one)


def test_pages_are_newest_first_filtered_by_status(world: World) -> None:
    admin = world.staff("admin")
    made = [world.ask(world.staff(f"ux{i}"), admin) for i in range(3)]
    decided = world.requests.get(made[0])
    assert decided is not None
    decided.decide(False, admin, AT)
    assert world.requests.save_decision(decided)
    first = world.requests.page(None, PageRequest(limit=2))
    rest = world.requests.page(None, PageRequest(limit=2, cursor=first.next_cursor))
    assert [r.id for r in [*first.items, *rest.items]] == made[::-1] and rest.next_cursor is None
    assert [r.id for r in world.requests.page(RoleRequestStatus.PENDING, PageRequest()).items] == made[:0:-1]
    assert [r.id for r in world.requests.page(RoleRequestStatus.REJECTED, PageRequest()).items] == [made[0]]
    with pytest.raises(InvalidInput):
        world.requests.page(None, PageRequest(cursor="bm90LWEtY3Vyc29y"))
