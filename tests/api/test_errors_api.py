"""One error body for 404, 405, 409, 422 and 400 under /api/."""

from __future__ import annotations

import pytest

from domain.shared.permissions import Role

from .conftest import Api

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    return body["error"]


def test_a_path_no_route_takes_is_404_for_every_method_not_a_csrf_403() -> None:
    """The catch-all 404 changes nothing, so it needs no CSRF check: a DELETE to a negative id (the fuzzer's
    DELETE /api/auth/sessions/-1742348) was a 403 its operation does not declare."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    for method in ("get", "delete", "post", "patch"):
        assert_error(getattr(browser, method)("/api/support/my-tickets/-1/"), 404, "not_found")


def test_unknown_route_is_404(api: Api) -> None:
    assert_error(api.client.get("/api/no/such/thing"), 404, "not_found")


def test_wrong_method_is_405(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    err = assert_error(api.call("DELETE", "/api/auth/me", make_staff(Role.SUPPORT_AGENT)), 405, "method_not_allowed")
    assert "GET" in err["details"]["allow"]


def test_conflict_is_409(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(Role.PLATFORM_ADMIN, username="taken_name")
    body = {"username": "taken_name", "password": "another-long-password", "role": "support_agent"}
    assert_error(api.call("POST", "/api/staff/", admin, body), 409, "username_taken")


def test_validation_is_422_with_fields(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(Role.PLATFORM_ADMIN)
    err = assert_error(api.call("POST", "/api/staff/", admin, {"username": "x"}), 422, "validation_error")
    locs = {tuple(f["loc"]) for f in err["details"]["fields"]}
    assert ("body", "password") in locs and ("body", "role") in locs


def test_bad_enum_and_malformed_json_are_4xx(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(Role.PLATFORM_ADMIN)
    body = {"username": "valid_name", "password": "another-long-password", "role": "wizard"}
    assert_error(api.call("POST", "/api/staff/", admin, body), 422, "validation_error")
    raw = api.client.post("/api/staff/", data="{not json", content_type="application/json", **admin.auth)
    assert raw.status_code in (400, 422) and "error" in raw.json()


def test_weak_password_is_422_and_never_echoed(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(Role.PLATFORM_ADMIN)
    body = {"username": "valid_name", "password": "12345", "role": "support_agent"}
    err = assert_error(api.call("POST", "/api/staff/", admin, body), 422, "weak_password")
    assert "12345" not in str(err)


def test_bad_cursor_and_limit(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    officer = make_staff(Role.COMPLIANCE_OFFICER)
    assert_error(api.call("GET", "/api/audit/?cursor=@@@", officer), 400, "invalid_cursor")
    assert_error(api.call("GET", "/api/audit/?limit=500", officer), 422, "validation_error")
