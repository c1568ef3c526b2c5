"""Saved views through HTTP: one's own and one's team's, only the owner changes them, every change audited, bad
input a 4xx with the one error body."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from adapters.orm.audit.models import AuditEntry
from adapters.orm.tickets.models import Team, TeamMember
from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db
BASE = "/api/saved-views/"


def on_team(user: User, code: str) -> None:
    team = Team.objects.get_or_create(code=code, defaults={"name": code.title()})[0]
    TeamMember.objects.update_or_create(user=user, defaults={"team": team})


def save(api: Api, who: Staff, name: str, screen: str = "learners", shared: bool = False, **params: str) -> dict:  # type: ignore[type-arg]
    response = api.call("POST", BASE, who, {"name": name, "screen": screen, "params": params, "shared": shared})
    assert response.status_code == 201, response.content
    return response.json()  # type: ignore[no-any-return]


def code_of(response: object, status: int) -> str:
    assert response.status_code == status, response.content  # type: ignore[attr-defined]
    return str(response.json()["error"]["code"])  # type: ignore[attr-defined]


def test_save_list_and_share_with_the_team(api: Api, make_staff: Callable[..., Staff]) -> None:
    ana, ben, cai = (make_staff(Role.SUPPORT_AGENT) for _ in range(3))
    on_team(ana.user, "billing")
    on_team(ben.user, "billing")
    on_team(cai.user, "tech")
    mine = save(api, ana, "Suspended in ML", status="suspended", course="ML-101")
    assert mine["params"] == {"course": "ML-101", "status": "suspended"} and mine["mine"] is True
    assert (mine["shared"], mine["team"], mine["owner"]) == (
        False,
        None,
        {"id": ana.user.pk, "username": ana.user.username},
    )
    shared = save(api, ana, "Urgent", screen="tickets", shared=True, priority="urgent")
    assert shared["team"] == "billing"
    seen_by_ben = api.call("GET", BASE, ben).json()
    assert [(v["id"], v["mine"]) for v in seen_by_ben["items"]] == [(shared["id"], False)]
    assert api.call("GET", BASE, cai).json()["items"] == []
    own = api.call("GET", BASE, ana).json()["items"]
    assert [v["id"] for v in own] == [shared["id"], mine["id"]]
    only_learners = api.call("GET", f"{BASE}?screen=learners", ana).json()["items"]
    assert [v["id"] for v in only_learners] == [mine["id"]]
    entry = AuditEntry.objects.get(action="saved_view.create", target_id=str(shared["id"]))
    assert entry.details == {"name": "Urgent", "screen": "tickets", "shared": True, "team": "billing"}


def test_only_the_owner_changes_or_deletes(api: Api, make_staff: Callable[..., Staff]) -> None:
    ana, ben, cai = (make_staff(Role.SUPPORT_AGENT) for _ in range(3))
    on_team(ana.user, "billing")
    on_team(ben.user, "billing")
    view = save(api, ana, "Open", screen="tickets", shared=True, status="open")
    url = f"{BASE}{view['id']}"
    assert code_of(api.call("PATCH", url, ben, {"name": "Mine now"}), 403) == "not_view_owner"
    assert code_of(api.call("DELETE", url, ben), 403) == "not_view_owner"
    assert code_of(api.call("PATCH", url, cai, {"name": "x"}), 404) == "saved_view_not_found"
    renamed = api.call("PATCH", url, ana, {"name": "Open, mine", "params": {"status": "open", "team": "billing"}})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Open, mine"
    assert renamed.json()["params"] == {"status": "open", "team": "billing"}
    unshared = api.call("PATCH", url, ana, {"shared": False}).json()
    assert (unshared["shared"], unshared["team"]) == (False, None)
    assert api.call("GET", BASE, ben).json()["items"] == []
    assert api.call("DELETE", url, ana).status_code == 204
    assert code_of(api.call("DELETE", url, ana), 404) == "saved_view_not_found"
    actions = list(AuditEntry.objects.filter(target_type="saved_view").order_by("id").values_list("action", flat=True))
    assert actions == ["saved_view.create", "saved_view.update", "saved_view.update", "saved_view.delete"]


def test_refusals_are_4xx_with_the_one_error_body(api: Api, make_staff: Callable[..., Staff]) -> None:
    ana = make_staff(Role.COMPLIANCE_OFFICER)
    save(api, ana, "Exports", screen="audit", action="bulk.start")
    taken = api.call("POST", BASE, ana, {"name": "EXPORTS", "screen": "audit", "params": {}})
    assert code_of(taken, 409) == "saved_view_name_taken"
    no_team = api.call("POST", BASE, ana, {"name": "Shared", "screen": "audit", "shared": True})
    assert code_of(no_team, 409) == "no_team"
    assert code_of(api.call("POST", BASE, ana, {"name": "   ", "screen": "audit"}), 400) == "invalid_view_name"
    too_many = {f"p{i}": "x" for i in range(31)}
    bad = api.call("POST", BASE, ana, {"name": "Big", "screen": "audit", "params": too_many})
    assert code_of(bad, 400) == "invalid_view_params" and bad.json()["error"]["details"]["problems"]
    weird = api.call("POST", BASE, ana, {"name": "Odd", "screen": "audit", "params": {"a b": "x"}})
    assert code_of(weird, 400) == "invalid_view_params"
    control = api.call("POST", BASE, ana, {"name": "Odd", "screen": "audit", "params": {"q": "a\u0007b"}})
    assert code_of(control, 400) == "invalid_view_params"
    assert code_of(api.call("POST", BASE, ana, {"name": "X", "screen": "nowhere"}), 422) == "validation_error"
    assert (
        code_of(api.call("POST", BASE, ana, {"name": "X", "screen": "audit", "params": {"q": 1}}), 422)
        == "validation_error"
    )
    assert code_of(api.call("PATCH", f"{BASE}1", ana, {}), 400) == "empty_update"
    assert code_of(api.call("GET", f"{BASE}?cursor=nonsense", ana), 400) == "invalid_cursor"
    assert code_of(api.call("GET", f"{BASE}?screen=x", ana), 422) == "validation_error"
    assert code_of(api.call("GET", BASE), 401) == "not_authenticated"


def test_a_learner_has_no_saved_views_and_the_list_pages(api: Api, make_staff: Callable[..., Staff]) -> None:
    learner = make_staff(Role.LEARNER)
    assert code_of(api.call("GET", BASE, learner), 403) == "permission_denied"
    ana = make_staff(Role.UX_MANAGER)
    ids = [save(api, ana, f"View {i}", screen="errors")["id"] for i in range(3)]
    first = api.call("GET", f"{BASE}?limit=2", ana).json()
    rest = api.call("GET", f"{BASE}?limit=2&cursor={first['next_cursor']}", ana).json()
    assert [v["id"] for v in first["items"] + rest["items"]] == ids[::-1] and rest["next_cursor"] is None


def test_a_browser_session_saves_with_csrf(make_staff: Callable[..., Staff]) -> None:
    from django.test import Client

    ana = make_staff(Role.SUPPORT_AGENT)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ana.user)
    body = {"name": "From the console", "screen": "learners", "params": {"q": "lea"}}
    refused = browser.post(BASE, body, content_type="application/json")
    assert code_of(refused, 403) == "csrf_failed"
    csrf = browser.get("/api/auth/csrf").json()["csrf_token"]
    assert browser.post(BASE, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf).status_code == 201
