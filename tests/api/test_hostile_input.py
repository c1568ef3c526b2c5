"""One regression test per class of hostile input that once gave a 500 (or a wrong 2xx/403): each now answers a
clear 4xx with the one error body, and nothing it sent is stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from adapters.orm.accounts.models import UserActivityLog
from domain.identity.model import hash_token
from domain.shared.permissions import Role
from tests.support.cursors import raw_cursor

from .conftest import Api, Staff
from .test_tickets_api import make_learner

pytestmark = pytest.mark.django_db
R = Role
BIG = 2**63  # one past the largest bigint


def error_of(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    if code is not None:
        assert body["error"]["code"] == code, body
    return dict(body["error"])


@pytest.fixture
def admin(make_staff: Callable[..., Staff]) -> Staff:
    return make_staff(superuser=True)


@pytest.fixture
def lea(api: Api) -> Staff:
    return make_learner(api, "lea_hostile")


@pytest.fixture
def ticket_id(api: Api, admin: Staff, lea: Staff) -> int:
    body = {"title": "Help", "description": "Please help", "user_id": lea.user.id}
    response = api.call("POST", "/api/support/tickets/", admin, body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


class TestNulInText:
    def test_login_without_a_token(self, api: Api) -> None:
        response = api.call("POST", "/api/auth/login", None, {"username": "a\u0000b", "password": "x"})
        assert error_of(response, 422, "invalid_text")["details"] == {"in": "body"}

    @pytest.mark.parametrize("path", ["/api/users/profiles/", "/api/support/tickets/", "/api/support/knowledge-base/"])
    def test_search_terms(self, api: Api, admin: Staff, path: str) -> None:
        error_of(api.call("GET", f"{path}?q=a%00b", admin), 422, "invalid_text")

    def test_ticket_comment_article_and_activity(self, api: Api, admin: Staff, lea: Staff, ticket_id: int) -> None:
        comment = {"update_type": "comment", "content": "hi\u0000there"}
        error_of(api.call("POST", f"/api/support/tickets/{ticket_id}/updates/", admin, comment), 422, "invalid_text")
        article = {"title": "T", "body": "x\u0000", "category": "account"}
        error_of(api.call("POST", "/api/support/knowledge-base/", admin, article), 422, "invalid_text")
        item = {
            "kind": "activity",
            "user_id": lea.user.id,
            "activity_type": "login",
            "timestamp": "2026-01-01T00:00:00Z",
            "activity_data": {"page": "\u0000"},
        }
        error_of(api.call("POST", "/api/activity/events", admin, {"events": [item]}), 422, "invalid_text")
        assert not UserActivityLog.objects.filter(user_id=lea.user.id).exists()

    def test_an_escaped_backslash_before_u0000_is_just_text(self, api: Api, admin: Staff, ticket_id: int) -> None:
        raw = '{"update_type": "internal_note", "content": "C:\\\\u0000 is a path"}'  # the text C:\u0000 ...
        response = api.client.post(
            f"/api/support/tickets/{ticket_id}/updates/", data=raw, content_type="application/json", **admin.auth
        )
        assert response.status_code == 201 and response.json()["update"]["content"] == "C:\\u0000 is a path"


class TestCursors:
    BAD = ["WyJhIiwxXQ", "W10", "@@@", raw_cursor(["audit", True]), raw_cursor(["audit", BIG])]
    LISTS = [
        "/api/audit/",
        "/api/users/profiles/",
        "/api/users/profiles/?q=lea",
        "/api/users/profiles/?sort=name",
        "/api/support/tickets/",
        "/api/support/agents/",
        "/api/support/knowledge-base/",
        "/api/support/knowledge-base/?q=help",
    ]

    @pytest.mark.parametrize("path", LISTS)
    def test_every_staff_list_refuses_what_it_did_not_issue(self, api: Api, admin: Staff, path: str) -> None:
        joiner = "&" if "?" in path else "?"
        foreign = raw_cursor(["my-tickets", 5])
        for cursor in [*self.BAD, foreign]:
            error_of(api.call("GET", f"{path}{joiner}cursor={cursor}", admin), 400, "invalid_cursor")

    def test_activity_and_my_tickets(self, api: Api, admin: Staff, lea: Staff) -> None:
        for cursor in [*self.BAD, raw_cursor(["audit", 1])]:
            error_of(api.call("GET", f"/api/users/activity/{lea.user.id}/?cursor={cursor}", admin), 400)
            error_of(api.call("GET", f"/api/support/my-tickets/?cursor={cursor}", lea), 400, "invalid_cursor")


class TestTimes:
    @pytest.mark.parametrize(
        "query",
        [
            "from=2026-01-01",  # no zone
            "from=2026-01-01T00:00:00",
            "to=0001-01-01T00:00:00Z",
            "to=9999-12-31T23:59:59Z",
            "from=0001-01-01T00:00:00%2B14:00",  # year 0 once in UTC
        ],
    )
    def test_analytics_range(self, api: Api, admin: Staff, query: str) -> None:
        error_of(api.call("GET", f"/api/support/analytics/?{query}", admin), 422, "validation_error")

    def test_filters_on_every_list(self, api: Api, admin: Staff) -> None:
        for path in (
            "/api/audit/?since=",
            "/api/users/profiles/?joined_after=",
            "/api/support/tickets/?created_after=",
        ):
            error_of(api.call("GET", f"{path}2026-01-01T00:00:00", admin), 422, "validation_error")

    def test_a_poisoned_timestamp_is_refused_and_reads_stay_fine(self, api: Api, admin: Staff, lea: Staff) -> None:
        items = [
            {"kind": "activity", "user_id": lea.user.id, "activity_type": "login", "timestamp": ts}
            for ts in ("0001-01-01T00:00:00+14:00", "1969-12-31T23:59:59Z", "2999-01-01T00:00:00Z")
        ]
        service = admin  # a superuser holds activity.ingest too
        body = api.call("POST", "/api/activity/events", service, {"events": items}).json()
        assert body["accepted"] == 0 and [r["index"] for r in body["rejected"]] == [0, 1, 2]
        assert api.call("GET", f"/api/users/activity/{lea.user.id}/", admin).status_code == 200
        assert api.call("GET", f"/api/users/profiles/{lea.user.id}/", admin).status_code == 200


class TestNumbers:
    def test_ids_past_bigint_in_paths_are_404(self, api: Api, admin: Staff) -> None:
        for path in (
            f"/api/users/profiles/{BIG}/",
            f"/api/users/activity/{BIG}/",
            f"/api/support/tickets/{BIG}/",
            f"/api/support/my-tickets/{BIG}/",
            f"/api/support/knowledge-base/{BIG}/",
        ):
            error_of(api.call("GET", path, admin), 404, "not_found")
        error_of(api.call("PUT", f"/api/support/agents/{BIG}/availability", admin, {"available": True}), 404)

    def test_ids_past_bigint_in_bodies_and_queries_are_422(self, api: Api, admin: Staff, ticket_id: int) -> None:
        ticket = {"title": "x", "description": "y", "user_id": BIG}
        error_of(api.call("POST", "/api/support/tickets/", admin, ticket), 422, "validation_error")
        error_of(api.call("POST", f"/api/support/tickets/{ticket_id}/articles", admin, {"article_id": BIG}), 422)
        error_of(api.call("GET", f"/api/audit/?actor={BIG}", admin), 422, "validation_error")
        error_of(api.call("GET", f"/api/support/tickets/?user={BIG}", admin), 422, "validation_error")

    def test_booleans_and_strings_are_not_integers(self, api: Api, admin: Staff, ticket_id: int) -> None:
        for user_id in (True, "1", 1.0):
            body = {"title": "x", "description": "y", "user_id": user_id}
            error_of(api.call("POST", "/api/support/tickets/", admin, body), 422, "validation_error")
        error_of(api.call("PATCH", f"/api/support/tickets/{ticket_id}/", admin, {"version": True}), 422)

    @pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
    def test_nan_and_infinities_are_422(self, api: Api, admin: Staff, lea: Staff, number: str) -> None:
        item = (
            f'{{"kind": "activity", "user_id": {lea.user.id}, "activity_type": "quiz", '
            f'"timestamp": "2026-01-01T00:00:00Z", "activity_data": {{"score": {number}}}}}'
        )
        raw = f'{{"events": [{item}]}}'
        response = api.client.post("/api/activity/events", data=raw, content_type="application/json", **admin.auth)
        error_of(response, 422, "invalid_number")


def test_more_than_a_thousand_query_parameters_is_400(api: Api, admin: Staff) -> None:
    query = "&".join(f"p{i}=1" for i in range(1100))
    error_of(api.call("GET", f"/api/users/profiles/?{query}", admin), 400, "too_many_parameters")


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
def test_unsafe_methods_without_a_valid_token_are_401_not_csrf_403(api: Api, admin: Staff, method: str) -> None:
    path = {
        "POST": "/api/support/tickets/",
        "PATCH": "/api/users/profiles/1/",
        "PUT": "/api/support/agents/1/availability",
        "DELETE": "/api/support/knowledge-base/1/",
    }[method]
    browser = Client(enforce_csrf_checks=True)
    error_of(getattr(browser, method.lower())(path, data="{}", content_type="application/json"), 401)
    revoked = {"HTTP_AUTHORIZATION": "Bearer " + admin.token}
    api.call("POST", "/api/auth/logout", admin)
    from adapters.orm.identity.models import ApiToken

    assert ApiToken.objects.get(key_hash=hash_token(admin.token)).revoked_at is not None
    error_of(getattr(browser, method.lower())(path, data="{}", content_type="application/json", **revoked), 401)


def test_a_learner_cannot_post_an_internal_note(api: Api, lea: Staff, ticket_id: int) -> None:
    """Posting updates is staff's operation; learners reply at /my-tickets/{id}/replies, which takes no kind."""
    note = {"update_type": "internal_note", "content": "psst"}
    error_of(api.call("POST", f"/api/support/tickets/{ticket_id}/updates/", lea, note), 403, "permission_denied")
    their_view = api.call("GET", f"/api/support/my-tickets/{ticket_id}/", lea).json()
    assert their_view["id"] == ticket_id and all("psst" not in json.dumps(u) for u in their_view["updates"])


