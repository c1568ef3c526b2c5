"""Every model is registered in /admin/ and its list opens for a superuser."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db
OURS = ("identity", "audit", "outbox", "accounts", "knowledge", "support")


def test_every_model_of_ours_is_registered_and_lists() -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "a-long-password"))
    for label in OURS:
        for model in apps.get_app_config(label).get_models():
            assert admin.site.is_registered(model), model
            url = f"/admin/{label}/{model._meta.model_name}/"
            assert client.get(url).status_code == 200, url


def test_staff_without_superuser_cannot_use_admin() -> None:
    client = Client()
    client.force_login(User.objects.create_user("agent", "a@example.com", "a-long-password", is_staff=True))
    assert client.get("/admin/audit/auditentry/").status_code == 403


def test_add_is_offered_only_where_the_form_can_make_a_valid_row() -> None:
    """An add form whose required fields are read-only could only fail (ApiToken, UserProfile and
    OutboxMessage once answered 500): such admins do not offer add."""
    request = type("R", (), {"user": User(is_superuser=True, is_active=True, is_staff=True)})()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):  # type: ignore[arg-type]
            continue
        readonly = set(model_admin.get_readonly_fields(request))  # type: ignore[arg-type]
        required = {
            f.name
            for f in model._meta.concrete_fields
            if not f.null and not f.has_default() and not f.blank and not f.primary_key and not f.auto_created
        }
        assert not readonly & required, (model.__name__, readonly & required)
    client = Client()
    client.force_login(User.objects.create_superuser("root2", "root2@example.com", "a-long-password"))
    for url in (
        "/admin/identity/apitoken/add/",
        "/admin/accounts/userprofile/add/",
        "/admin/outbox/outboxmessage/add/",
    ):
        assert client.get(url).status_code == 403, url
