"""The support desk through HTTP with real auth: permissions per role, learners' own tickets only (at
/my-tickets/, staff at /tickets/), internal notes never reaching a learner, stale writes, errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail

from adapters.orm.audit.models import AuditEntry
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.tickets.models import Team, TeamMember
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container

from .conftest import PASSWORD, Api, Staff, login

pytestmark = pytest.mark.django_db
R = Role


def make_learner(api: Api, username: str) -> Staff:
    new = NewLearner(
        username,
        f"{username}@example.com",
        "Lea",
        "Ng",
        AccountStatus.ACTIVE,
        PlatformRole.LEARNER,
        SupportPriority.NORMAL,
        True,
        None,
    )
    uid = container().accounts.create(SYSTEM, new).summary.id
    user = User.objects.get(pk=uid)
    user.set_password(PASSWORD)
    user.save()
    return Staff(user, login(api.client, username).json()["token"])


@pytest.fixture
def lea(api: Api) -> Staff:
    return make_learner(api, "lea")


@pytest.fixture
def agent(make_staff: Callable[..., Staff]) -> Staff:
    staff = make_staff(R.SUPPORT_AGENT, username="alice_agent")
    TeamMember.objects.create(user=staff.user, team=Team.objects.get(code="general"))
    return staff


@pytest.fixture
def ticket(api: Api, agent: Staff, lea: Staff) -> dict[str, Any]:
    body = {
        "title": "My certificate is missing",
        "description": "I finished the course last week.",
        "user_id": lea.user.id,
    }
    response = api.call("POST", "/api/support/tickets/", agent, body)
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_staff_ticket_shape_and_routing(ticket: dict[str, Any], agent: Staff, lea: Staff) -> None:
    assert ticket["ticket_id"].startswith("SUP-") and ticket["status"] == "open" and ticket["category"] == "other"
    assert ticket["user"]["id"] == lea.user.id and ticket["assigned_to"]["id"] == agent.user.id
    assert ticket["context"]["account_status"] == "active" and ticket["sla_deadline"] and ticket["version"] >= 1
    assert {"first_response_due", "next_response_due", "sla_paused_at", "escalation_level", "reopened_count"} <= set(
        ticket
    )


def test_learner_opens_their_own_ticket_and_sees_no_internals(api: Api, lea: Staff) -> None:
    new = {"title": "Refund", "description": "I was charged twice"}
    response = api.call("POST", "/api/support/my-tickets/", lea, new)
    body = response.json()
    assert response.status_code == 201 and body["user"]["id"] == lea.user.id and body["category"] == "billing"
    assert "context" not in body
    mine = api.call("GET", "/api/support/my-tickets/", lea).json()
    assert [t["id"] for t in mine["items"]] == [body["id"]]
    staff_side = api.call("POST", "/api/support/tickets/", lea, {**new, "user_id": lea.user.id})
    assert staff_side.status_code == 403  # opening tickets for learners is staff's operation


def test_internal_notes_never_reach_the_learner(
    api: Api, ticket: dict[str, Any], agent: Staff, lea: Staff, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    tid = ticket["id"]
    with django_capture_on_commit_callbacks(execute=True):
        note = api.call(
            "POST",
            f"/api/support/tickets/{tid}/updates/",
            agent,
            {"update_type": "internal_note", "content": "SECRET-NOTE possible fraud"},
        )
        reply = api.call(
            "POST",
            f"/api/support/tickets/{tid}/updates/",
            agent,
            {"update_type": "comment", "content": "We will fix it"},
        )
    assert note.status_code == 201 and note.json()["update"]["is_internal"] and reply.status_code == 201
    seen = api.call("GET", f"/api/support/my-tickets/{tid}/", lea)
    assert seen.status_code == 200 and "SECRET-NOTE" not in seen.content.decode()
    assert [u["update_type"] for u in seen.json()["updates"]].count("comment") == 1
    assert api.call("GET", f"/api/support/tickets/{tid}/", lea).status_code == 403  # the staff view is staff's
    assert "SECRET-NOTE" in api.call("GET", f"/api/support/tickets/{tid}/", agent).content.decode()
    assert [m.to for m in mail.outbox] == [["lea@example.com"]]
    assert all("SECRET-NOTE" not in m.body for m in mail.outbox)
    suggestions = api.call("GET", f"/api/support/my-tickets/{tid}/suggestions", lea)
    assert suggestions.status_code == 200


def test_learners_cannot_reach_other_learners_tickets(api: Api, ticket: dict[str, Any]) -> None:
    other = make_learner(api, "max")
    tid = ticket["id"]
    for method, path, body in [
        ("GET", f"/api/support/my-tickets/{tid}/", None),
        ("POST", f"/api/support/my-tickets/{tid}/replies", {"content": "hi"}),
        ("POST", f"/api/support/my-tickets/{tid}/rating", {"rating": 5}),
        ("GET", f"/api/support/my-tickets/{tid}/suggestions", None),
    ]:
        response = api.call(method, path, other, body)
        assert response.status_code == 404 and response.json()["error"]["code"] == "ticket_not_found", path
    for method, path, body in [
        ("GET", f"/api/support/tickets/{tid}/", None),
        ("POST", f"/api/support/tickets/{tid}/updates/", {"content": "hi"}),
        ("GET", "/api/support/tickets/", None),
    ]:
        assert api.call(method, path, other, body).status_code == 403, path
    assert (
        api.call("PATCH", f"/api/support/tickets/{tid}/", other, {"version": 1, "status": "resolved"}).status_code
        == 403
    )


def test_stale_write_is_409_and_transitions_are_checked(api: Api, ticket: dict[str, Any], agent: Staff) -> None:
    tid, version = ticket["id"], ticket["version"]
    first = api.call("PATCH", f"/api/support/tickets/{tid}/", agent, {"version": version, "priority": "high"})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = api.call("PATCH", f"/api/support/tickets/{tid}/", agent, {"version": version, "priority": "low"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_ticket"
    bad = api.call("PATCH", f"/api/support/tickets/{tid}/", agent, {"version": version + 1, "status": "closed"})
    assert bad.status_code == 409 and bad.json()["error"]["code"] == "invalid_ticket_transition"
    assert bad.json()["error"]["details"]["allowed"] == ["in_progress", "pending_user", "resolved"]


def test_reply_rating_and_reopen_through_http(api: Api, ticket: dict[str, Any], agent: Staff, lea: Staff) -> None:
    tid = ticket["id"]
    resolved = api.call(
        "PATCH", f"/api/support/tickets/{tid}/", agent, {"version": ticket["version"], "status": "resolved"}
    )
    assert resolved.status_code == 200
    rated = api.call("POST", f"/api/support/my-tickets/{tid}/rating", lea, {"rating": 4, "comment": "ok"})
    assert rated.status_code == 200 and rated.json()["satisfaction_rating"] == 4
    assert api.call("POST", f"/api/support/my-tickets/{tid}/rating", lea, {"rating": 9}).status_code == 422
    reopened = api.call("POST", f"/api/support/my-tickets/{tid}/replies", lea, {"content": "It is back"})
    assert reopened.status_code == 201 and reopened.json()["status"] == "in_progress"
    assert reopened.json()["reopened_count"] == 1


def test_bad_inputs(api: Api, ticket: dict[str, Any], agent: Staff) -> None:
    tid = ticket["id"]
    cases = [
        ("POST", "/api/support/tickets/", {"title": "", "description": "x", "user_id": 1}, 422),
        ("POST", "/api/support/tickets/", {"title": "x", "description": "y"}, 422),  # staff must name the learner
        ("POST", "/api/support/tickets/", {"title": "x", "description": "y", "user_id": 999999}, 404),
        ("POST", "/api/support/tickets/", {"title": "x", "description": "y", "user_id": 1, "category": "nope"}, 422),
        ("POST", "/api/support/tickets/", {"title": " ", "description": "y", "user_id": 1}, 400),
        ("PATCH", f"/api/support/tickets/{tid}/", {"status": "resolved"}, 422),  # version is required
        ("PATCH", f"/api/support/tickets/{tid}/", {"version": ticket["version"], "assigned_to": 999999}, 400),
        ("POST", f"/api/support/tickets/{tid}/updates/", {"update_type": "escalation", "content": "x"}, 400),
        ("POST", f"/api/support/tickets/{tid}/escalate", {"reason": ""}, 422),
        ("GET", "/api/support/tickets/?sla_state=melting", None, 422),
        ("GET", "/api/support/tickets/?assigned_to=someone", None, 422),
        ("GET", "/api/support/tickets/999999/", None, 404),
        ("GET", "/api/support/tickets/?cursor=garbage!", None, 400),
    ]
    for method, path, body, status in cases:
        response = api.call(method, path, agent, body)
        assert response.status_code == status, (method, path, response.content)
        assert "error" in response.json()


def test_reads_and_writes_are_audited_once_a_request(api: Api, ticket: dict[str, Any], agent: Staff) -> None:
    tid = ticket["id"]

    def actions() -> list[str]:
        mine = AuditEntry.objects.filter(actor_id=agent.user.id, target_type="ticket").order_by("id")
        return list(mine.values_list("action", flat=True))

    assert actions() == ["ticket.create"]  # the answer to a command is no extra read
    api.call("GET", f"/api/support/tickets/{tid}/", agent)
    assert api.call("POST", f"/api/support/tickets/{tid}/escalate", agent, {"reason": "exam today"}).status_code == 200
    patched = api.call("PATCH", f"/api/support/tickets/{tid}/", agent, {"version": 2, "tags": ["exam"]})
    assert patched.status_code == 200 and patched.json()["tags"] == ["exam"]
    assert actions() == ["ticket.create", "ticket.read", "ticket.escalate", "ticket.update"]


def test_posting_an_update_answers_the_update_and_the_tickets_new_version(
    api: Api, ticket: dict[str, Any], agent: Staff
) -> None:
    tid = ticket["id"]
    posted = api.call("POST", f"/api/support/tickets/{tid}/updates/", agent, {"content": "On it"})
    body = posted.json()
    assert posted.status_code == 201 and set(body) == {"update", "ticket_version"}
    assert body["ticket_version"] == ticket["version"] + 1 and isinstance(body["update"]["id"], int)
    assert body["update"]["created_by"]["id"] == agent.user.id and body["update"]["update_type"] == "comment"
    patched = api.call(
        "PATCH", f"/api/support/tickets/{tid}/", agent, {"version": body["ticket_version"], "status": "in_progress"}
    )
    assert patched.status_code == 200, patched.content
    shown = [u["id"] for u in patched.json()["updates"] if u["content"] == "On it"]
    assert shown == [body["update"]["id"]]


ENDPOINTS: list[tuple[str, str, Any, set[Role]]] = [
    (
        "GET",
        "/api/support/tickets/",
        None,
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    (
        "GET",
        "/api/support/tickets/{id}/",
        None,
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    (
        "POST",
        "/api/support/tickets/{id}/updates/",
        {"update_type": "internal_note", "content": "x"},
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT},
    ),
    ("POST", "/api/support/tickets/{id}/escalate", {"reason": "x"}, {R.SUPPORT_ADMIN, R.SUPPORT_AGENT}),
    (
        "POST",
        "/api/support/tickets/{id}/presence",
        {},
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    ("GET", "/api/support/analytics/", None, {R.SUPPORT_ADMIN, R.UX_MANAGER, R.PLATFORM_ADMIN, R.CUSTOMER_SUCCESS}),
    (
        "GET",
        "/api/support/agents/",
        None,
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    ("GET", "/api/support/my-tickets/", None, {R.LEARNER}),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_every_endpoint_for_every_role(
    api: Api, make_staff, ticket: dict[str, Any], method: str, path: str, body: Any, allowed: set[Role]
) -> None:  # type: ignore[no-untyped-def]
    url = path.format(id=ticket["id"])
    assert api.call(method, url, None, body).status_code == 401
    for role in Role:
        who = make_staff(role)
        response = api.call(method, url, who, body)
        if role in allowed:
            assert response.status_code in (200, 201, 204), (role, response.content)
        else:
            assert response.status_code in (403, 404), (role, response.status_code)


def test_availability_and_agents(api: Api, agent: Staff, make_staff) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/support/agents/{agent.user.id}/availability"
    assert api.call("PUT", url, agent, {"available": False}).status_code == 204
    listed = api.call("GET", "/api/support/agents/", agent).json()
    assert [(a["username"], a["available"]) for a in listed["items"]] == [("alice_agent", False)]
    assert listed["next_cursor"] is None
    other = make_staff(R.SUPPORT_AGENT)
    assert api.call("PUT", url, other, {"available": True}).status_code == 403
    assert api.call("PUT", url, make_staff(R.SUPPORT_ADMIN), {"available": True}).status_code == 204


def test_analytics_validates_the_range(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    manager = make_staff(R.UX_MANAGER)
    ok = api.call(
        "GET", "/api/support/analytics/?group_by=week&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", manager
    )
    assert ok.status_code == 200 and {"by_status", "backlog", "first_response_minutes", "agents"} <= set(ok.json())
    assert {"times_by_category", "times_by_priority"} <= set(ok.json())
    assert (ok.json()["from"], ok.json()["to"], ok.json()["group_by"]) == (
        "2026-01-01T00:00:00Z",
        "2026-02-01T00:00:00Z",
        "week",
    )
    assert "from_" not in ok.json()
    unknown = api.call("GET", "/api/support/analytics/?group_by=year", manager)
    assert unknown.status_code == 422
    bad = api.call("GET", "/api/support/analytics/?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", manager)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_range"


def test_support_admins_put_staff_on_teams(api: Api, make_staff, lea: Staff) -> None:  # type: ignore[no-untyped-def]
    admin, newcomer = make_staff(R.SUPPORT_ADMIN), make_staff(R.SUPPORT_AGENT)
    body = {"user_id": newcomer.user.id, "team": "technical", "is_escalation": True}
    assert api.call("POST", "/api/support/agents/", newcomer, body).status_code == 403
    made = api.call("POST", "/api/support/agents/", admin, body)
    assert made.status_code == 201 and made.json()["team"] == "technical" and made.json()["is_escalation"]
    learner = api.call("POST", "/api/support/agents/", admin, {**body, "user_id": lea.user.id})
    assert learner.status_code == 400 and learner.json()["error"]["code"] == "not_staff"
    unknown = api.call("POST", "/api/support/agents/", admin, {**body, "team": "astronauts"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "team_not_found"


def test_suggestions_and_article_links_with_the_real_knowledge_base(
    api: Api, make_staff, ticket: dict[str, Any], agent: Staff, lea: Staff
) -> None:  # type: ignore[no-untyped-def]
    editor = make_staff(R.SUPPORT_ADMIN)
    ids = {}
    for status in ("published", "internal", "draft"):
        body = {
            "title": f"Missing certificate after the course ({status})",
            "body": "Certificates are issued within a week.",
            "category": "other",
            "tags": ["certificate"],
            "status": status,
        }
        made = api.call("POST", "/api/support/knowledge-base/", editor, body)
        assert made.status_code == 201, made.content
        ids[status] = made.json()["id"]
    staff_view = api.call("GET", f"/api/support/tickets/{ticket['id']}/suggestions", agent).json()
    assert {a["id"] for a in staff_view["items"]} == {ids["published"], ids["internal"]}
    assert staff_view["next_cursor"] is None
    learner_view = api.call("GET", f"/api/support/my-tickets/{ticket['id']}/suggestions", lea).json()
    assert [a["id"] for a in learner_view["items"]] == [ids["published"]]
    link = api.call("POST", f"/api/support/tickets/{ticket['id']}/articles", agent, {"article_id": ids["published"]})
    assert link.status_code == 201 and link.json()["linked_articles"] == [ids["published"]]
    again = api.call("POST", f"/api/support/tickets/{ticket['id']}/articles", agent, {"article_id": ids["published"]})
    assert again.status_code == 200
    article = api.call("GET", f"/api/support/knowledge-base/{ids['published']}/", agent).json()
    assert article["linked_tickets"] == 1
    draft = api.call("POST", f"/api/support/tickets/{ticket['id']}/articles", agent, {"article_id": ids["draft"]})
    assert draft.status_code == 404 and draft.json()["error"]["code"] == "article_not_found"
    after = api.call("GET", f"/api/support/tickets/{ticket['id']}/", agent).json()
    assert after["linked_articles"] == [ids["published"]]  # the refused link left nothing behind


def test_the_ticket_offers_the_moves_its_reader_may_make(
    api: Api, ticket: dict[str, Any], agent: Staff, make_staff
) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/support/tickets/{ticket['id']}/"
    assert ticket["allowed_transitions"] == ["in_progress", "pending_user", "resolved"]
    assert api.call("GET", url, make_staff(R.COMPLIANCE_OFFICER)).json()["allowed_transitions"] == []  # reads only
    resolved = api.call("PATCH", url, agent, {"version": ticket["version"], "status": "resolved"}).json()
    assert resolved["allowed_transitions"] == ["open", "in_progress", "closed"]
    closed = api.call("PATCH", url, agent, {"version": resolved["version"], "status": "closed"}).json()
    assert closed["allowed_transitions"] == []
    refused = api.call("PATCH", url, agent, {"version": closed["version"], "status": "open"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "invalid_ticket_transition"


def test_presence_says_who_is_typing_on_the_ticket_and_the_queue(
    api: Api, ticket: dict[str, Any], agent: Staff, make_staff
) -> None:  # type: ignore[no-untyped-def]
    url, reader = f"/api/support/tickets/{ticket['id']}/presence", make_staff(R.COMPLIANCE_OFFICER)
    assert api.client.post(url, "", content_type="application/json", **agent.auth).status_code == 204  # viewing
    assert api.call("POST", url, agent, {"typing": True}).status_code == 204
    assert api.call("POST", url, reader, {"typing": False}).status_code == 204
    sent = OutboxMessage.objects.filter(kind="event", payload__type="ticket.presence").order_by("id")
    rows = [(m.channel, m.payload["data"]["username"], m.payload["data"]["typing"]) for m in sent]
    expected = [("alice_agent", False), ("alice_agent", True), (reader.user.username, False)]
    assert rows == [(c, n, t) for n, t in expected for c in ("tickets", f"ticket-{ticket['id']}")]
    assert api.call("POST", url, reader, {"typing": True}).status_code == 403  # reads only: no composer
    for bad in ({"typing": "yes"}, {"typing": 1}, {"typing": None}, [], "typing", 5):
        response = api.call("POST", url, agent, bad)
        assert response.status_code in (400, 422) and set(response.json()) == {"error"}, (bad, response.content)
    broken = api.client.post(url, "{not json", content_type="application/json", **agent.auth)
    assert broken.status_code == 400 and set(broken.json()) == {"error"}
