"""The LoginGuard port (identity asks it before and after each password check) gives the same answers on the
harness and on Django: the security module's protection over the in-memory stores and over the database ones.
Whether a failure counted in a block that then rolls back is kept is not promised: the database store rolls it
back, Redis (and the harness, which stands in for it) keeps it, which errs on the safe side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from domain.identity.ports import LoginGuard
from domain.shared.clock import FixedClock
from domain.shared.principal import RequestMeta
from domain.shared.uow import UnitOfWork

from .conftest import AT

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
HOME, CAFE = RequestMeta(ip="198.51.100.10"), RequestMeta(ip="203.0.113.20")


@dataclass
class Guarded:
    guard: LoginGuard
    uow: UnitOfWork
    clock: FixedClock
    alice: int


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> Guarded:
    from entrypoints.bootstrap import build_container
    from entrypoints.harness import build_test_container

    if request.param == "memory":
        fake = build_test_container()
        fake.clock.set(AT)
        alice = fake.directory.add("alice", "alice's long password", email="alice@example.com").id
        return Guarded(fake.login_protection, fake.uow, fake.clock, alice)
    from django.contrib.auth.models import User

    clock = FixedClock(AT)
    real = build_container(clock)
    alice = User.objects.create_user("alice", "alice@example.com", "alice's long password").pk
    return Guarded(real.login_protection, real.uow, clock, alice)


def fail(world: Guarded, username: str = "alice", meta: RequestMeta = CAFE) -> None:
    admission = world.guard.admit(username, meta)
    with world.uow:
        world.guard.failed(username, admission, meta)
        world.uow.commit()


def waits(world: Guarded, username: str = "alice", meta: RequestMeta = CAFE) -> int | None:
    return world.guard.admit(username, meta).retry_after


def test_admit_names_the_account_and_never_refuses_a_fresh_one(world: Guarded) -> None:
    assert world.guard.admit("alice", CAFE).user_id == world.alice
    assert world.guard.admit("nobody", CAFE).user_id is None
    assert waits(world) is None and waits(world, "nobody") is None


@pytest.mark.parametrize("username", ["alice", "nobody"])
def test_the_fifth_failure_brings_a_minute_and_the_sixth_two(world: Guarded, username: str) -> None:
    for _ in range(5):
        assert waits(world, username) is None
        fail(world, username)
    assert waits(world, username) == 60
    assert waits(world, username, HOME) is None  # the owner's own network is not slowed by strangers
    world.clock.set(AT + timedelta(seconds=60))
    assert waits(world, username) is None
    fail(world, username)
    assert waits(world, username) == 120


def test_success_forgets_the_failures(world: Guarded) -> None:
    for _ in range(5):
        fail(world)
    with world.uow:
        world.guard.succeeded("alice", world.alice, CAFE)
        world.uow.commit()
    assert waits(world) is None


def test_failures_are_forgotten_after_twelve_quiet_hours(world: Guarded) -> None:
    for _ in range(5):
        fail(world)
    world.clock.set(AT + timedelta(hours=12, minutes=1))
    assert waits(world) is None
    fail(world)
    assert waits(world) is None  # the count started again
