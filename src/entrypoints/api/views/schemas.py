from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from domain.views.model import MAX_NAME, SavedView, Screen
from entrypoints.api.schemas import PageQuery, ReadModelOut

PARAMS_HELP = (
    "the screen's URL search params, name -> value (at most 30, names of letters, digits and _.-[], values of at "
    "most 500 characters, 4,000 characters in all)"
)


class SavedViewQuery(PageQuery):
    screen: Screen | None = Field(None, description="only this screen's views")


class SavedViewIn(Schema):
    name: str = Field(min_length=1, max_length=MAX_NAME, description="unique per person and screen, ignoring case")
    screen: Screen
    params: dict[str, str] = Field(default_factory=dict, description=PARAMS_HELP)
    shared: bool = Field(False, description="seen by your support team too (you must be on one)")


class SavedViewPatchIn(Schema):
    name: str | None = Field(None, min_length=1, max_length=MAX_NAME)
    params: dict[str, str] | None = Field(None, description="replaces every param: " + PARAMS_HELP)
    shared: bool | None = Field(None, description="true shares with your current support team; false stops sharing")


class OwnerOut(ReadModelOut):
    id: int
    username: str


class SavedViewOut(ReadModelOut):
    id: int
    name: str
    screen: Screen
    params: dict[str, str]
    shared: bool
    team: str | None = Field(description="the support team it is shared with (null when not shared)")
    owner: OwnerOut
    mine: bool = Field(description="you saved it: only then may you change or delete it")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def of(view: SavedView, me: int) -> SavedViewOut:
        return SavedViewOut(
            id=view.id,
            name=view.name,
            screen=view.screen,
            params=dict(view.params),
            shared=view.shared,
            team=view.team,
            owner=OwnerOut(id=view.owner_id, username=view.owner_username),
            mine=view.owner_id == me,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class SavedViewPageOut(ReadModelOut):
    items: list[SavedViewOut]
    next_cursor: str | None
