"""The other run-time policies in force on the next request: bulk's approval threshold, the roles that must use
MFA, login protection's account lock, and retention periods."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.shared.permissions import Role
from tests.api.conftest import Api, Staff, login
from tests.api.test_bulk_api import status_body

pytestmark = pytest.mark.django_db
BASE = "/api/policies/"


def put(api: Api, admin: Staff, group: str, values: dict[str, Any]) -> dict[str, Any]:
    current = next(g for g in api.call("GET", BASE, admin).json()["items"] if g["group"] == group)
    res = api.call("PUT", f"{BASE}{group}", admin, {"version": current["version"], "values": values})
    assert res.status_code == 200, res.content
    return res.json()  # type: ignore[no-any-return]


def test_a_lower_bulk_threshold_makes_the_next_operation_wait_for_approval(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    ids = []
    for i in range(3):
        body = {"username": f"learner{i}", "email": f"learner{i}@example.com", "first_name": f"L{i}"}
        ids.append(api.call("POST", "/api/users/profiles/", admin, body).json()["id"])
    approvals = {"bulk_threshold": 2, "impersonation_minutes_without_approval": 60}
    assert put(api, admin, "approvals", approvals)["values"] == approvals
    response = api.call("POST", "/api/users/bulk-operations/", admin, status_body(ids))
    assert response.status_code == 202 and response.json()["status"] == "awaiting_approval"


def test_a_role_added_to_mfa_gets_an_enrol_only_session_at_its_next_sign_in(
    api: Api, make_staff: Callable[..., Staff], client: Any
) -> None:
    admin, support = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.SUPPORT_ADMIN)
    assert login(client, support.user.username).json()["scope"] == "full"
    changed = put(api, admin, "mfa", {"required_roles": ["support_admin"]})
    assert changed["values"] == {"required_roles": ["support_admin"]} and changed["defaults"]["required_roles"] == []
    assert login(client, support.user.username).json()["scope"] == "mfa_enrolment"


def test_a_lower_account_lock_refuses_sign_in_sooner(api: Api, make_staff: Callable[..., Staff], client: Any) -> None:
    admin, agent = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.SUPPORT_AGENT)
    put(api, admin, "login_protection", {"free_failures": 50, "account_max_failures": 5, "ip_accounts": 10})
    for _ in range(5):
        assert login(client, agent.user.username, "not the password").status_code == 401
    refused = login(client, agent.user.username)
    assert refused.status_code == 429, refused.content  # the right password too: locked from every network
    assert refused.json()["error"]["code"] == "login_throttled"
    assert refused.json()["error"]["details"]["retry_after"] == 12 * 3600  # the lock, not a delay (50 are free)


def test_retention_periods_are_validated_per_data_class(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    current = next(g for g in api.call("GET", BASE, admin).json()["items"] if g["group"] == "retention")
    assert current["values"]["activity"] == 730
    bad = {"version": 0, "values": {**current["values"], "activity": -1}}
    res = api.call("PUT", f"{BASE}retention", admin, bad)
    assert res.status_code == 400 and list(res.json()["error"]["details"]["problems"]) == ["activity"]
    shorter = put(api, admin, "retention", {**current["values"], "session_recordings": 7})
    assert shorter["values"]["session_recordings"] == 7 and shorter["overridden"] is True


def test_a_shorter_impersonation_threshold_makes_a_longer_session_wait_for_a_second_admin(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin, support = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.SUPPORT_ADMIN)
    body = {"username": "lena", "email": "lena@example.com", "first_name": "Lena"}
    learner = api.call("POST", "/api/users/profiles/", admin, body).json()["id"]
    ask = {"user_id": learner, "reason": "Learner reports the quiz page is blank", "minutes": 30}
    first = api.call("POST", "/api/users/impersonate/", support, ask).json()
    assert first["status"] == "active" and first["approval_reasons"] == []
    assert api.call("POST", f"/api/users/impersonate/{first['id']}/end", support).status_code == 200

    put(api, admin, "approvals", {"bulk_threshold": 1000, "impersonation_minutes_without_approval": 15})
    second = api.call("POST", "/api/users/impersonate/", support, ask).json()
    assert second["status"] == "pending_approval" and second["approval_reasons"] == ["long_session"]
