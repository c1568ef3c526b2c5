"""Learner analytics over HTTP: who may read what, the answers' shape, the audit of a named person's risk."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.orm.audit.models import AuditEntry
from domain.shared.permissions import Role

from .conftest import Api

pytestmark = pytest.mark.django_db

READERS = {Role.UX_MANAGER, Role.CUSTOMER_SUCCESS, Role.SUPPORT_ADMIN, Role.PLATFORM_ADMIN}
RISK = {Role.CUSTOMER_SUCCESS}
ROUTES = [
    ("/api/analytics/engagement?interval=week", READERS),
    ("/api/analytics/journeys", READERS),
    ("/api/analytics/cohorts?by=signup_month&period=month", READERS),
    ("/api/analytics/support-trends", READERS),
    ("/api/analytics/at-risk?band=high", RISK),
]


@pytest.fixture
def learner(api: Api, make_staff: Any, django_capture_on_commit_callbacks: Any) -> int:
    admin = make_staff(Role.SUPPORT_ADMIN)
    body = {"username": "lena", "email": "lena@example.com", "first_name": "Lena", "last_name": "Ng"}
    response = api.call("POST", "/api/users/profiles/", admin, body)
    assert response.status_code == 201, response.content
    uid: int = response.json()["id"]
    service = make_staff(Role.SERVICE)
    events = [
        {
            "kind": "learning",
            "user_id": uid,
            "course": "PY-101",
            "course_title": "Python",
            "event": "progress",
            "progress": 20,
            "time_spent": 1800,
            "course_module": "intro",
            "timestamp": "2025-12-01T10:00:00Z",
        },
        {
            "kind": "activity",
            "user_id": uid,
            "activity_type": "security.login_failed",
            "timestamp": "2025-12-02T10:00:00Z",
        },
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the rescore task runs after the batch commits
        assert api.call("POST", "/api/activity/events", service, {"events": events}).json()["accepted"] == 2
    return uid


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.LEARNER])
@pytest.mark.parametrize(("path", "allowed"), ROUTES)
def test_each_role(api: Api, make_staff: Any, role: Role, path: str, allowed: set[Role]) -> None:
    response = api.call("GET", path, make_staff(role))
    if role in allowed:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_engagement_answers_numbers_to_chart(api: Api, make_staff: Any, learner: int) -> None:
    ux = make_staff(Role.UX_MANAGER)
    body = api.call("GET", "/api/analytics/engagement?from=2025-11-25&to=2025-12-07&interval=day", ux).json()
    assert body["active"] == 1 and body["minutes"] == 30 and len(body["series"]) == 13
    assert len(body["heatmap"]) == 7 and all(len(row) == 24 for row in body["heatmap"])
    assert {p["name"] for p in body["patterns"]} == {"short_sessions", "weekend", "night", "deep_sessions"}
    bad = api.call("GET", "/api/analytics/engagement?segment=colour:blue", ux)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_segment"
    assert api.call("GET", "/api/analytics/engagement?segment=course:NOPE", ux).status_code == 404
    assert api.call("GET", "/api/analytics/engagement?from=2025-12-07&to=2025-11-25", ux).status_code == 400
    assert api.call("GET", "/api/analytics/engagement?interval=hour", ux).status_code == 422
    journeys = api.call("GET", "/api/analytics/journeys?from=2025-11-01&to=2025-12-31&course=PY-101", ux).json()
    assert [s["name"] for s in journeys["funnel"]] == [
        "signup",
        "first_login",
        "first_enrolment",
        "progress_25",
        "progress_50",
        "progress_75",
        "completion",
    ]


def test_a_named_persons_risk_is_audited(api: Api, make_staff: Any, learner: int) -> None:
    cs, ux = make_staff(Role.CUSTOMER_SUCCESS), make_staff(Role.UX_MANAGER)
    response = api.call("GET", f"/api/users/profiles/{learner}/risk", cs)
    assert response.status_code == 200, response.content
    body = response.json()
    assert 0 <= body["score"] <= 100 and body["band"] in ("low", "medium", "high", "critical")
    assert body["reasons"] and {"indicator", "contribution", "detail"} <= set(body["reasons"][0])
    assert body["history"]  # ingestion rescored the learner after the batch
    read = AuditEntry.objects.filter(action="risk.read", target_id=str(learner))
    assert read.count() == 1 and read.get().actor_id == cs.user.pk
    assert api.call("GET", f"/api/users/profiles/{learner}/risk", ux).status_code == 403
    assert AuditEntry.objects.filter(action="access.denied", target_id=str(learner)).count() == 1
    assert api.call("GET", "/api/users/profiles/999999/risk", cs).status_code == 404
    at_risk = api.call("GET", "/api/analytics/at-risk?course=PY-101", cs).json()
    assert [i["user_id"] for i in at_risk["items"]] == [learner]
    profile = api.call("GET", f"/api/users/profiles/{learner}/", cs).json()
    assert profile["risk_score"] == body["score"]


def test_at_risk_names_learners_and_leaves_out_inactive_accounts(api: Api, make_staff: Any, learner: int) -> None:
    cs, admin = make_staff(Role.CUSTOMER_SUCCESS), make_staff(Role.SUPPORT_ADMIN)
    items = api.call("GET", "/api/analytics/at-risk?course=PY-101", cs).json()["items"]
    assert [(i["user_id"], i["username"], i["name"], i["email"], i["account_status"]) for i in items] == [
        (learner, "lena", "Lena Ng", "lena@example.com", "active")
    ]
    change = {"account_status": "suspended", "status_reason": "chargeback"}
    assert api.call("PATCH", f"/api/users/profiles/{learner}/", admin, change).status_code == 200
    assert api.call("GET", "/api/analytics/at-risk?course=PY-101", cs).json()["items"] == []
    suspended = api.call("GET", "/api/analytics/at-risk?course=PY-101&status=suspended&status=archived", cs).json()
    assert [(i["user_id"], i["account_status"]) for i in suspended["items"]] == [(learner, "suspended")]
    listed = AuditEntry.objects.filter(action="risk.list").order_by("-id").first()
    assert listed is not None and listed.details["status"] == ["archived", "suspended"]
    assert listed.details["returned"] == [learner]
    bad = api.call("GET", "/api/analytics/at-risk?status=gone", cs)
    assert bad.status_code == 422
