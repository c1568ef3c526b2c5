"""The mixin every ModelAdmin of a person's data carries: its pages are audited as the API's reads and changes are
(domain.audit.admin_site). A record's page writes a read naming the person, a change list one entry naming the
people on the page and the query, a save the changed fields before and after (secrets redacted), a delete which row.

The trail is connected once at start-up (the CLI app's ready()); until it is, every audited page is refused rather
than shown unaudited."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from adapters.acting import acting
from domain.audit.admin_site import AdminSiteAudit
from domain.shared.principal import Principal

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Base = ModelAdmin[Any]
else:
    _Base = object

_TRAIL: list[Callable[[], AdminSiteAudit]] = []


def connect(trail: Callable[[], AdminSiteAudit]) -> None:
    """Where the audited admins record (called per request, so a test's container is the one recorded in)."""
    _TRAIL[:] = [trail]


def trail() -> AdminSiteAudit:
    if not _TRAIL:
        raise PermissionDenied("The admin site's audit trail is not connected.")
    return _TRAIL[0]()


def actor() -> Principal:
    who = acting()
    if who is None:  # the request middleware names whoever is signed in; an admin page without one is refused
        raise PermissionDenied("Nobody is signed in.")
    return who


def field_values(obj: Model, names: Iterable[str]) -> dict[str, Any]:
    """The named fields' stored values: a foreign key's id (not its row), a many-to-many field's sorted ids; fields
    only the form has are left out."""
    concrete = {f.name: f for f in obj._meta.concrete_fields}
    many = {f.name for f in obj._meta.many_to_many}
    values: dict[str, Any] = {}
    for name in names:
        if name in concrete:
            values[name] = concrete[name].value_from_object(obj)
        elif name in many:
            values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


class AuditedAdmin(_Base):
    """`person`: the attribute path from a row to the id of the person it is about ("user_id", "ticket.user_id",
    "pk" for the user model), or None for rows about nobody in particular. Override `person_of` when the id needs
    reading (an audit entry's target)."""

    person: str | None = "user_id"

    def person_of(self, obj: Model) -> int | None:
        if self.person is None:
            return None
        value: Any = obj
        for part in self.person.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return int(value)

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        who = actor()  # refused before anything is shown when nobody could be recorded
        response = super().changeform_view(request, object_id, form_url, extra_context)
        original = _context(response).get("original")  # a record's page, shown (a refused save shows it again)
        if response.status_code == 200 and isinstance(original, Model):
            trail().read(who, self.label, original.pk, self.person_of(original))
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        who = actor()
        response = super().history_view(request, object_id, extra_context)
        shown = _context(response).get("object")
        if response.status_code == 200 and isinstance(shown, Model):
            trail().read(who, self.label, shown.pk, self.person_of(shown), page="history")
        return response

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The confirmation page shows the row and what hangs off it: a read (the delete itself: delete_model)."""
        who = actor()
        response = super().delete_view(request, object_id, extra_context)
        shown = _context(response).get("object")
        if response.status_code == 200 and isinstance(shown, Model):
            trail().read(who, self.label, shown.pk, self.person_of(shown), page="delete")
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        who = actor()
        response = super().changelist_view(request, extra_context)
        cl = _context(response).get("cl")
        if response.status_code == 200 and cl is not None:
            rows = list(cl.result_list)
            people = [p for p in map(self.person_of, rows) if p is not None]
            query = {name: request.GET.getlist(name) for name in request.GET}
            trail().listed(who, self.label, people, [row.pk for row in rows], query)
        return response

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = field_values(stored, form.changed_data) if stored is not None else {}
        request.audited_before = before  # type: ignore[attr-defined]  # recorded once the related rows are saved
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Django saves a form's many-to-many fields (a person's roles) here, after save_model: the change is
        recorded once both are done, in the same transaction."""
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before: dict[str, Any] = getattr(request, "audited_before", {})
        after = field_values(obj, form.changed_data)
        changed = [name for name in after if not change or before.get(name) != after[name]]
        if changed:
            was, now = {n: before.get(n) for n in changed if change}, {n: after[n] for n in changed}
            trail().changed(actor(), self.label, obj.pk, self.person_of(obj), was, now, created=not change)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        pk, person = obj.pk, self.person_of(obj)
        super().delete_model(request, obj)
        trail().deleted(actor(), self.label, pk, person)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        gone = [(row.pk, self.person_of(row)) for row in queryset]
        super().delete_queryset(request, queryset)
        for pk, person in gone:
            trail().deleted(actor(), self.label, pk, person)


def _context(response: HttpResponse) -> dict[str, Any]:
    context = getattr(response, "context_data", None)
    return context if isinstance(context, dict) else {}
