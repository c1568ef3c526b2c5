"""ImpersonationStore and People hold to one contract on the in-memory fakes and on Django (SQLite here, PostgreSQL
in the PostgreSQL pass): one open session per impersonator, lookups by token, what is saved comes back, filters and
keyset pages (a foreign cursor is `invalid_cursor`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.accounts import Person as Learner
from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.impersonation import InMemoryImpersonationPeople, InMemoryImpersonations
from domain.accounts.model import Profile, SupportPriority
from domain.impersonation.model import (
    ApprovalReason,
    EndReason,
    Impersonation,
    ImpersonationFilter,
    ImpersonationScope,
    ImpersonationStatus,
    PersonRef,
    hash_token,
)
from domain.impersonation.ports import ImpersonationStore, People
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role

from .conftest import AT

pytestmark = pytest.mark.django_db


@dataclass
class World:
    store: ImpersonationStore
    people: People
    staff: int
    learner: int


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    if request.param == "django":
        from django.contrib.auth.models import Group, User

        from adapters.orm.accounts.models import UserProfile
        from adapters.orm.impersonation.repository import DjangoImpersonationPeople, DjangoImpersonationStore

        staff = User.objects.create_user(
            "sadmin", "s@example.com", "x", is_staff=True, first_name="Sam", last_name="Ad"
        )
        staff.groups.add(Group.objects.get_or_create(name="support_admin")[0])
        lea = User.objects.create_user("lea", "lea@example.com", "x", first_name="Lea", last_name="Ng")
        UserProfile.objects.create(user=lea, date_joined=AT, username_key="lea", support_priority="urgent")
        return World(DjangoImpersonationStore(), DjangoImpersonationPeople(), staff.pk, lea.pk)
    directory, accounts = InMemoryIdentityDirectory(), InMemoryAccounts()
    staff_id = directory.add("sadmin", None, frozenset({Role.SUPPORT_ADMIN}), email="s@example.com").id
    directory.names[staff_id] = "Sam Ad"
    lea = accounts.add(
        Learner("lea", "lea@example.com", "Lea", "Ng"), Profile(0, support_priority=SupportPriority.URGENT)
    )
    return World(InMemoryImpersonations(), InMemoryImpersonationPeople(directory, accounts), staff_id, lea.user_id)


def session(w: World, token: str = "imp_a", at_minutes: int = 0, impersonator: int | None = None) -> Impersonation:  # noqa: S107
    return Impersonation(
        impersonator=PersonRef(impersonator or w.staff, "sadmin", "Sam Ad"),
        target=PersonRef(w.learner, "lea", "Lea Ng"),
        reason="a reason long enough to keep",
        scope=ImpersonationScope.WRITE,
        minutes=15,
        requested_at=AT + timedelta(minutes=at_minutes),
        token_hash=hash_token(token),
        ticket_id=42,
        approval_reasons=(ApprovalReason.WRITE_SCOPE,),
    )


def test_people_are_read_as_the_rules_need_them(world: World) -> None:
    staff, lea = world.people.get(world.staff), world.people.get(world.learner)
    assert staff is not None and staff.roles == {Role.SUPPORT_ADMIN} and staff.name == "Sam Ad" and staff.is_active
    assert lea is not None and lea.roles == {Role.LEARNER} and lea.urgent and lea.email == "lea@example.com"
    assert lea.name == "Lea Ng" and not lea.is_superuser
    assert world.people.get(987654) is None


def test_what_is_saved_comes_back_and_one_session_is_open_at_a_time(world: World) -> None:
    stored = world.store.add(session(world))
    assert stored is not None and stored.id > 0
    assert world.store.add(session(world, "imp_b")) is None  # the impersonator has one open already
    assert world.store.by_token(hash_token("imp_a")) == stored and world.store.by_token(hash_token("nope")) is None
    stored.decide(True, 99, AT + timedelta(minutes=1), "")
    world.store.save(stored)
    again = world.store.get(stored.id, for_update=True)
    assert (
        again == stored and again is not None and again.status is ImpersonationStatus.ACTIVE and again.decided_by == 99
    )
    assert [s.id for s in world.store.stored_open(world.learner)] == [stored.id]
    assert [s.id for s in world.store.stored_open(world.staff)] == [stored.id]
    assert [s.id for s in world.store.all_open()] == [stored.id]
    again.end(world.staff, AT + timedelta(minutes=2), EndReason.ENDED_BY_IMPERSONATOR)
    world.store.save(again)
    assert world.store.stored_open(world.staff) == []
    assert world.store.all_open() == []
    assert world.store.add(session(world, "imp_c", 5)) is not None  # ended: a new one may start


def test_search_filters_and_pages(world: World) -> None:
    first = world.store.add(session(world, "imp_1", 0))
    assert first is not None
    first.activate(AT)
    first.end(world.staff, AT + timedelta(minutes=1), EndReason.ENDED_BY_IMPERSONATOR)
    world.store.save(first)
    second = world.store.add(replace(session(world, "imp_2", 10), approval_reasons=()))
    assert second is not None
    second.activate(AT + timedelta(minutes=10))
    world.store.save(second)
    page = world.store.search(ImpersonationFilter(), PageRequest(limit=1))
    assert [s.id for s in page.items] == [second.id] and page.next_cursor
    rest = world.store.search(ImpersonationFilter(), PageRequest(limit=1, cursor=page.next_cursor))
    assert [s.id for s in rest.items] == [first.id] and rest.next_cursor is None
    active = world.store.search(ImpersonationFilter(active_at=AT + timedelta(minutes=11)), PageRequest())
    assert [s.id for s in active.items] == [second.id]
    over = world.store.search(ImpersonationFilter(active_at=AT + timedelta(minutes=30)), PageRequest())
    assert over.items == []
    since = world.store.search(
        ImpersonationFilter(since=AT + timedelta(minutes=5), target_id=world.learner), PageRequest()
    )
    assert [s.id for s in since.items] == [second.id]
    assert world.store.search(ImpersonationFilter(impersonator_id=world.learner), PageRequest()).items == []
    assert [s.id for s in world.store.requested_between(AT, AT + timedelta(minutes=10))] == [first.id]
    second.end(world.staff, AT + timedelta(minutes=12), EndReason.ENDED_BY_IMPERSONATOR)
    world.store.save(second)
    waiting = world.store.add(session(world, "imp_3", 20))
    assert waiting is not None
    inbox = world.store.search(ImpersonationFilter(pending_at=AT + timedelta(minutes=49)), PageRequest())
    assert [s.id for s in inbox.items] == [waiting.id]
    late = world.store.search(ImpersonationFilter(pending_at=AT + timedelta(minutes=50)), PageRequest())
    assert late.items == []  # unanswered for 30 minutes: no longer awaiting anyone
    with pytest.raises(InvalidInput) as caught:
        world.store.search(ImpersonationFilter(), PageRequest(cursor="bm9wZQ"))
    assert caught.value.code == "invalid_cursor"
