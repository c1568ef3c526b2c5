"""Saved views' stores on Django (the composition root calls `views_stores` through entrypoints.modules)."""

from __future__ import annotations

from typing import Any

from domain.views.module import ViewsStores

from .repository import DjangoSavedViews, DjangoTeams


def views_stores(container: Any) -> ViewsStores:
    return ViewsStores(DjangoSavedViews(), DjangoTeams())
