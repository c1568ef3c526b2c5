"""SavedViewStore and Teams on Django's ORM (the teams are the support desk's)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.db.models.functions import Lower

from adapters.orm.tickets.models import TeamMember
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.views.model import SAVED_VIEWS_CURSOR, NewSavedView, SavedView, Screen

from .models import SavedViewRow


def _view(row: SavedViewRow) -> SavedView:
    return SavedView(
        row.pk,
        row.owner_id,
        row.owner.username,
        row.name,
        Screen(row.screen),
        dict(row.params),
        row.shared,
        row.team or None,
        row.created_at,
        row.updated_at,
    )


class DjangoSavedViews:
    def add(self, new: NewSavedView, at: datetime) -> SavedView:
        row = SavedViewRow.objects.create(
            owner_id=new.owner_id,
            name=new.name,
            screen=new.screen.value,
            params=dict(new.params),
            shared=new.shared,
            team=(new.team or "") if new.shared else "",
            created_at=at,
            updated_at=at,
        )
        return _view(SavedViewRow.objects.select_related("owner").get(pk=row.pk))

    def get(self, view_id: int) -> SavedView | None:
        row = SavedViewRow.objects.select_related("owner").filter(pk=view_id).first()
        return _view(row) if row else None

    def save(self, view: SavedView) -> None:
        SavedViewRow.objects.filter(pk=view.id).update(
            name=view.name,
            params=dict(view.params),
            shared=view.shared,
            team=(view.team or "") if view.shared else "",
            updated_at=view.updated_at,
        )

    def delete(self, view_id: int) -> bool:
        deleted, _ = SavedViewRow.objects.filter(pk=view_id).delete()
        return deleted > 0

    def visible(self, user_id: int, team: str | None, screen: Screen | None, page: PageRequest) -> Page[SavedView]:
        after = page.after(SAVED_VIEWS_CURSOR)
        who = Q(owner_id=user_id) | Q(shared=True, team=team) if team else Q(owner_id=user_id)
        rows = SavedViewRow.objects.select_related("owner").filter(who)
        if screen is not None:
            rows = rows.filter(screen=screen.value)
        if after is not None:
            rows = rows.filter(pk__lt=after[0])
        found = [_view(r) for r in rows.order_by("-pk")[: page.limit + 1]]
        return page_from_rows(found, page, SAVED_VIEWS_CURSOR, lambda v: (v.id,))

    def name_taken(self, owner_id: int, screen: Screen, name: str, other_than: int | None = None) -> bool:
        rows = SavedViewRow.objects.annotate(folded=Lower("name")).filter(
            owner_id=owner_id, screen=screen.value, folded=name.lower()
        )
        return rows.exclude(pk=other_than).exists() if other_than is not None else rows.exists()

    def count_owned(self, owner_id: int) -> int:
        return SavedViewRow.objects.filter(owner_id=owner_id).count()


class DjangoTeams:
    def team_of(self, user_id: int) -> str | None:
        code = TeamMember.objects.filter(user_id=user_id).values_list("team__code", flat=True).first()
        return str(code) if code else None
