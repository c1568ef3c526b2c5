"""The admin site's login: a code for anyone with MFA, and a refusal for anyone whose role requires MFA without it
(a password alone would otherwise open a browser session the API accepts too)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from adapters.orm.identity.models import ApiToken
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role

from .conftest import PASSWORD
from .mfa_support import clock, code, enrol, rebuild, token_of, user

pytestmark = pytest.mark.django_db
__all__ = ["clock"]


def admin_login(client: Client, username: str, otp: str = "") -> Any:
    body = {"username": username, "password": PASSWORD, "otp_code": otp, "next": "/admin/"}
    return client.post("/admin/login/", body, REMOTE_ADDR="203.0.113.5")


def test_the_admin_login_asks_people_with_mfa_for_a_code(client: Client, clock: FixedClock) -> None:
    root = user("root", Role.PLATFORM_ADMIN)
    root.is_superuser = True
    root.save()
    secret, _ = enrol(client, token_of(client, "root"), clock)
    browser = Client()
    refused = admin_login(browser, "root")
    assert refused.status_code == 200 and "not right" in refused.content.decode()
    assert 'name="otp_code"' in refused.content.decode()
    clock.advance(seconds=1)
    assert admin_login(browser, "root", code(secret, clock)).status_code == 302
    assert ApiToken.objects.filter(user=root, kind="cookie", scope="full").count() == 1


def test_the_admin_login_refuses_a_role_that_must_enrol_first(client: Client, clock: FixedClock, settings: Any) -> None:
    settings.MFA_REQUIRED_ROLES = ["platform_admin"]
    rebuild(clock)
    root = user("root", Role.PLATFORM_ADMIN)
    root.is_superuser = True
    root.save()
    refused = admin_login(Client(), "root")
    assert refused.status_code == 200 and "requires MFA" in refused.content.decode()
    assert not ApiToken.objects.filter(user=root, kind="cookie").exists()
