"""SavedViewStore and Teams: the in-memory fake and the Django adapter behave alike."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.views import InMemorySavedViews, InMemoryTeams
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from domain.views.model import NewSavedView, Screen
from domain.views.ports import SavedViewStore, Teams

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class World:
    store: SavedViewStore
    teams: Teams
    people: dict[str, int]

    def join(self, username: str, team: str) -> None:
        if isinstance(self.teams, InMemoryTeams):
            self.teams.members[self.people[username]] = team
            return
        from adapters.orm.tickets.models import Team, TeamMember

        code = Team.objects.get_or_create(code=team, defaults={"name": team.title()})[0]
        TeamMember.objects.update_or_create(user_id=self.people[username], defaults={"team": code})

    def new(self, username: str, name: str, screen: Screen = Screen.LEARNERS, team: str | None = None) -> NewSavedView:
        return NewSavedView(self.people[username], username, name, screen, {"q": name}, team is not None, team)


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    names = ("ana", "ben", "cai")
    if request.param == "django":
        from django.contrib.auth.models import User

        from adapters.orm.views.repository import DjangoSavedViews, DjangoTeams

        people = {n: User.objects.create_user(n, f"{n}@example.com", "x", is_staff=True).pk for n in names}
        return World(DjangoSavedViews(), DjangoTeams(), people)
    return World(InMemorySavedViews(), InMemoryTeams(), {n: i + 1 for i, n in enumerate(names)})


def test_a_view_is_stored_and_read_back(world: World) -> None:
    new = NewSavedView(
        world.people["ana"], "ana", "Suspended", Screen.LEARNERS, {"status": "suspended", "q": "x"}, False, None
    )
    view = world.store.add(new, AT)
    assert world.store.get(view.id) == view
    assert (view.owner_id, view.owner_username, view.name, view.screen) == (
        world.people["ana"],
        "ana",
        "Suspended",
        Screen.LEARNERS,
    )
    assert dict(view.params) == {"status": "suspended", "q": "x"} and view.shared is False and view.team is None
    assert view.created_at == view.updated_at == AT
    assert world.store.get(view.id + 1000) is None


def test_save_changes_name_params_and_sharing(world: World) -> None:
    view = world.store.add(world.new("ana", "Mine"), AT)
    later = AT + timedelta(minutes=5)
    world.store.save(
        replace(view, name="Renamed", params={"risk": "high"}, shared=True, team="billing", updated_at=later)
    )
    stored = world.store.get(view.id)
    assert stored is not None and (stored.name, dict(stored.params), stored.shared, stored.team) == (
        "Renamed",
        {"risk": "high"},
        True,
        "billing",
    )
    assert (stored.created_at, stored.updated_at) == (AT, later)
    world.store.save(replace(stored, shared=False, team=None))
    unshared = world.store.get(view.id)
    assert unshared is not None and (unshared.shared, unshared.team) == (False, None)


def test_visible_is_mine_and_my_teams_shared_newest_first(world: World) -> None:
    mine = world.store.add(world.new("ana", "A1"), AT)
    shared_by_ben = world.store.add(world.new("ben", "B shared", team="billing"), AT)
    world.store.add(world.new("ben", "B private"), AT)
    world.store.add(world.new("cai", "C other team", team="tech"), AT)
    tickets = world.store.add(world.new("ana", "A tickets", Screen.TICKETS), AT)
    page = world.store.visible(world.people["ana"], "billing", None, PageRequest())
    assert [v.id for v in page.items] == [tickets.id, shared_by_ben.id, mine.id] and page.next_cursor is None
    no_team = world.store.visible(world.people["ana"], None, None, PageRequest())
    assert [v.id for v in no_team.items] == [tickets.id, mine.id]
    learners = world.store.visible(world.people["ana"], "billing", Screen.LEARNERS, PageRequest())
    assert [v.id for v in learners.items] == [shared_by_ben.id, mine.id]


def test_visible_pages_by_cursor_and_refuses_a_foreign_one(world: World) -> None:
    ids = [world.store.add(world.new("ana", f"V{i}"), AT).id for i in range(5)]
    first = world.store.visible(world.people["ana"], None, None, PageRequest(limit=2))
    assert [v.id for v in first.items] == ids[::-1][:2] and first.next_cursor
    rest = world.store.visible(world.people["ana"], None, None, PageRequest(limit=3, cursor=first.next_cursor))
    assert [v.id for v in rest.items] == ids[::-1][2:] and rest.next_cursor is None
    with pytest.raises(InvalidInput) as refused:
        world.store.visible(world.people["ana"], None, None, PageRequest(cursor="bm90LWEtY3Vyc29y"))
    assert refused.value.code == "invalid_cursor"


def test_names_are_unique_per_owner_and_screen_ignoring_case(world: World) -> None:
    view = world.store.add(world.new("ana", "Open Tickets", Screen.TICKETS), AT)
    ana = world.people["ana"]
    assert world.store.name_taken(ana, Screen.TICKETS, "open tickets")
    assert not world.store.name_taken(ana, Screen.TICKETS, "open tickets", other_than=view.id)
    assert not world.store.name_taken(ana, Screen.LEARNERS, "Open Tickets")
    assert not world.store.name_taken(world.people["ben"], Screen.TICKETS, "Open Tickets")


def test_delete_and_count(world: World) -> None:
    a = world.store.add(world.new("ana", "One"), AT)
    world.store.add(world.new("ana", "Two"), AT)
    world.store.add(world.new("ben", "Three"), AT)
    assert world.store.count_owned(world.people["ana"]) == 2
    assert world.store.delete(a.id) is True and world.store.delete(a.id) is False
    assert world.store.get(a.id) is None and world.store.count_owned(world.people["ana"]) == 1


def test_team_of(world: World) -> None:
    assert world.teams.team_of(world.people["ana"]) is None
    world.join("ana", "billing")
    assert world.teams.team_of(world.people["ana"]) == "billing"
