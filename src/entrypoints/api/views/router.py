"""The staff console's saved views: a screen's filters under a name, on the server, so they follow the person to
another device; shareable with their support team."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container
from entrypoints.modules import VIEWS

from .schemas import SavedViewIn, SavedViewOut, SavedViewPageOut, SavedViewPatchIn, SavedViewQuery

router = Router(tags=["saved views"])


@router.get(
    "/", response={200: SavedViewPageOut, **errors(400, 401, 403, 422)}, summary="List my saved views and my team's"
)
def list_saved_views(request: HttpRequest, q: Query[SavedViewQuery]) -> SavedViewPageOut:
    """Your saved views and those your support team shares, newest first (`?screen=` for one screen's); `mine`
    marks your own. Every staff role has saved views (`views.save`)."""
    p = principal(request)
    page = container()[VIEWS].service.visible(p, q.screen, q.page())
    return SavedViewPageOut(items=[SavedViewOut.of(v, p.user_id) for v in page.items], next_cursor=page.next_cursor)


@router.post("/", response={201: SavedViewOut, **errors(400, 401, 403, 409, 422)}, summary="Save a view")
def create_saved_view(request: HttpRequest, body: SavedViewIn) -> Status[SavedViewOut]:
    """Save a screen's filters (its URL search params) under a name (audited, without the params). 409
    `saved_view_name_taken` when you have a view of that screen by that name, `too_many_saved_views` past 200,
    `no_team` when sharing without being on a support team; 400 `invalid_view_name` or `invalid_view_params`."""
    p = principal(request)
    view = container()[VIEWS].service.create(p, body.name, body.screen, body.params, body.shared)
    return Status(201, SavedViewOut.of(view, p.user_id))


@router.patch(
    "/{id:view_id}",
    response={200: SavedViewOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Rename, change or share a saved view",
)
def update_saved_view(request: HttpRequest, view_id: int, body: SavedViewPatchIn) -> SavedViewOut:
    """Rename your view, replace its params or share or unshare it (audited). Only the owner: a view your team
    shares answers 403 `not_view_owner`, one you cannot see 404 `saved_view_not_found`; 400 `empty_update` when
    nothing is sent."""
    p = principal(request)
    view = container()[VIEWS].service.update(p, view_id, body.name, body.params, body.shared)
    return SavedViewOut.of(view, p.user_id)


@router.delete("/{id:view_id}", response={204: None, **errors(401, 403, 404)}, summary="Delete a saved view")
def delete_saved_view(request: HttpRequest, view_id: int) -> Status[None]:
    """Delete your view (audited); the same refusals as changing it."""
    container()[VIEWS].service.delete(principal(request), view_id)
    return Status(204, None)
