from __future__ import annotations

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import Profile
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

ADMIN = Principal(1, "ada", frozenset({Role.PLATFORM_ADMIN}))
OFFICER = Principal(2, "bo", frozenset({Role.COMPLIANCE_OFFICER}))
OFFICER2 = Principal(3, "cy", frozenset({Role.COMPLIANCE_OFFICER}))
SUPPORT = Principal(4, "di", frozenset({Role.SUPPORT_ADMIN}))


@pytest.fixture
def h(harness: TestContainer) -> TestContainer:
    for actor in (ADMIN, OFFICER, OFFICER2, SUPPORT):
        made = harness.directory.add(actor.username, None, actor.roles, email=f"{actor.username}@staff.example.com")
        assert made.id == actor.user_id
    return harness


def learner(h: TestContainer, name: str = "lea", **profile: object) -> Principal:
    person = Person(name, f"{name}@example.com", name.title(), "Ng")
    uid = h.people.add(person, Profile(user_id=0, **profile)).user_id  # type: ignore[arg-type]
    return Principal(uid, name, frozenset({Role.LEARNER}))