class TestBulkStartBodies:
    """The bulk start reads its body itself (JSON, or multipart for imports): hostile bodies answer 400 there too."""

    PATH = "/api/users/bulk-operations/"

    def test_deeply_nested_json_is_400(self, api: Api, admin: Staff) -> None:
        deep = "[" * 100_000 + "]" * 100_000
        response = api.client.post(self.PATH, data=deep, content_type="application/json", **admin.auth)
        error_of(response, 400)
        nested = '{"operation_type": "export", "parameters": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
        response = api.client.post(self.PATH, data=nested, content_type="application/json", **admin.auth)
        assert response.status_code in (400, 422), response.content[:200]

    def test_multipart_without_a_boundary_is_400(self, api: Api, admin: Staff) -> None:
        body = b'--x\r\nContent-Disposition: form-data; name="operation_type"\r\n\r\nimport_users\r\n--x--\r\n'
        for content_type in (
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\u00e9",
        ):
            response = api.client.post(self.PATH, data=body, content_type=content_type, **admin.auth)
            error_of(response, 400)


@pytest.mark.parametrize("body", ["[]", "[1]", "5", '"typing"', "null", "true"])
def test_a_json_body_that_is_not_an_object_is_422_everywhere(api: Api, admin: Staff, lea: Staff, body: str) -> None:
    """Ninja's Schema reads any value's missing attributes as defaults: `[]` used to pass as `{}` on every body whose
    fields all have defaults (a profile patch, an impersonation approval). The parser refuses it for every operation."""
    for method, path in (("patch", f"/api/users/profiles/{lea.user.id}/"), ("post", "/api/auth/password-reset")):
        response = getattr(api.client, method)(path, data=body, content_type="application/json", **admin.auth)
        error = error_of(response, 422, "validation_error")
        assert error["details"]["fields"] == [{"loc": ["body"], "msg": "must be a JSON object", "type": "dict_type"}]
    assert not UserActivityLog.objects.filter(user_id=lea.user.id).exists()
