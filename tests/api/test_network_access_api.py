"""Staff network allowlists over HTTP (REMOTE_ADDR set by the test client): allowed, refused with the one error
body, audited and raised once; learners unaffected; the event stream, cookie sessions and the admin site refused too;
X-Forwarded-For believed only through TRUSTED_PROXIES; break-glass from the server, ending by itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from adapters.orm.audit.models import AuditEntry
from adapters.orm.security.models import ThrottleValue, UserSecurityEvent
from domain.shared.permissions import Role
from tests.api.conftest import Api, Staff

OFFICE, HOME = "10.1.2.3", "198.51.100.7"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_only")]


@pytest.fixture
def office_only() -> Iterator[None]:
    with override_settings(STAFF_ALLOWED_NETWORKS=["10.0.0.0/8", "2001:db8::/32"], TRUSTED_PROXIES=["192.0.2.0/28"]):
        yield


def me(api: Api, who: Staff, ip: str, **extra: str) -> object:
    return api.call("GET", "/api/auth/me", who, REMOTE_ADDR=ip, **extra)


def refused_from(ip: str) -> list[object]:
    return [e.details for e in AuditEntry.objects.filter(action="access.network_refused", ip=ip)]


def test_staff_inside_an_allowed_network_pass_v4_and_v6(api: Api, make_staff: Callable[..., Staff]) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    assert me(api, agent, OFFICE).status_code == 200  # type: ignore[attr-defined]
    assert me(api, agent, "2001:db8:1::7").status_code == 200  # type: ignore[attr-defined]


def test_staff_outside_are_refused_audited_and_raised_once(api: Api, make_staff: Callable[..., Staff]) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    for _ in range(3):
        response = me(api, agent, HOME)
        assert response.status_code == 403  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "network_not_allowed" and error["details"] == {"network_list": "overall"}
    assert refused_from(HOME) == [{"ip": HOME, "network_list": "overall"}] * 3
    raised = UserSecurityEvent.objects.filter(user_id=agent.user.pk, event_type="network_not_allowed")
    assert raised.count() == 1


def test_learners_are_never_limited(api: Api, make_staff: Callable[..., Staff]) -> None:
    learner = make_staff(Role.LEARNER)
    assert me(api, learner, HOME).status_code == 200  # type: ignore[attr-defined]
    assert refused_from(HOME) == []


def test_a_role_list_replaces_the_overall_one(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin, agent = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.SUPPORT_AGENT)
    with override_settings(STAFF_ALLOWED_NETWORKS_BY_ROLE={"platform_admin": ["10.9.0.0/16"]}):
        assert me(api, admin, OFFICE).status_code == 403  # type: ignore[attr-defined]
        assert me(api, admin, "10.9.1.1").status_code == 200  # type: ignore[attr-defined]
        assert me(api, agent, OFFICE).status_code == 200  # type: ignore[attr-defined]


def test_the_event_stream_refuses_staff_outside(api: Api, make_staff: Callable[..., Staff]) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    response = api.call("GET", "/events/?channel=tickets", agent, REMOTE_ADDR=HOME)
    assert response.status_code == 403 and response.json()["error"]["code"] == "network_not_allowed"
    assert refused_from(HOME)


def test_a_cookie_session_and_the_admin_site_are_refused_outside(make_staff: Callable[..., Staff]) -> None:
    root = make_staff(Role.PLATFORM_ADMIN, superuser=True)
    browser = Client(REMOTE_ADDR=HOME)
    browser.force_login(root.user)
    response = browser.get("/api/auth/me")
    assert response.status_code == 403 and response.json()["error"]["code"] == "network_not_allowed"
    admin = browser.get("/admin/")
    assert admin.status_code == 403 and admin.json()["error"]["code"] == "network_not_allowed"
    assert Client(REMOTE_ADDR=OFFICE).get("/admin/").status_code == 302  # not signed in: the login page as ever


def test_forwarded_for_counts_only_through_trusted_proxies(api: Api, make_staff: Callable[..., Staff]) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    # an untrusted peer claiming an office address: refused, and the audit trail has the real peer
    spoofed = me(api, agent, HOME, HTTP_X_FORWARDED_FOR=OFFICE)
    assert spoofed.status_code == 403  # type: ignore[attr-defined]
    assert refused_from(HOME) and not refused_from(OFFICE)
    # office client -> proxy 192.0.2.2 -> proxy 192.0.2.1 -> us; the client's own forged entry on the left is ignored
    chain = f"{HOME}, {OFFICE}, 192.0.2.2"
    assert me(api, agent, "192.0.2.1", HTTP_X_FORWARDED_FOR=chain).status_code == 200  # type: ignore[attr-defined]
    chain = f"{OFFICE}, {HOME}, 192.0.2.2"
    assert me(api, agent, "192.0.2.1", HTTP_X_FORWARDED_FOR=chain).status_code == 403  # type: ignore[attr-defined]
    assert len(refused_from(HOME)) == 2


def test_break_glass_lets_a_platform_admin_in_until_it_ends(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    assert me(api, admin, HOME).status_code == 403  # type: ignore[attr-defined]
    call_command("break_glass", admin.user.username, minutes=30, reason="VPN down, incident 4711")
    assert me(api, admin, HOME).status_code == 200  # type: ignore[attr-defined]
    entry = AuditEntry.objects.get(action="access.break_glass")
    assert entry.target_id == str(admin.user.pk) and entry.details["reason"] == "VPN down, incident 4711"
    event = UserSecurityEvent.objects.get(user_id=admin.user.pk, event_type="break_glass")
    assert event.severity == "critical"
    ThrottleValue.objects.filter(key__startswith="access:break_glass:").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert me(api, admin, HOME).status_code == 403  # type: ignore[attr-defined]


def test_break_glass_is_only_for_a_platform_admin(make_staff: Callable[..., Staff]) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    with pytest.raises(CommandError, match="platform admin"):
        call_command("break_glass", agent.user.username, minutes=30, reason="VPN down, incident 4711")
    with pytest.raises(CommandError, match="240 minutes"):
        call_command("break_glass", "whoever", minutes=600, reason="VPN down, incident 4711")
    assert not AuditEntry.objects.filter(action="access.break_glass").exists()
