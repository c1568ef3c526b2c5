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
