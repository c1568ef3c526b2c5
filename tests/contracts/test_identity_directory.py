"""The IdentityDirectory port, on the in-memory fake and on the Django adapter (SQLite, and PostgreSQL in its pass):
who may log in, who a user is, whether a username is taken, creating staff, and the password policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from adapters.memory.identity import InMemoryIdentityDirectory
from domain.identity.model import Identity
from domain.identity.ports import IdentityDirectory
from domain.shared.permissions import Role

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
PASSWORD = "correct horse battery"


@dataclass
class People:
    directory: IdentityDirectory
    learner: Callable[[str, str | None], int]  # a person who is not staff, with this password (None: none usable)
    deactivate: Callable[[int], None]


def memory_people() -> People:
    directory = InMemoryIdentityDirectory()

    def learner(name: str, password: str | None) -> int:
        return directory.add(name, password, frozenset({Role.LEARNER}), email=f"{name}@example.com").id

    return People(directory, learner, lambda uid: directory.set_active(uid, False))


def django_people() -> People:
    from django.contrib.auth.models import User

    from adapters.orm.identity.repository import DjangoIdentityDirectory

    def learner(name: str, password: str | None) -> int:
        return User.objects.create_user(name, f"{name}@example.com", password).pk

    def deactivate(uid: int) -> None:
        User.objects.filter(pk=uid).update(is_active=False)

    return People(DjangoIdentityDirectory(), learner, deactivate)


@pytest.fixture(params=["memory", "django"])
def people(request: pytest.FixtureRequest) -> People:
    return memory_people() if request.param == "memory" else django_people()


def test_created_staff_is_who_get_and_authenticate_return(people: People) -> None:
    made = people.directory.create_staff("sam", "sam@example.com", PASSWORD, Role.SUPPORT_ADMIN)
    assert made.id > 0
    assert made == Identity(made.id, "sam", "sam@example.com", frozenset({Role.SUPPORT_ADMIN}), True, False)
    assert people.directory.get(made.id) == made
    assert people.directory.authenticate("sam", PASSWORD) == made
    other = people.directory.create_staff("tina", "tina@example.com", PASSWORD, Role.SUPPORT_AGENT)
    assert other.id != made.id and people.directory.get(other.id) == other
    assert other.roles == frozenset({Role.SUPPORT_AGENT})


def test_a_learner_is_a_person_with_the_learner_role(people: People) -> None:
    uid = people.learner("lea", PASSWORD)
    found = people.directory.get(uid)
    assert found == Identity(uid, "lea", "lea@example.com", frozenset({Role.LEARNER}), True, False)
    assert people.directory.authenticate("lea", PASSWORD) == found


def test_an_unknown_user_is_none(people: People) -> None:
    assert people.directory.get(987_654) is None
    assert people.directory.authenticate("nobody", PASSWORD) is None


def test_authenticate_needs_the_right_password_and_the_name_as_stored(people: People) -> None:
    people.directory.create_staff("sam", "sam@example.com", PASSWORD, Role.SUPPORT_AGENT)
    assert people.directory.authenticate("sam", "correct horse batter") is None
    assert people.directory.authenticate("sam", PASSWORD.upper()) is None
    assert people.directory.authenticate("sam", "") is None
    assert people.directory.authenticate("SAM", PASSWORD) is None  # usernames are unique in any case, matched exactly
    assert people.directory.authenticate("sam", PASSWORD) is not None


def test_a_person_without_a_usable_password_never_authenticates(people: People) -> None:
    """Learners made by staff have no password yet: no password at all, not even an empty one, lets them in."""
    people.learner("lea", None)
    assert people.directory.authenticate("lea", "") is None
    assert people.directory.authenticate("lea", "None") is None


def test_an_inactive_person_does_not_authenticate_but_is_still_known(people: People) -> None:
    sam = people.directory.create_staff("sam", "sam@example.com", PASSWORD, Role.SUPPORT_AGENT)
    lea = people.learner("lea", PASSWORD)
    for uid in (sam.id, lea):
        people.deactivate(uid)
    assert people.directory.authenticate("sam", PASSWORD) is None
    assert people.directory.authenticate("lea", PASSWORD) is None
    found = people.directory.get(sam.id)
    assert found is not None and not found.is_active and found.roles == frozenset({Role.SUPPORT_AGENT})
    lea_found = people.directory.get(lea)
    assert lea_found is not None and not lea_found.is_active


def test_a_username_is_taken_in_any_case_by_staff_learners_and_inactive_people(people: People) -> None:
    assert not people.directory.username_taken("sam")
    people.directory.create_staff("sam", "sam@example.com", PASSWORD, Role.SUPPORT_AGENT)
    people.learner("Lea", None)
    people.deactivate(people.learner("gone", PASSWORD))
    assert all(people.directory.username_taken(name) for name in ("sam", "SAM", "lea", "LEA", "Gone"))
    assert not any(people.directory.username_taken(name) for name in ("sa", "samuel", "le", "sam@example.com"))
