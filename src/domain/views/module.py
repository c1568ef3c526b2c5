"""Saved views assembled from their ports (the composition root calls `Views.build`)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .ports import SavedViewStore, Teams
from .service import SavedViews


@dataclass(frozen=True)
class ViewsStores:
    views: SavedViewStore
    teams: Teams  # whose support team a person is on (the desk's agents)


@dataclass(frozen=True)
class Views:
    service: SavedViews  # a screen's filters under a name, per person, shared with their team

    @staticmethod
    def build(*, stores: ViewsStores, audit: AuditTrail, uow: UnitOfWork, clock: Clock) -> Views:
        return Views(SavedViews(stores.views, stores.teams, audit, uow, clock))
