"""Saving, sharing, changing and removing saved views. Every staff role keeps its own; only the owner changes or
removes one; a shared view is seen by the owner's support team (the team the owner was on when sharing it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import MAX_OWNED, NewSavedView, SavedView, Screen, clean_name, clean_params
from .ports import SavedViewStore, Teams


def _name_taken(name: str) -> Conflict:
    return Conflict(
        "You have a saved view of this screen by that name already.",
        code="saved_view_name_taken",
        details={"name": name},
    )


def _not_found() -> NotFound:
    return NotFound("No such saved view.", code="saved_view_not_found")


class SavedViews:
    def __init__(self, store: SavedViewStore, teams: Teams, audit: AuditTrail, uow: UnitOfWork, clock: Clock):
        self.store = store
        self.teams = teams
        self.audit = audit
        self.uow = uow
        self.clock = clock

    def visible(self, actor: Principal, screen: Screen | None, page: PageRequest) -> Page[SavedView]:
        """One's own views and those one's team shares, newest first."""
        actor.require(Permission.VIEWS_SAVE)
        return self.store.visible(actor.user_id, self.teams.team_of(actor.user_id), screen, page)

    def create(self, actor: Principal, name: str, screen: Screen, params: Mapping[str, str], shared: bool) -> SavedView:
        actor.require(Permission.VIEWS_SAVE)
        name, params = clean_name(name), clean_params(params)
        with self.uow:
            if self.store.count_owned(actor.user_id) >= MAX_OWNED:
                raise Conflict(
                    f"You keep {MAX_OWNED} saved views already: remove one first.", code="too_many_saved_views"
                )
            self._name_free(actor.user_id, screen, name)
            team = self._team_to_share(actor) if shared else None
            new = NewSavedView(actor.user_id, actor.username, name, screen, params, shared, team)
            view = self.store.add(new, self.clock.now())
            if view is None:  # another request took the name since the check above
                raise _name_taken(name)
            self.audit.record(actor, "saved_view.create", "saved_view", view.id, _details(view))
            self.uow.commit()
        return view

    def update(
        self,
        actor: Principal,
        view_id: int,
        name: str | None = None,
        params: Mapping[str, str] | None = None,
        shared: bool | None = None,
    ) -> SavedView:
        """Rename, replace the params or (un)share one's own view; sharing again shares with one's current team."""
        actor.require(Permission.VIEWS_SAVE)
        if name is None and params is None and shared is None:
            raise InvalidInput("Send at least one of name, params and shared.", code="empty_update")
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = clean_name(name)
        if params is not None:
            changes["params"] = clean_params(params)
        with self.uow:
            view = self._owned(actor, view_id)
            if "name" in changes and str(changes["name"]).casefold() != view.name.casefold():
                self._name_free(actor.user_id, view.screen, str(changes["name"]), view.id)
            if shared is not None:
                changes["shared"] = shared
                changes["team"] = self._team_to_share(actor) if shared else None
            updated = replace(view, **changes, updated_at=self.clock.now())  # type: ignore[arg-type]
            if not self.store.save(updated):
                raise _name_taken(updated.name)
            self.audit.record(actor, "saved_view.update", "saved_view", view.id, _details(updated))
            self.uow.commit()
        return updated

    def delete(self, actor: Principal, view_id: int) -> None:
        actor.require(Permission.VIEWS_SAVE)
        with self.uow:
            view = self._owned(actor, view_id)
            self.store.delete(view.id)
            self.audit.record(actor, "saved_view.delete", "saved_view", view.id, _details(view))
            self.uow.commit()

    def _owned(self, actor: Principal, view_id: int) -> SavedView:
        """The view when the actor owns it; 404 when they cannot see it, 403 when they only see it (shared)."""
        view = self.store.get(view_id)
        if view is None:
            raise _not_found()
        if view.owner_id != actor.user_id:
            if not view.shared or view.team is None or view.team != self.teams.team_of(actor.user_id):
                raise _not_found()
            raise PermissionDenied("Only the person who saved this view may change it.", code="not_view_owner")
        return view

    def _name_free(self, owner_id: int, screen: Screen, name: str, other_than: int | None = None) -> None:
        if self.store.name_taken(owner_id, screen, name, other_than):
            raise _name_taken(name)

    def _team_to_share(self, actor: Principal) -> str:
        team = self.teams.team_of(actor.user_id)
        if team is None:
            raise Conflict("You are on no support team, so there is no team to share the view with.", code="no_team")
        return team


def _details(view: SavedView) -> dict[str, object]:
    """What the audit keeps: the screen, the name and who it is shared with, never the params (a search may name a
    learner)."""
    return {"name": view.name, "screen": view.screen.value, "shared": view.shared, "team": view.team or ""}
