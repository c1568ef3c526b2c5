"""PreferenceStore on the fake and on Django: stored per person, found by the account's e-mail address."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from adapters.memory.notifications import InMemoryPreferences
from domain.notifications.model import Channel, Preferences, Topic
from domain.notifications.ports import PreferenceStore

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it

EMAIL, SMS, SLACK = Channel.EMAIL, Channel.SMS, Channel.SLACK


@dataclass
class World:
    store: PreferenceStore
    people: dict[str, int]
    deactivate: object


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    names = ("ana", "ben")
    if request.param == "django":
        from django.contrib.auth.models import User

        from adapters.orm.notifications.stores import DjangoPreferences

        people = {n: User.objects.create_user(n, f"{n.title()}@Example.com", "x").pk for n in names}
        return World(DjangoPreferences(), people, lambda uid: User.objects.filter(pk=uid).update(is_active=False))
    fake = InMemoryPreferences()
    people = {n: i + 1 for i, n in enumerate(names)}
    fake.emails.update({uid: f"{n.title()}@Example.com" for n, uid in people.items()})
    return World(fake, people, lambda uid: fake.emails.pop(uid))


def test_nothing_is_stored_until_a_person_chooses(world: World) -> None:
    assert world.store.get(world.people["ana"]) is None
    assert world.store.for_address("ana@example.com") is None


def test_preferences_are_stored_replaced_and_read_back(world: World) -> None:
    ana = world.people["ana"]
    prefs = Preferences(
        {Topic.TICKET_REPLY: frozenset({EMAIL, SMS}), Topic.SLA_WARNING: frozenset()},
        "+447700900123",
        "https://hooks.example.com/x",
    )
    world.store.save(ana, prefs)
    assert world.store.get(ana) == prefs
    world.store.save(ana, Preferences({Topic.TICKET_REPLY: frozenset({SLACK})}, None, "https://hooks.example.com/y"))
    again = world.store.get(ana)
    assert again == Preferences({Topic.TICKET_REPLY: frozenset({SLACK})}, None, "https://hooks.example.com/y")
    assert world.store.get(world.people["ben"]) is None


def test_found_by_address_ignoring_case_for_active_accounts_only(world: World) -> None:
    ana = world.people["ana"]
    prefs = Preferences({Topic.TICKET_REPLY: frozenset({SMS})}, "+447700900123")
    world.store.save(ana, prefs)
    assert world.store.for_address("ANA@example.COM") == prefs
    assert world.store.for_address("ben@example.com") is None
    world.deactivate(ana)  # type: ignore[operator]
    assert world.store.for_address("ana@example.com") is None
