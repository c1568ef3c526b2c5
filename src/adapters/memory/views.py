"""In-memory saved views (SavedViewStore) and support teams (Teams), for the harness and the contract suite."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime
from typing import Any

from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.tickets.ports import AgentDirectory
from domain.views.model import SAVED_VIEWS_CURSOR, NewSavedView, SavedView, Screen
from domain.views.module import ViewsStores


class InMemorySavedViews:
    def __init__(self) -> None:
        self.views: dict[int, SavedView] = {}
        self._ids = itertools.count(1)

    def add(self, new: NewSavedView, at: datetime) -> SavedView | None:
        if self.name_taken(new.owner_id, new.screen, new.name):
            return None
        view = SavedView(
            next(self._ids),
            new.owner_id,
            new.owner_username,
            new.name,
            new.screen,
            dict(new.params),
            new.shared,
            new.team if new.shared else None,
            at,
            at,
        )
        self.views[view.id] = view
        return view

    def get(self, view_id: int) -> SavedView | None:
        return self.views.get(view_id)

    def save(self, view: SavedView) -> bool:
        stored = self.views.get(view.id)
        if stored is not None and self.name_taken(stored.owner_id, stored.screen, view.name, other_than=view.id):
            return False
        if stored is not None:
            self.views[view.id] = replace(
                stored,
                name=view.name,
                params=dict(view.params),
                shared=view.shared,
                team=view.team if view.shared else None,
                updated_at=view.updated_at,
            )
        return True

    def delete(self, view_id: int) -> bool:
        return self.views.pop(view_id, None) is not None

    def visible(self, user_id: int, team: str | None, screen: Screen | None, page: PageRequest) -> Page[SavedView]:
        after = page.after(SAVED_VIEWS_CURSOR)
        rows = [
            v
            for v in sorted(self.views.values(), key=lambda v: -v.id)
            if (v.owner_id == user_id or (team is not None and v.shared and v.team == team))
            and (screen is None or v.screen is screen)
            and (after is None or v.id < after[0])
        ]
        return page_from_rows(rows[: page.limit + 1], page, SAVED_VIEWS_CURSOR, lambda v: (v.id,))

    def name_taken(self, owner_id: int, screen: Screen, name: str, other_than: int | None = None) -> bool:
        return any(
            v.owner_id == owner_id
            and v.screen is screen
            and v.name.casefold() == name.casefold()
            and v.id != other_than
            for v in self.views.values()
        )

    def count_owned(self, owner_id: int) -> int:
        return sum(1 for v in self.views.values() if v.owner_id == owner_id)


class InMemoryTeams:
    """Who is on which support team: set `members` (user id -> team code)."""

    def __init__(self) -> None:
        self.members: dict[int, str] = {}

    def team_of(self, user_id: int) -> str | None:
        return self.members.get(user_id)


class AgentTeams:
    """Teams as the support desk's agent directory (the harness's) knows them."""

    def __init__(self, agents: AgentDirectory) -> None:
        self.agents = agents

    def team_of(self, user_id: int) -> str | None:
        agent = self.agents.get(user_id)
        return agent.team if agent is not None else None


def views_fakes(harness: Any) -> ViewsStores:
    """Saved views' fakes for the harness (entrypoints.modules names this): teams are its support desk's agents'."""
    return ViewsStores(InMemorySavedViews(), AgentTeams(harness.agents))
