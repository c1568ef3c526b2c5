"""401 versus 403 for each role on protected routes, and the audit of staff creation."""

from __future__ import annotations

import pytest

from domain.shared.permissions import Permission, Role, permissions_for

from .conftest import Api
from .test_tickets_api import make_learner

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


# -- rank: nobody acts on the sessions, credentials or MFA of staff at their own rank or above ------------------
# (path under /api/users/profiles/{id}/, method, body)
RANKED_OPERATIONS = [
    ("GET", "sessions", None),
    ("DELETE", "sessions", None),
    ("DELETE", "sessions/999999", None),
    ("POST", "unblock", None),
    ("POST", "password-reset", {"reason": "The person asked on the phone"}),
    ("POST", "mfa/reset", {"reason": "Lost the phone with the authenticator"}),
]
ACTORS = {"support_admin": Role.SUPPORT_ADMIN, "platform_admin": Role.PLATFORM_ADMIN, "superuser": None}
RANKS = {"learner": 0, "support_agent": 1, "support_admin": 2, "compliance_officer": 2, "platform_admin": 3}
ACTOR_RANK = {"support_admin": 2, "platform_admin": 3, "superuser": 4}


@pytest.mark.parametrize(("method", "tail", "body"), RANKED_OPERATIONS, ids=lambda v: str(v))
@pytest.mark.parametrize("actor_name", list(ACTORS))
def test_staff_never_act_on_the_sessions_credentials_or_mfa_of_their_rank_or_above(
    api: Api, make_staff, actor_name: str, method: str, tail: str, body: dict | None
) -> None:  # type: ignore[no-untyped-def]
    role = ACTORS[actor_name]
    actor = make_staff(role) if role else make_staff(superuser=True)
    targets = {name: make_staff(Role(name)) for name in RANKS}
    targets["superuser"] = make_staff(superuser=True)
    for name, target in targets.items():
        if target.user.id == actor.user.id:
            continue
        response = api.call(method, f"/api/users/profiles/{target.user.id}/{tail}", actor, body)
        refused = name != "learner" and RANKS.get(name, 4) >= ACTOR_RANK[actor_name]
        if refused:
            assert response.status_code == 403, (name, response.content)
            assert response.json()["error"]["code"] == "target_outranks_actor"
        else:
            assert response.status_code in (200, 202, 204, 404, 409), (name, response.content)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.LEARNER])
def test_ticket_suggestions_need_kb_read_as_well(api: Api, make_staff, role: Role) -> None:  # type: ignore[no-untyped-def]
    """Suggestions hold internal articles: reading a ticket is not enough without `kb.read`."""
    admin = make_staff(superuser=True)
    article = {"title": "Reset a VPN token", "body": "internal steps", "category": "account", "status": "internal"}
    assert api.call("POST", "/api/support/knowledge-base/", admin, article).status_code == 201
    learner = make_learner(api, "vpn_learner")
    ticket = {"title": "VPN token reset", "description": "My VPN token", "user_id": learner.user.id}
    created = api.call("POST", "/api/support/tickets/", admin, ticket)
    assert created.status_code == 201, created.content
    response = api.call("GET", f"/api/support/tickets/{created.json()['id']}/suggestions", make_staff(role))
    may = {Permission.TICKETS_READ, Permission.KB_READ} <= permissions_for({role})
    assert response.status_code == (200 if may else 403), (role, response.content)
    if may:
        assert [a["title"] for a in response.json()["items"]] == ["Reset a VPN token"]


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.LEARNER])
def test_recording_a_learners_consents_is_privacy_work(api: Api, make_staff, role: Role) -> None:  # type: ignore[no-untyped-def]
    """docs/compliance.md: support admins (and compliance officers, platform admins) record a consent change on a
    learner's behalf (`privacy.request`); support agents, who may edit a profile, may not."""
    learner = make_learner(api, f"consent_{role.value}")
    body = {"changes": [{"consent_type": "marketing", "granted": True}], "reason": "signed paper form"}
    response = api.call("POST", f"/api/users/profiles/{learner.user.id}/consents", make_staff(role), body)
    allowed = {Role.SUPPORT_ADMIN, Role.COMPLIANCE_OFFICER, Role.PLATFORM_ADMIN}
    assert response.status_code == (200 if role in allowed else 403), (role, response.content)
