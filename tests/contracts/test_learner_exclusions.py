"""LearnerExclusions, as the composition roots wire it (privacy's ConsentExclusions over the consent store), on the
in-memory harness and on the Django adapters: whoever's latest `analytics` choice is a withdrawal is left out, a
grant after it brings them back, and `among` narrows the answer to the people asked about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import build_container
from entrypoints.container import Container
from entrypoints.harness import build_test_container

pytestmark = pytest.mark.django_db


@dataclass
class World:
    c: Container
    add: Callable[[str], int]


def memory_world() -> World:
    c = build_test_container()
    return World(c, lambda name: c.people.add(Person(name, f"{name}@example.com")).user_id)


def django_world() -> World:
    c = build_container()

    def add(name: str) -> int:
        new = NewLearner(
            name,
            f"{name}@example.com",
            "",
            "",
            AccountStatus.ACTIVE,
            PlatformRole.LEARNER,
            SupportPriority.NORMAL,
            False,
            None,
        )
        return c.accounts.create(SYSTEM, new).summary.id

    return World(c, add)


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    return memory_world() if request.param == "memory" else django_world()


def test_a_withdrawal_excludes_and_a_later_grant_brings_back(world: World) -> None:
    ann, ben, cat = world.add("ann"), world.add("ben"), world.add("cat")
    exclusions, consents = world.c.analytics.exclusions, world.c.privacy.consents
    assert exclusions.excluded_learners() == frozenset()  # withdrawal, not a missing grant, excludes
    consents.record(SYSTEM, ann, {"analytics": False}, "asked by phone")
    consents.record(SYSTEM, ben, {"analytics": False}, "asked by phone")
    assert exclusions.excluded_learners() == {ann, ben}
    assert exclusions.excluded_learners([ben, cat]) == {ben}
    assert exclusions.excluded_learners([cat]) == frozenset()
    consents.record(SYSTEM, ann, {"analytics": True}, "changed their mind")
    assert exclusions.excluded_learners() == {ben}
