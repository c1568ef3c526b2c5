"""Accounts through HTTP with real auth: permissions per role, errors, audit, revocation, ingestion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from adapters.orm.accounts.models import UserActivityLog, UserProfile
from adapters.orm.audit.models import AuditEntry
from adapters.orm.identity.repository import DjangoTokenStore
from domain.identity.model import hash_token
from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db
R = Role


@pytest.fixture
def learner(api: Api, make_staff: Callable[..., Staff]) -> int:
    admin = make_staff(R.PLATFORM_ADMIN, username="seed_admin")
    body = {"username": "lea_learner", "email": "lea@example.com", "first_name": "Lea", "last_name": "Ng"}
    response = api.call("POST", "/api/users/profiles/", admin, body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def now_iso(minutes: int = 0) -> str:
    return (datetime.now(UTC) - timedelta(hours=1) + timedelta(minutes=minutes)).isoformat()


ENDPOINTS: list[tuple[str, str, Any, set[Role]]] = [
    (
        "GET",
        "/api/users/profiles/?q=lea",
        None,
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.UX_MANAGER, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    (
        "GET",
        "/api/users/profiles/{id}/",
        None,
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    (
        "PATCH",
        "/api/users/profiles/{id}/",
        {"support_priority": "high"},
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN},
    ),
    (
        "POST",
        "/api/users/profiles/",
        {"username": "new_{role}", "email": "{role}@example.com"},
        {R.SUPPORT_ADMIN, R.PLATFORM_ADMIN},
    ),
    (
        "GET",
        "/api/users/activity/{id}/",
        None,
        {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER, R.CUSTOMER_SUCCESS},
    ),
    (
        "POST",
        "/api/activity/events",
        {
            "events": [
                {"kind": "activity", "user_id": "{id}", "activity_type": "login", "timestamp": "2026-01-01T00:00:00Z"}
            ]
        },
        {R.SERVICE},
    ),
]


def fill(value: Any, **names: Any) -> Any:
    if isinstance(value, str):
        text = value.format(**names)
        return int(text) if value == "{id}" else text
    if isinstance(value, dict):
        return {k: fill(v, **names) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, **names) for v in value]
    return value


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_every_endpoint_for_every_role(
    api: Api, make_staff, learner: int, method: str, path: str, body: Any, allowed: set[Role]
) -> None:  # type: ignore[no-untyped-def]
    url = path.format(id=learner)
    assert api.call(method, url, None, fill(body, id=learner, role="anon")).status_code == 401
    for role in Role:
        response = api.call(method, url, make_staff(role), fill(body, id=learner, role=role.value))
        if role in allowed:
            assert response.status_code in (200, 201), (role, response.content)
        else:
            assert response.status_code == 403, (role, response.status_code)


def test_profile_detail_has_every_spec_field_and_is_audited(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)
    body = api.call("GET", f"/api/users/profiles/{learner}/", agent, HTTP_USER_AGENT="pytest-agent").json()
    spec = {
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "account_status",
        "status_reason",
        "last_activity",
        "risk_score",
        "support_priority",
        "enrollment_count",
        "completion_rate",
        "total_learning_time",
        "security_events",
        "recent_activity",
        "enrollments",
        "status_history",
        "platform_role",
        "date_joined",
        "data_consent_date",
        "marketing_consent",
        "data_retention_date",
    }
    assert spec <= set(body)
    entry = AuditEntry.objects.filter(action="profile.read").latest("id")
    assert (entry.actor_id, entry.target_id, entry.user_agent) == (agent.user.id, str(learner), "pytest-agent")


def test_search_and_activity_reads_are_audited(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    cs = make_staff(R.CUSTOMER_SUCCESS)
    page = api.call("GET", "/api/users/profiles/?q=lea_l", cs).json()
    assert [p["id"] for p in page["items"]] == [learner] and page["total"] == 1
    api.call("GET", f"/api/users/activity/{learner}/", cs)
    search = AuditEntry.objects.get(action="profile.search", actor_id=cs.user.id)
    assert search.details["returned"] == [learner] and search.details["q"] == "lea_l"
    assert AuditEntry.objects.filter(action="activity.read", actor_id=cs.user.id, target_id=str(learner)).exists()


def test_a_refused_read_of_a_person_is_audited(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    ux = make_staff(R.UX_MANAGER)  # may search, may not open a profile
    for path in (f"/api/users/profiles/{learner}/", f"/api/users/activity/{learner}/"):
        assert api.call("GET", path, ux).status_code == 403
    assert api.call("PATCH", f"/api/users/profiles/{learner}/", ux, {"support_priority": "high"}).status_code == 403
    denied = AuditEntry.objects.filter(action="access.denied", actor_id=ux.user.id).order_by("id")
    assert [(e.target_id, e.details["permission"]) for e in denied] == [
        (str(learner), "profiles.read"),
        (str(learner), "activity.read"),
        (str(learner), "profiles.update"),
    ]


def test_unknown_user_is_404(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)
    for path in ("/api/users/profiles/987654/", "/api/users/activity/987654/"):
        response = api.call("GET", path, agent)
        assert response.status_code == 404 and response.json()["error"]["code"] == "user_not_found"


def test_refused_transition_is_409_with_allowed_targets(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)
    response = api.call(
        "PATCH", f"/api/users/profiles/{learner}/", agent, {"account_status": "pending", "status_reason": "x"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_status_transition"
    assert error["details"]["allowed"] == ["archived", "disabled", "suspended"]


def test_missing_reason_is_422(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)
    response = api.call("PATCH", f"/api/users/profiles/{learner}/", agent, {"account_status": "suspended"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "status_reason_required"
    assert UserProfile.objects.get(user_id=learner).account_status == "active"


def test_bad_patch_bodies(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)
    url = f"/api/users/profiles/{learner}/"
    assert api.call("PATCH", url, agent, {"account_status": "frozen", "status_reason": "x"}).status_code == 422
    assert api.call("PATCH", url, agent, {}).json()["error"]["code"] == "empty_update"
    assert (
        api.call("PATCH", url, agent, {"status_reason": "x" * 2001, "account_status": "suspended"}).status_code == 422
    )


def test_suspension_ends_tokens_and_sessions_audits_and_blocks_login(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.get(pk=learner)
    DjangoTokenStore().save(
        hash_token("learner-token"), learner, datetime.now(UTC), datetime.now(UTC) + timedelta(hours=1)
    )
    browser = Client()
    browser.force_login(user)
    assert Session.objects.count() == 1
    agent = make_staff(R.SUPPORT_AGENT)
    response = api.call(
        "PATCH",
        f"/api/users/profiles/{learner}/",
        agent,
        {"account_status": "suspended", "status_reason": "chargeback"},
    )
    body = response.json()
    assert (
        response.status_code == 200 and body["account_status"] == "suspended" and body["status_reason"] == "chargeback"
    )
    assert (
        body["status_history"][0]["from_status"] == "active" and body["status_history"][0]["actor_id"] == agent.user.id
    )
    user.refresh_from_db()
    assert not user.is_active
    assert Session.objects.count() == 0
    assert DjangoTokenStore().user_for(hash_token("learner-token"), datetime.now(UTC)) is None
    update = AuditEntry.objects.get(action="profile.update")
    assert update.details == {"from": "active", "to": "suspended", "reason": "chargeback"}


def test_create_rules(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(R.SUPPORT_ADMIN)
    taken = api.call("POST", "/api/users/profiles/", admin, {"username": "LEA_LEARNER", "email": "other@example.com"})
    assert taken.status_code == 409 and taken.json()["error"]["details"]["fields"] == ["username"]
    bad = api.call("POST", "/api/users/profiles/", admin, {"username": "x y", "email": "nope"})
    assert bad.status_code == 422
    suspended = api.call(
        "POST",
        "/api/users/profiles/",
        admin,
        {"username": "newbie", "email": "n@example.com", "account_status": "suspended"},
    )
    assert suspended.status_code == 400 and suspended.json()["error"]["code"] == "invalid_initial_status"
    pending = api.call(
        "POST",
        "/api/users/profiles/",
        admin,
        {"username": "newbie", "email": "n@example.com", "account_status": "pending"},
    )
    assert pending.status_code == 201 and not User.objects.get(username="newbie").is_active


def test_search_parameters_are_validated(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)
    for query in (
        "status=frozen",
        "sort=height",
        "risk_min=-1",
        "inactive_days=x",
        "limit=0",
        "cursor=%%%",
        "last_active_after=yesterday",
    ):
        response = api.call("GET", f"/api/users/profiles/?{query}", agent)
        assert response.status_code in (400, 422), (query, response.status_code)
        assert "error" in response.json()


def test_search_filters_through_http(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    agent = make_staff(R.SUPPORT_AGENT)

    def ids(query: str) -> list[int]:
        return [p["id"] for p in api.call("GET", f"/api/users/profiles/?{query}", agent).json()["items"]]

    assert ids("status=active&status=suspended") == [learner]
    assert ids("status=suspended") == []
    assert ids("inactive_days=30") == [learner]  # never active counts as inactive
    assert ids("last_active_after=2020-01-01T00:00:00Z") == []


def test_cursor_pages_stay_stable_while_rows_are_inserted(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(R.PLATFORM_ADMIN)
    for i in range(7):
        api.call("POST", "/api/users/profiles/", admin, {"username": f"walker{i}", "email": f"w{i}@example.com"})
    seen: list[int] = []
    cursor = ""
    for i in range(10):
        page = api.call("GET", f"/api/users/profiles/?q=walker&sort=-date_joined&limit=3{cursor}", admin).json()
        seen += [p["id"] for p in page["items"]]
        # someone joins between page loads: it sorts before the cursor and must not shift later pages
        api.call(
            "POST", "/api/users/profiles/", admin, {"username": f"walker_late{i}", "email": f"late{i}@example.com"}
        )
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(seen) == len(set(seen)) == 7


def test_ingestion_through_http(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    service = make_staff(R.SERVICE)
    events = [
        {
            "kind": "activity",
            "user_id": learner,
            "activity_type": "login",
            "timestamp": now_iso(),
            "event_id": "a-1",
            "ip_address": "192.0.2.4",
            "session_id": "sess-1",
        },
        {
            "kind": "learning",
            "user_id": learner,
            "course": "PY-101",
            "course_title": "Python",
            "event": "enrolled",
            "timestamp": now_iso(1),
            "event_id": "a-2",
        },
        {
            "kind": "learning",
            "user_id": learner,
            "course": "PY-101",
            "event": "completed",
            "time_spent": 3600,
            "timestamp": now_iso(2),
            "event_id": "a-3",
        },
        {"kind": "activity", "user_id": learner, "activity_type": "login"},
        {"kind": "activity", "user_id": 424242, "activity_type": "login", "timestamp": now_iso()},
    ]
    first = api.call("POST", "/api/activity/events", service, {"events": events}).json()
    assert first["accepted"] == 3 and [(r["index"], r["code"]) for r in first["rejected"]] == [
        (3, "missing_field"),
        (4, "unknown_user"),
    ]
    again = api.call("POST", "/api/activity/events", service, {"events": events[:3]}).json()
    assert again == {"accepted": 0, "duplicates": [0, 1, 2], "rejected": []}
    assert UserActivityLog.objects.filter(user_id=learner).count() == 3
    profile = UserProfile.objects.get(user_id=learner)
    assert (
        profile.enrollment_count,
        profile.completed_count,
        profile.completion_rate,
        profile.total_learning_time,
    ) == (1, 1, 100.0, 3600)
    detail = api.call("GET", f"/api/users/profiles/{learner}/", make_staff(R.SUPPORT_AGENT)).json()
    assert detail["enrollments"][0]["course"] == "PY-101" and detail["enrollments"][0]["status"] == "completed"
    assert detail["last_activity"] is not None and len(detail["recent_activity"]) == 3
    activity = api.call(
        "GET", f"/api/users/activity/{learner}/?type=login&session_id=sess-1", make_staff(R.SUPPORT_AGENT)
    ).json()
    assert [a["activity_type"] for a in activity["items"]] == ["login"]
    assert [a["description"] for a in detail["recent_activity"]] == [
        "Completed PY-101",
        "Enrolled in PY-101",
        "Logged in",
    ]


def test_activity_reads_as_a_timeline(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    service = make_staff(R.SERVICE)
    chrome_mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
    events = [
        {
            "kind": "activity",
            "user_id": learner,
            "activity_type": "login",
            "timestamp": now_iso(),
            "user_agent": chrome_mac,
        },
        {
            "kind": "activity",
            "user_id": learner,
            "activity_type": "lesson.complete",
            "timestamp": now_iso(1),
            "activity_data": {"lesson_title": "Intro", "course": "PY101"},
        },
    ]
    assert api.call("POST", "/api/activity/events", service, {"events": events}).json()["accepted"] == 2
    page = api.call("GET", f"/api/users/activity/{learner}/", make_staff(R.SUPPORT_AGENT)).json()
    assert [a["description"] for a in page["items"]] == [
        "Completed lesson 'Intro' in PY101",
        "Logged in from Chrome on macOS",
    ]


def test_ingestion_batch_bounds(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    service = make_staff(R.SERVICE)
    item = {"kind": "activity", "user_id": learner, "activity_type": "login", "timestamp": now_iso()}
    assert api.call("POST", "/api/activity/events", service, {"events": []}).status_code == 422
    assert api.call("POST", "/api/activity/events", service, {"events": [item] * 1001}).status_code == 422
    assert api.call("POST", "/api/activity/events", service, {"events": "nope"}).status_code == 422
    big = api.client.post(
        "/api/activity/events",
        data=b"{" + b" " * (9 * 1024 * 1024) + b"}",
        content_type="application/json",
        **service.auth,
    )
    assert big.status_code == 413 and big.json()["error"]["code"] == "payload_too_large"


def test_activity_pages_newest_first(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    service = make_staff(R.SERVICE)
    events = [
        {"kind": "activity", "user_id": learner, "activity_type": "course.view", "timestamp": now_iso(i)}
        for i in range(5)
    ]
    api.call("POST", "/api/activity/events", service, {"events": events})
    agent = make_staff(R.SUPPORT_AGENT)
    first = api.call("GET", f"/api/users/activity/{learner}/?limit=3", agent).json()
    second = api.call("GET", f"/api/users/activity/{learner}/?limit=3&cursor={first['next_cursor']}", agent).json()
    stamps = [a["timestamp"] for a in first["items"] + second["items"]]
    assert len(stamps) == 5 and stamps == sorted(stamps, reverse=True) and second["next_cursor"] is None


def test_the_order_of_a_search_is_decided_by_the_domain(api: Api, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff(R.PLATFORM_ADMIN)
    for name in ("anders", "anna", "joanna"):
        api.call("POST", "/api/users/profiles/", admin, {"username": name, "email": f"{name}@example.com"})
    service = make_staff(R.SERVICE)
    ids = {p["username"]: p["id"] for p in api.call("GET", "/api/users/profiles/?q=an", admin).json()["items"]}
    events = [
        {"kind": "activity", "user_id": ids[n], "activity_type": "login", "timestamp": now_iso(i)}
        for i, n in enumerate(("anna", "anders"))
    ]
    api.call("POST", "/api/activity/events", service, {"events": events})

    def order(query: str) -> list[str]:
        page = api.call("GET", f"/api/users/profiles/?{query}", admin).json()
        return [p["username"] for p in page["items"] if p["username"] in ("anders", "anna", "joanna")]

    assert order("q=anna") == ["anna", "joanna"]  # with q: exact username first, then inside a word
    assert order("q=ann&sort=relevance") == ["anna", "joanna"]  # relevance is best first either way
    assert order("") == order("sort=-relevance") == ["anders", "anna", "joanna"]  # else most recently active
    assert order("sort=name&q=an") == ["anders", "anna"]  # under three letters: word starts only
    spec = api.client.get("/api/openapi.json").json()
    (sort,) = [p for p in spec["paths"]["/api/users/profiles/"]["get"]["parameters"] if p["name"] == "sort"]
    assert "SortOrder" in str(sort["schema"]) and "-risk_score" in spec["components"]["schemas"]["SortOrder"]["enum"]


def test_a_patch_answers_from_its_own_transaction_with_one_audit_entry(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent = make_staff(R.SUPPORT_AGENT)
    before = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        response = api.call("PATCH", f"/api/users/profiles/{learner}/", agent, {"support_priority": "urgent"})
    assert response.status_code == 200 and response.json()["support_priority"] == "urgent"
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)[before:]) == ["profile.update"]
    sql = [q["sql"] for q in ctx.captured_queries]
    written = next(i for i, s in enumerate(sql) if s.startswith("UPDATE") and "accounts_userprofile" in s)
    released = next(i for i, s in enumerate(sql) if i > written and s.startswith("RELEASE SAVEPOINT"))
    read = max(i for i, s in enumerate(sql) if "FROM" in s and "accounts_useractivitylog" in s)
    assert written < read < released  # the answer is read before the change commits, in its transaction
    assert response.json() == api.call("GET", f"/api/users/profiles/{learner}/", agent).json()


def test_ingestion_items_are_documented_as_a_union_and_checked_one_by_one(api: Api, make_staff, learner: int) -> None:  # type: ignore[no-untyped-def]
    spec = api.client.get("/api/openapi.json").json()
    items = spec["components"]["schemas"]["EventsIn"]["properties"]["events"]["items"]
    assert items["discriminator"]["propertyName"] == "kind"
    assert set(items["discriminator"]["mapping"]) == {"activity", "learning"}
    learning = spec["components"]["schemas"]["LearningEventIn"]["properties"]
    assert learning["progress"]["anyOf"][0]["maximum"] == 100 and "event" in learning
    rejection = spec["components"]["schemas"]["Rejection"]["enum"]
    assert set(rejection) == {"invalid_item", "missing_field", "invalid_field", "unknown_user", "unknown_course"}
    batch = [
        {"kind": "activity", "user_id": learner, "activity_type": "login", "timestamp": now_iso()},
        "not an object",
        {"kind": "podcast", "user_id": learner, "timestamp": now_iso()},
        {"kind": "learning", "user_id": learner, "course": "PY-101", "event": "graduated", "timestamp": now_iso()},
        {"kind": "activity", "user_id": True, "activity_type": "login", "timestamp": now_iso()},
    ]
    response = api.call("POST", "/api/activity/events", make_staff(R.SERVICE), {"events": batch})
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 1
    assert [(r["index"], r["code"]) for r in body["rejected"]] == [
        (1, "invalid_item"),
        (2, "invalid_field"),
        (3, "invalid_field"),
        (4, "invalid_field"),
    ]
