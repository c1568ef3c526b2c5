"""401 versus 403 for each role on protected routes, and the audit of staff creation."""

from __future__ import annotations

import pytest

from domain.shared.permissions import Role

from .conftest import Api

pytestmark = pytest.mark.django_db

ROUTES = [
    # (method, path, body, roles allowed)
    ("GET", "/api/audit/", None, {Role.PLATFORM_ADMIN, Role.COMPLIANCE_OFFICER}),
    (
        "POST",
        "/api/staff/",
        {"username": "made_{role}", "password": "another-long-password", "role": "support_agent"},
        {Role.PLATFORM_ADMIN},
    ),
]


def test_learner_role_cannot_be_given_to_staff(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    body = {"username": "x_learner", "password": "another-long-password", "role": "learner"}
    response = api.call("POST", "/api/staff/", make_staff(Role.PLATFORM_ADMIN), body)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"
    assert response.json()["error"]["details"]["fields"][0]["loc"] == ["body", "role"]
    schemas = api.call("GET", "/api/openapi.json", make_staff(Role.PLATFORM_ADMIN)).json()["components"]["schemas"]
    assert "learner" not in schemas["StaffIn"]["properties"]["role"]["enum"]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
def test_anonymous_gets_401(api: Api, method: str, path: str, body: dict | None, allowed: set[Role]) -> None:
    response = api.call(method, path, None, body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
def test_each_role(
    api: Api, make_staff, role: Role, method: str, path: str, body: dict | None, allowed: set[Role]
) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff(role)
    payload = {k: v.format(role=role.value) if isinstance(v, str) else v for k, v in (body or {}).items()} or None
    response = api.call(method, path, staff, payload)
    if role in allowed:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


def test_superuser_may_do_everything(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    root = make_staff(superuser=True)
    assert api.call("GET", "/api/audit/", root).status_code == 200
