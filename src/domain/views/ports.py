from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.shared.pagination import Page, PageRequest

from .model import NewSavedView, SavedView, Screen


class SavedViewStore(Protocol):
    def add(self, new: NewSavedView, at: datetime) -> SavedView: ...

    def get(self, view_id: int) -> SavedView | None: ...

    def save(self, view: SavedView) -> None:
        """Store the view's name, params, sharing and updated_at."""
        ...

    def delete(self, view_id: int) -> bool: ...

    def visible(self, user_id: int, team: str | None, screen: Screen | None, page: PageRequest) -> Page[SavedView]:
        """The person's own views and those shared with `team` (none when None), of one screen or of all, newest
        first (SAVED_VIEWS_CURSOR; a foreign cursor is `invalid_cursor`)."""
        ...

    def name_taken(self, owner_id: int, screen: Screen, name: str, other_than: int | None = None) -> bool:
        """Whether the person already has a view of this screen by this name (case-insensitive)."""
        ...

    def count_owned(self, owner_id: int) -> int: ...


class Teams(Protocol):
    def team_of(self, user_id: int) -> str | None:
        """The support team the person is on (its code), or None."""
        ...
