"""Run-time policies over HTTP with real auth: only platform admins, field errors, stale versions, audit before and
after, and the change in force on the next request (a password set, a staff request from a network)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.orm.audit.models import AuditEntry
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.permissions import Role
from tests.api.conftest import Api, Staff
from tests.api.test_errors_api import assert_error

pytestmark = pytest.mark.django_db
BASE = "/api/policies/"
PASSWORD_GROUP = {"min_length": 15, "min_length_with_mfa": 8, "history": 5}


def group(api: Api, who: Staff, name: str) -> dict[str, Any]:
    res = api.call("GET", BASE, who)
    assert res.status_code == 200, res.content
    return next(g for g in res.json()["items"] if g["group"] == name)  # type: ignore[no-any-return]


def test_only_platform_admins_and_the_superuser(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin, root = make_staff(Role.PLATFORM_ADMIN), make_staff(superuser=True)
    for who in (make_staff(Role.SUPPORT_ADMIN), make_staff(Role.COMPLIANCE_OFFICER)):
        assert_error(api.call("GET", BASE, who), 403, "permission_denied")
        body = {"version": 0, "values": PASSWORD_GROUP}
        assert_error(api.call("PUT", f"{BASE}password", who, body), 403, "permission_denied")
    assert api.call("GET", BASE, None).status_code == 401
    assert api.call("GET", BASE, root).status_code == 200
    password = group(api, admin, "password")
    assert (password["values"], password["defaults"], password["overridden"], password["version"]) == (
        PASSWORD_GROUP,
        PASSWORD_GROUP,
        False,
        0,
    )
    assert group(api, admin, "network")["values"] == {"overall": [], "by_role": {}}


def test_field_errors_unknown_groups_and_stale_versions(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    bad = {"version": 0, "values": {"min_length": 4, "min_length_with_mfa": 8}}
    err = assert_error(api.call("PUT", f"{BASE}password", admin, bad), 400, "invalid_policy")
    assert err["details"]["problems"] == {"min_length": "a whole number from 8 to 128", "history": "required"}
    assert api.call("PUT", f"{BASE}colours", admin, bad).status_code == 422  # not a group: the path is refused
    good = {"version": 0, "values": {**PASSWORD_GROUP, "min_length": 20}}
    assert api.call("PUT", f"{BASE}password", admin, good).status_code == 200
    err = assert_error(api.call("PUT", f"{BASE}password", admin, good), 409, "policy_version_conflict")
    assert err["details"] == {"version": 1}
    assert_error(api.call("DELETE", f"{BASE}password?version=0", admin), 409, "policy_version_conflict")


def test_a_longer_minimum_is_enforced_on_the_next_password_set_and_reset_restores_it(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)

    def create(password: str, username: str) -> Any:
        body = {"username": username, "email": f"{username}@example.com", "password": password, "role": "support_agent"}
        return api.call("POST", "/api/staff/", admin, body)

    sixteen = "sixteen chars ok"
    body = {"version": 0, "values": {**PASSWORD_GROUP, "min_length": 20}}
    res = api.call("PUT", f"{BASE}password", admin, body)
    assert res.status_code == 200 and res.json()["values"]["min_length"] == 20 and res.json()["version"] == 1
    assert res.json()["overridden"] is True and res.json()["updated_by"] == admin.user.username
    assert api.call("GET", "/api/security/password-policy").json()["min_length"] == 20
    err = assert_error(create(sixteen, "first_agent"), 422, "weak_password")
    assert err["details"]["reasons"] == ["too_short"]
    entry = AuditEntry.objects.get(action="policy.change", target_id="password")
    assert entry.details["before"] == PASSWORD_GROUP and entry.details["after"]["min_length"] == 20
    event = UserSecurityEvent.objects.get(event_type="policy_changed")
    assert (event.severity, event.additional_data["weakens"]) == ("medium", False)

    res = api.call("DELETE", f"{BASE}password?version=1", admin)
    assert res.status_code == 200 and res.json()["overridden"] is False and res.json()["version"] == 2
    assert create(sixteen, "second_agent").status_code == 201
    assert AuditEntry.objects.get(action="policy.reset").details["after"] == PASSWORD_GROUP
    weaker = UserSecurityEvent.objects.filter(event_type="policy_changed").order_by("-id").first()
    assert weaker is not None and weaker.severity == "high"  # back from 20 to 15: shorter passwords


def test_a_narrower_allowlist_refuses_the_next_staff_request(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin, agent = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.SUPPORT_AGENT)
    assert api.call("GET", "/api/auth/me", agent, REMOTE_ADDR="198.51.100.7").status_code == 200
    body = {"version": 0, "values": {"overall": ["10.0.0.0/8"], "by_role": {"platform_admin": ["10.1.0.0/16"]}}}
    assert api.call("PUT", f"{BASE}network", admin, body, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert_error(api.call("GET", "/api/auth/me", agent, REMOTE_ADDR="198.51.100.7"), 403, "network_not_allowed")
    assert api.call("GET", "/api/auth/me", agent, REMOTE_ADDR="10.200.0.1").status_code == 200
    assert_error(api.call("GET", BASE, admin, REMOTE_ADDR="10.200.0.1"), 403, "network_not_allowed")
    bad = {"version": 1, "values": {"overall": ["10.0.0.1/8"], "by_role": {}}}
    err = assert_error(api.call("PUT", f"{BASE}network", admin, bad, REMOTE_ADDR="10.1.2.3"), 400, "invalid_policy")
    assert list(err["details"]["problems"]) == ["overall"]
