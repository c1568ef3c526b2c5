"""No admin page escapes the audit: every registered ModelAdmin carries the audit mixin, or its model holds nobody's
data and is named below with the reason. A new ModelAdmin fails here until it chooses."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client

from adapters.orm import audited_admin
from adapters.orm.audit.models import AuditEntry
from adapters.orm.audited_admin import AuditedAdmin

pytestmark = pytest.mark.django_db

NO_PERSONAL_DATA = {
    "auth.group": "a role's name and Django permissions; its members are shown (and audited) on the user's page",
    "audit.auditchainhead": "the newest chain link: a position, a hash and a MAC",
    "audit.auditcheckpoint": "published chain positions: a position, a hash and a MAC",
    "accounts.course": "a course's code and title",
    "support.team": "a team's code and name",
    "support.categoryroute": "which team a ticket category goes to",
}
# Changeable here, each change audited before and after; every other audited admin is read-only (the API owns it)
EDITABLE = {"auth.user", "support.teammember", "outbox.outboxmessage"}


def registered() -> list[tuple[type[Model], Any]]:
    return list(admin.site._registry.items())


def test_every_admin_is_audited_or_holds_no_personal_data() -> None:
    for model, model_admin in registered():
        label = model._meta.label_lower
        audited = isinstance(model_admin, AuditedAdmin)
        assert audited != (label in NO_PERSONAL_DATA), f"{label}: audit it (AuditedAdmin) or say why it holds no one"
    labels = {model._meta.label_lower for model, _ in registered()}
    assert labels >= set(NO_PERSONAL_DATA) | EDITABLE  # no stale names


def test_each_audited_admin_names_its_person_by_a_real_field() -> None:
    for model, model_admin in registered():
        if not isinstance(model_admin, AuditedAdmin) or model_admin.person is None or model_admin.person == "pk":
            continue
        current: type[Model] = model
        *hops, last = model_admin.person.split(".")
        for hop in hops:
            related = current._meta.get_field(hop).related_model
            assert isinstance(related, type), (model, hop)
            current = related
        assert last in {f.attname for f in current._meta.concrete_fields}, (model, model_admin.person)


def test_only_the_editable_admins_may_change_delete_or_add() -> None:
    request: Any = type("R", (), {"user": User(is_superuser=True, is_active=True, is_staff=True)})()
    for model, model_admin in registered():
        label = model._meta.label_lower
        if label in NO_PERSONAL_DATA:
            continue
        may_change = model_admin.has_change_permission(request)
        assert may_change == (label in EDITABLE), label
        if label != "support.teammember":
            assert not model_admin.has_add_permission(request) and not model_admin.has_delete_permission(request), label


def test_every_audited_list_writes_its_entry() -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-password"))
    for model, model_admin in registered():
        if isinstance(model_admin, AuditedAdmin):
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert client.get(url).status_code == 200, url
            assert AuditEntry.objects.filter(action="admin.list", target_type=model._meta.label_lower).count() == 1


def test_an_audited_page_is_refused_while_the_trail_is_not_connected(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-password"))
    monkeypatch.setattr(audited_admin, "_TRAIL", [])
    assert client.get("/admin/accounts/userprofile/").status_code == 403
    assert client.get("/admin/accounts/course/").status_code == 200  # nobody's data: not audited
