"""The AccessRevoker port (what accounts calls when a person leaves the active status), as the container wires it:
the identity service over the in-memory token store, or over the Django one (SQLite, and PostgreSQL in its pass).

Every way in the person holds stops authenticating, nobody else's does, the account itself stays open, the count
is what was ended, and the revocation belongs to the caller's unit of work. Bearer tokens are ways in on both;
browser sessions are Django's, so only the Django world has them (checked through the API, as a browser would)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from domain.accounts.ports import AccessRevoker
from domain.identity.service import AuthService
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from domain.shared.uow import UnitOfWork
from entrypoints.bootstrap import build_container
from entrypoints.harness import build_test_container

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
Check = Callable[[], int | None]  # whom this way in authenticates now (None: nobody)
SignIn = Callable[[str], Check]


@dataclass
class World:
    revoker: AccessRevoker
    auth: AuthService
    uow: UnitOfWork
    person: Callable[[str], int]  # an active learner who logs in with PASSWORD
    sign_ins: list[SignIn]  # every way in this world has

    def revoke(self, user_id: int) -> int:
        with self.uow:  # the caller's unit of work, as accounts' status change runs it
            count = self.revoker.revoke_all_access(user_id)
            self.uow.commit()
        return count

    def ways_in(self, name: str, each: int = 1) -> list[Check]:
        return [sign_in(name) for sign_in in self.sign_ins for _ in range(each)]


def by_token(auth: AuthService) -> SignIn:
    def sign_in(name: str) -> Check:
        token = auth.login(name, PASSWORD).token

        def check() -> int | None:
            principal = auth.principal_for_token(token)
            return principal.user_id if principal else None

        return check

    return sign_in


def memory_world() -> World:
    c = build_test_container()
    c.clock.set(T0)

    def person(name: str) -> int:
        return c.directory.add(name, PASSWORD, frozenset({Role.LEARNER}), email=f"{name}@example.com").id

    return World(c.auth, c.auth, c.uow, person, [by_token(c.auth)])


def django_world() -> World:
    from django.contrib.auth.models import User
    from django.test import Client

    c = build_container(FixedClock(T0))

    def person(name: str) -> int:
        return User.objects.create_user(name, f"{name}@example.com", PASSWORD).pk

    def by_session(name: str) -> Check:
        browser = Client()
        browser.force_login(User.objects.get(username=name))

        def check() -> int | None:
            response = browser.get("/api/auth/me")
            return int(response.json()["id"]) if response.status_code == 200 else None

        return check

    return World(c.auth, c.auth, c.uow, person, [by_token(c.auth), by_session])


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    return memory_world() if request.param == "memory" else django_world()


def test_every_way_in_of_the_person_ends_and_no_one_elses(world: World) -> None:
    alice, bob = world.person("alice"), world.person("bob")
    alices, bobs = world.ways_in("alice", each=2), world.ways_in("bob", each=2)
    assert [check() for check in alices] == [alice] * len(alices)
    assert world.revoke(alice) == len(alices) == 2 * len(world.sign_ins)
    assert [check() for check in alices] == [None] * len(alices)
    assert [check() for check in bobs] == [bob] * len(bobs)


def test_what_is_ended_already_is_not_counted_again(world: World) -> None:
    alice = world.person("alice")
    assert world.revoke(alice) == 0  # nothing to end
    assert world.revoke(987_654) == 0  # no such person
    world.ways_in("alice")
    logged_out = by_token(world.auth)("alice")
    principal = world.auth.principal_for_user(alice)
    assert principal is not None
    token = world.auth.login("alice", PASSWORD).token
    world.auth.logout(principal, token)  # ended by the person before the revocation
    assert logged_out() == alice
    assert world.revoke(alice) == len(world.sign_ins) + 1
    assert world.revoke(alice) == 0


def test_the_account_stays_open(world: World) -> None:
    alice = world.person("alice")
    world.ways_in("alice")
    world.revoke(alice)
    assert world.auth.principal_for_user(alice) is not None
    again = world.ways_in("alice")
    assert [check() for check in again] == [alice] * len(again)


def test_a_revocation_in_a_block_that_does_not_commit_ends_nothing(world: World) -> None:
    alice = world.person("alice")
    alices = world.ways_in("alice")
    with world.uow:
        assert world.revoker.revoke_all_access(alice) == len(alices)
    assert [check() for check in alices] == [alice] * len(alices)
    assert world.revoke(alice) == len(alices)


def test_the_access_a_request_came_with_can_be_kept(world: World) -> None:
    """A password change ends the person's other ways in and keeps the one it came with (by its session id)."""
    alice = world.person("alice")
    others = world.ways_in("alice")
    token = world.auth.login("alice", PASSWORD).token
    current = world.auth.principal_for_token(token)
    assert current is not None and current.session_id is not None
    with world.uow:
        ended = world.auth.revoke_all_access(alice, keep=current.session_id)
        world.uow.commit()
    assert ended == len(others) and [check() for check in others] == [None] * len(others)
    principal = world.auth.principal_for_token(token)
    assert principal is not None and principal.user_id == alice
