"""The knowledge base through HTTP with real auth: permissions per role, CRUD, versions, votes,
validation and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.orm.audit.models import AuditEntry
from adapters.orm.knowledge.models import Article
from domain.shared.permissions import Role
from tests.support.cursors import raw_cursor

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db
R = Role
BASE = "/api/support/knowledge-base/"
READERS = {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.UX_MANAGER, R.PLATFORM_ADMIN, R.CUSTOMER_SUCCESS}
NEW = {"title": "Reset your password", "body": "1. Open **Settings**.", "category": "account", "tags": ["login"]}


@pytest.fixture
def author(make_staff: Callable[..., Staff]) -> Staff:
    return make_staff(R.SUPPORT_ADMIN, username="kb_author")


@pytest.fixture
def create(api: Api, author: Staff) -> Callable[..., dict[str, Any]]:
    def make(**fields: Any) -> dict[str, Any]:
        response = api.call("POST", BASE, author, {**NEW, "status": "published", **fields})
        assert response.status_code == 201, response.content
        body: dict[str, Any] = response.json()
        return body

    return make


ENDPOINTS: list[tuple[str, str, Any, set[Role]]] = [
    ("GET", BASE + "?q=password", None, READERS),
    ("GET", BASE + "{id}/", None, READERS),
    ("POST", BASE, NEW, {R.SUPPORT_ADMIN}),
    ("PATCH", BASE + "{id}/", {"version": 1, "title": "Renamed"}, {R.SUPPORT_ADMIN}),
    ("DELETE", BASE + "{id}/", None, {R.SUPPORT_ADMIN}),
    ("POST", BASE + "{id}/vote", {"helpful": True}, READERS | {R.LEARNER}),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_every_endpoint_for_every_role(
    api: Api,
    make_staff: Callable[..., Staff],
    create: Callable[..., dict[str, Any]],
    method: str,
    path: str,
    body: Any,
    allowed: set[Role],
) -> None:
    url = path.format(id=create()["id"])
    anonymous = api.call(method, url, None, body)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "not_authenticated"
    for role in Role:
        response = api.call(method, url, make_staff(role), body)
        if role in allowed:
            assert response.status_code in (200, 201, 204), (role, response.content)
        else:
            assert response.status_code == 403, (role, response.status_code)
            assert response.json()["error"]["code"] == "permission_denied"


def test_crud_happy_path_with_audit(api: Api, make_staff: Callable[..., Staff], author: Staff) -> None:
    created = api.call("POST", BASE, author, {**NEW, "tags": ["Login", "password-reset"]})
    assert created.status_code == 201
    article = created.json()
    assert {k: article[k] for k in ("title", "body", "category", "tags", "status", "version")} == {
        "title": "Reset your password",
        "body": "1. Open **Settings**.",
        "category": "account",
        "tags": ["login", "password-reset"],
        "status": "draft",
        "version": 1,
    }
    assert article["created_by"] == article["updated_by"] == author.user.id
    assert (article["helpful_votes"], article["not_helpful_votes"], article["linked_tickets"]) == (0, 0, 0)
    assert article["usefulness"] == 0.5
    url = f"{BASE}{article['id']}/"
    assert api.call("GET", url, author).json() == article

    patched = api.call("PATCH", url, author, {"version": 1, "status": "published", "body": "Steps."})
    assert patched.status_code == 200
    assert (patched.json()["version"], patched.json()["status"], patched.json()["title"]) == (
        2,
        "published",
        "Reset your password",
    )
    agent = make_staff(R.SUPPORT_AGENT)
    listed = api.call("GET", BASE, agent).json()
    assert [a["id"] for a in listed["items"]] == [article["id"]] and listed["next_cursor"] is None
    assert "body" not in listed["items"][0]

    deleted = api.call("DELETE", url, author)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = api.call("GET", url, author)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "article_not_found"

    entries = list(AuditEntry.objects.filter(target_type="article", target_id=str(article["id"])).order_by("id"))
    assert [(e.action, e.actor_id) for e in entries] == [
        ("kb.create", author.user.id),
        ("kb.update", author.user.id),
        ("kb.delete", author.user.id),
    ]
    assert entries[1].details["status"] == {"from": "draft", "to": "published"}
    assert entries[1].details["body"] == {"from_length": 21, "to_length": 6}


def test_stale_version_is_409(api: Api, author: Staff, create: Callable[..., dict[str, Any]]) -> None:
    url = f"{BASE}{create()['id']}/"
    assert api.call("PATCH", url, author, {"version": 1, "title": "First"}).status_code == 200
    stale = api.call("PATCH", url, author, {"version": 1, "title": "Second"})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "stale_article" and error["details"]["current_version"] == 2
    assert Article.objects.get().title == "First"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**NEW, "title": ""}, "validation_error"),
        ({**NEW, "title": "x" * 201}, "validation_error"),
        ({k: v for k, v in NEW.items() if k != "category"}, "validation_error"),
        ({**NEW, "status": "secret"}, "validation_error"),
        ({**NEW, "tags": "login"}, "validation_error"),
        ({**NEW, "tags": [f"t{i}" for i in range(21)]}, "validation_error"),
        ({**NEW, "body": "x" * 100_001}, "validation_error"),
        ({**NEW, "category": "astrology"}, "unknown_category"),
        ({**NEW, "title": "   "}, "invalid_title"),
        ({**NEW, "tags": ["two words"]}, "invalid_tag"),
    ],
)
def test_create_validation_is_422(api: Api, author: Staff, body: dict[str, Any], code: str) -> None:
    response = api.call("POST", BASE, author, body)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["details"]["fields"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"title": "No version"}, "validation_error"),
        ({"version": 0, "title": "x"}, "validation_error"),
        ({"version": "one", "title": "x"}, "validation_error"),
        ({"version": 1, "category": "astrology"}, "unknown_category"),
        ({"version": 1, "title": ""}, "validation_error"),
    ],
)
def test_patch_validation_is_422(
    api: Api, author: Staff, create: Callable[..., dict[str, Any]], body: dict[str, Any], code: str
) -> None:
    url = f"{BASE}{create()['id']}/"
    response = api.call("PATCH", url, author, body)
    assert response.status_code == 422 and response.json()["error"]["code"] == code


def test_empty_patch_is_400(api: Api, author: Staff, create: Callable[..., dict[str, Any]]) -> None:
    response = api.call("PATCH", f"{BASE}{create()['id']}/", author, {"version": 1})
    assert response.status_code == 400 and response.json()["error"]["code"] == "empty_update"


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("?category=astrology", 422, "unknown_category"),
        ("?status=secret", 422, "validation_error"),
        ("?limit=0", 422, "validation_error"),
        ("?limit=201", 422, "validation_error"),
        ("?cursor=not-a-cursor", 400, "invalid_cursor"),
        ("?cursor=" + raw_cursor(["kb:recent", "2026-01-01T00:00:00+00:00", 2**70]), 400, "invalid_cursor"),
        ("?q=x&cursor=" + raw_cursor(["kb:recent", "2026-01-01T00:00:00+00:00", 1]), 400, "invalid_cursor"),
        ("?q=" + "x" * 201, 422, "validation_error"),
    ],
)
def test_bad_search_input(api: Api, make_staff: Callable[..., Staff], query: str, status: int, code: str) -> None:
    response = api.call("GET", BASE + query, make_staff(R.SUPPORT_AGENT))
    assert response.status_code == status and response.json()["error"]["code"] == code


def test_search_ranks_filters_and_pages(
    api: Api, make_staff: Callable[..., Staff], create: Callable[..., dict[str, Any]]
) -> None:
    body_only = create(title="Account settings", body="To reset a forgotten password use the link.")["id"]
    title = create(title="Reset your password", body="Open the settings page.")["id"]
    internal = create(title="Refunds", body="Five days.", category="billing", status="internal")["id"]
    draft = create(title="Password policy", status="draft")["id"]
    agent = make_staff(R.SUPPORT_AGENT)

    def ids(query: str, who: Staff = agent) -> list[int]:
        response = api.call("GET", BASE + query, who)
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["items"]]

    assert ids("?q=password") == [title, body_only]
    assert ids("?q=reset%20password") == [title, body_only]
    assert ids("") == [internal, title, body_only]
    assert ids("?category=billing") == [internal]
    assert ids("?status=published") == [title, body_only]
    assert ids("?status=draft", make_staff(R.SUPPORT_ADMIN)) == [draft]
    drafts = api.call("GET", BASE + "?status=draft", agent)
    assert drafts.status_code == 403
    first = api.call("GET", BASE + "?limit=2", agent).json()
    assert [a["id"] for a in first["items"]] == [internal, title]
    second = api.call("GET", f"{BASE}?limit=2&cursor={first['next_cursor']}", agent).json()
    assert [a["id"] for a in second["items"]] == [body_only] and second["next_cursor"] is None


def test_drafts_are_hidden_from_readers(
    api: Api, make_staff: Callable[..., Staff], create: Callable[..., dict[str, Any]]
) -> None:
    draft = create(status="draft")["id"]
    for role in READERS - {R.SUPPORT_ADMIN}:
        response = api.call("GET", f"{BASE}{draft}/", make_staff(role))
        assert response.status_code == 404 and response.json()["error"]["code"] == "article_not_found"


def test_votes(api: Api, make_staff: Callable[..., Staff], create: Callable[..., dict[str, Any]]) -> None:
    published = create()["id"]
    internal = create(status="internal")["id"]
    learner = make_staff(R.LEARNER)
    url = f"{BASE}{published}/vote"
    assert api.call("POST", url, learner, {"helpful": True}).json()["helpful_votes"] == 1
    again = api.call("POST", url, learner, {"helpful": False}).json()
    assert (again["helpful_votes"], again["not_helpful_votes"], again["usefulness"]) == (0, 1, 0.333)
    hidden = api.call("POST", f"{BASE}{internal}/vote", learner, {"helpful": True})
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "article_not_found"
    bad = api.call("POST", url, learner, {"helpful": "maybe"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
    assert api.call("POST", url, learner, {}).status_code == 422
    agent = make_staff(R.SUPPORT_AGENT)
    assert api.call("POST", f"{BASE}{internal}/vote", agent, {"helpful": True}).json()["helpful_votes"] == 1


@pytest.mark.parametrize(
    ("article_id", "code"),
    [("424242", "article_not_found"), ("9223372036854775808", "not_found"), ("99999999999999999999999", "not_found")],
)
def test_unknown_articles_are_404(api: Api, author: Staff, article_id: str, code: str) -> None:
    """An id past bigint matches no route at all."""
    for method, suffix, body in [
        ("GET", "/", None),
        ("PATCH", "/", {"version": 1, "title": "x"}),
        ("DELETE", "/", None),
        ("POST", "/vote", {"helpful": True}),
    ]:
        response = api.call(method, f"{BASE}{article_id}{suffix}", author, body)
        assert response.status_code == 404, (method, response.content)
        assert response.json()["error"]["code"] == code


def test_openapi_documents_every_route(api: Api) -> None:
    paths = api.call("GET", "/api/openapi.json").json()["paths"]
    assert set(paths[BASE]) == {"get", "post"}
    assert set(paths[BASE + "{article_id}/"]) == {"get", "patch", "delete"}
    assert set(paths[BASE + "{article_id}/vote"]) == {"post"}
    assert {"200", "401", "403", "422"} <= set(paths[BASE]["get"]["responses"])
    assert {"204", "401", "403", "404"} <= set(paths[BASE + "{article_id}/"]["delete"]["responses"])
    assert "409" not in paths[BASE + "{article_id}/"]["delete"]["responses"]  # a delete cannot conflict
