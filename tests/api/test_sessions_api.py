"""Sessions over HTTP with real auth: one's own (list, end one, log out everywhere), an admin's over another
person's, the same limits for browser sessions, "last used" written at most once a minute, and the purge task."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from adapters.orm.audit.models import AuditEntry
from adapters.orm.identity.models import ApiToken
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, use_container

from .conftest import PASSWORD, Api, Staff

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def clock(db: None) -> Iterator[FixedClock]:
    """The real adapters on a clock the test moves."""
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    use_container(build_container(clock))
    yield clock
    use_container(None)


@pytest.fixture
def lea(clock: FixedClock) -> User:
    return User.objects.create_user("lea", "lea@example.com", PASSWORD)


def token_of(client: Client, username: str, agent: str = FIREFOX) -> dict[str, str]:
    response = client.post(
        "/api/auth/login",
        json.dumps({"username": username, "password": PASSWORD}),
        content_type="application/json",
        HTTP_USER_AGENT=agent,
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [s["id"] for s in response.json()["items"]]


def test_one_lists_ones_own_sessions_and_the_current_one_is_marked(client: Client, lea: User) -> None:
    first = token_of(client, "lea")
    second = token_of(client, "lea", agent="curl/8.5.0")
    browser = Client(HTTP_USER_AGENT=FIREFOX)
    browser.force_login(lea)
    response = client.get("/api/auth/sessions", **second)
    body = response.json()
    assert response.status_code == 200 and len(body["items"]) == 3 and body["next_cursor"] is None
    assert [(s["kind"], s["current"], s["user_agent_family"]) for s in body["items"]] == [
        ("cookie", False, ""),  # force_login's request carries no User-Agent
        ("bearer", True, "curl"),
        ("bearer", False, "Firefox"),
    ]
    item = body["items"][2]
    assert item["description"] == "Firefox on Linux" and item["ip"] == "127.0.0.1"
    assert set(item) == {
        "id",
        "kind",
        "created_at",
        "last_used_at",
        "expires_at",
        "idle_expires_at",
        "ip",
        "user_agent_family",
        "description",
        "current",
    }
    assert item["expires_at"].startswith("2026-03-02T21:00") and item["idle_expires_at"].startswith("2026-03-02T11:00")
    for secret in (first["HTTP_AUTHORIZATION"][7:], second["HTTP_AUTHORIZATION"][7:], browser.session.session_key):
        assert secret not in response.content.decode()
    mine = browser.get("/api/auth/sessions").json()["items"]
    assert [s["current"] for s in mine] == [True, False, False]
    paged = client.get("/api/auth/sessions?limit=2", **first).json()
    assert len(paged["items"]) == 2 and paged["next_cursor"]
    rest = client.get(f"/api/auth/sessions?limit=2&cursor={paged['next_cursor']}", **first)
    assert ids(rest) == [mine[2]["id"]]
    bad = client.get("/api/auth/sessions?cursor=nonsense", **first)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_cursor"
    assert client.get("/api/auth/sessions").status_code == 401


def test_ending_ones_own_session_and_never_another_persons(client: Client, lea: User) -> None:
    mine, other = token_of(client, "lea"), token_of(client, "lea")
    User.objects.create_user("max", "max@example.com", PASSWORD)
    maxs = token_of(client, "max")
    lea_ids = ids(client.get("/api/auth/sessions", **mine))
    max_id = ids(client.get("/api/auth/sessions", **maxs))[0]
    refused = client.delete(f"/api/auth/sessions/{max_id}", **mine)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "session_not_found"
    assert client.get("/api/auth/me", **maxs).status_code == 200
    assert client.delete("/api/auth/sessions/999999", **mine).status_code == 404
    assert client.delete(f"/api/auth/sessions/{lea_ids[0]}", **mine).status_code == 204  # the newest: `other`
    assert client.get("/api/auth/me", **other).status_code == 401
    assert client.get("/api/auth/me", **mine).status_code == 200
    assert client.delete(f"/api/auth/sessions/{lea_ids[0]}", **mine).status_code == 404  # already over
    entry = AuditEntry.objects.filter(action="auth.session_end").get()
    assert entry.details == {"session": lea_ids[0]} and entry.actor_id == lea.pk
    assert client.delete(f"/api/auth/sessions/{lea_ids[1]}").status_code == 401


def test_logging_out_everywhere_ends_tokens_and_browser_sessions(client: Client, lea: User) -> None:
    token = token_of(client, "lea")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lea)
    response = browser.delete("/api/auth/sessions")  # a browser needs the CSRF token for an unsafe method
    assert response.status_code == 403
    csrf = browser.get("/api/auth/csrf").json()["csrf_token"]
    response = browser.delete("/api/auth/sessions", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200 and response.json() == {"user_id": lea.pk, "ended": 2}
    assert client.get("/api/auth/me", **token).status_code == 401
    assert browser.get("/api/auth/me").status_code == 401
    assert not Session.objects.exists()
    assert AuditEntry.objects.filter(action="auth.logout_everywhere").get().details == {"ended": 2}


def test_browser_sessions_and_tokens_share_the_idle_timeout_and_absolute_lifetime(
    client: Client, clock: FixedClock, lea: User
) -> None:
    token = token_of(client, "lea")
    browser = Client()
    browser.force_login(lea)
    clock.advance(hours=1, minutes=59)
    assert client.get("/api/auth/me", **token).status_code == 200  # used: it stays
    clock.advance(minutes=2)
    assert browser.get("/api/auth/me").status_code == 401  # unused for two hours: over
    for _ in range(9):  # up to 11:01 after login
        clock.advance(hours=1)
        assert client.get("/api/auth/me", **token).status_code == 200
    clock.advance(hours=1)  # 12:01 after login, used all along
    assert client.get("/api/auth/me", **token).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client: Client, clock: FixedClock, lea: User) -> None:
    token = token_of(client, "lea")

    def writes() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/auth/me", **token).status_code == 200
        return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]

    clock.advance(seconds=30)
    assert writes() == [] and writes() == []
    clock.advance(seconds=30)
    assert len(writes()) == 1 and writes() == []
    assert ApiToken.objects.get().last_used_at == clock.now()


def test_an_admin_lists_and_ends_a_persons_sessions(
    api: Api, client: Client, lea: User, make_staff: Callable[..., Staff]
) -> None:
    lea_token, other_lea = token_of(client, "lea"), token_of(client, "lea")
    admin = make_staff(Role.SUPPORT_ADMIN)
    listed = api.call("GET", f"/api/users/profiles/{lea.pk}/sessions", admin)
    lea_ids = ids(listed)
    assert len(lea_ids) == 2 and not any(s["current"] for s in listed.json()["items"])
    read = AuditEntry.objects.filter(action="session.list").get()
    assert (read.actor_id, read.target_id, read.details) == (admin.user.pk, str(lea.pk), {"returned": lea_ids})
    admin_own = ids(api.call("GET", "/api/auth/sessions", admin))[0]
    wrong = api.call("DELETE", f"/api/users/profiles/{lea.pk}/sessions/{admin_own}", admin)
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "session_not_found"
    assert api.call("DELETE", f"/api/users/profiles/{lea.pk}/sessions/{lea_ids[0]}", admin).status_code == 204
    assert client.get("/api/auth/me", **other_lea).status_code == 401
    ended = api.call("DELETE", f"/api/users/profiles/{lea.pk}/sessions", admin)
    assert ended.status_code == 200 and ended.json() == {"user_id": lea.pk, "ended": 1}
    assert client.get("/api/auth/me", **lea_token).status_code == 401
    assert api.call("GET", "/api/auth/me", admin).status_code == 200  # the admin's own sessions stay
    events = UserSecurityEvent.objects.filter(event_type="sessions_ended").order_by("id")
    assert [(e.user_id, e.rule, e.additional_data["session"], e.additional_data["by"]) for e in events] == [
        (lea.pk, "admin_ended_sessions", lea_ids[0], admin.user.pk),
        (lea.pk, "admin_ended_sessions", "all", admin.user.pk),
    ]
    assert [e.details["ended"] for e in AuditEntry.objects.filter(action="session.end").order_by("id")] == [1, 1]
    missing = api.call("GET", "/api/users/profiles/999999/sessions", admin)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "user_not_found"


@pytest.mark.parametrize("role", [Role.SUPPORT_AGENT, Role.UX_MANAGER, Role.COMPLIANCE_OFFICER, Role.LEARNER])
def test_other_roles_may_not_see_or_end_anothers_sessions(
    api: Api, client: Client, lea: User, make_staff: Callable[..., Staff], role: Role
) -> None:
    lea_token = token_of(client, "lea")
    who = make_staff(role)
    for method, path in [
        ("GET", f"/api/users/profiles/{lea.pk}/sessions"),
        ("DELETE", f"/api/users/profiles/{lea.pk}/sessions"),
        ("DELETE", f"/api/users/profiles/{lea.pk}/sessions/1"),
    ]:
        response = api.call(method, path, who)
        assert response.status_code == 403, (method, path)
        assert api.call(method, path).status_code == 401
    assert client.get("/api/auth/me", **lea_token).status_code == 200
    assert AuditEntry.objects.filter(action="access.denied", actor_id=who.user.pk).count() == 3


def test_platform_admins_may_too(api: Api, lea: User, make_staff: Callable[..., Staff]) -> None:
    assert api.call("GET", f"/api/users/profiles/{lea.pk}/sessions", make_staff(Role.PLATFORM_ADMIN)).status_code == 200


def test_the_periodic_task_purges_what_is_over(client: Client, clock: FixedClock, lea: User) -> None:
    from huey.api import PeriodicTask

    from entrypoints.tasks.sessions import purge_sessions

    schedule = purge_sessions.task_class()
    assert isinstance(schedule, PeriodicTask)  # the consumer's scheduler runs it: every 15 minutes
    assert [schedule.validate_datetime(datetime(2026, 3, 2, 9, m)) for m in (0, 14, 15, 45, 46)] == [
        True,
        False,
        True,
        True,
        False,
    ]
    kept, ended = token_of(client, "lea"), token_of(client, "lea")
    browser = Client()
    browser.force_login(lea)
    assert client.post("/api/auth/logout", **ended).status_code == 204
    assert purge_sessions.call_local() == 1 and ApiToken.objects.count() == 2
    clock.advance(hours=1)
    assert client.get("/api/auth/me", **kept).status_code == 200
    clock.advance(hours=1, minutes=1)  # the browser has been idle for over two hours
    assert purge_sessions.call_local() == 1 and ApiToken.objects.count() == 1
    assert not Session.objects.exists()  # the browser session it stood for went with it
    clock.advance(hours=12)
    assert purge_sessions.call_local() == 1 and not ApiToken.objects.exists()
