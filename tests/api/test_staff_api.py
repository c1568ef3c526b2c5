"""Staff administration over HTTP with real auth: the list, role changes with the two-person approval of admin
roles, the permission and rank matrix, refusing oneself, deactivation ending access, and the audit and security
trail naming the real actor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection

from adapters.orm.audit.models import AuditEntry
from adapters.orm.identity.models import ApiToken
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.permissions import Role

from .conftest import Api, Staff, login

REASON = "Moves to the escalation team this month"
MakeStaff = Callable[..., Staff]


@pytest.fixture
def admin(make_staff: MakeStaff) -> Staff:
    return make_staff(Role.PLATFORM_ADMIN)


def role_of(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_the_list_shows_role_mfa_last_sign_in_and_status_and_pages_by_id(api: Api, make_staff: MakeStaff) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    agents = [make_staff(Role.SUPPORT_AGENT) for _ in range(3)]
    User.objects.create_user("learner_1", "l@example.com", "x-password-123")  # not staff: never listed
    first = api.call("GET", "/api/staff/?limit=2", admin)
    assert first.status_code == 200, first.content
    body = first.json()
    assert [i["id"] for i in body["items"]] == [admin.user.pk, agents[0].user.pk]
    item = body["items"][1]
    assert item["roles"] == ["support_agent"] and item["status"] == "active" and item["mfa"] == "none"
    assert item["last_sign_in"] is not None and item["is_superuser"] is False
    rest = api.call("GET", f"/api/staff/?limit=2&cursor={body['next_cursor']}", admin).json()
    assert [i["id"] for i in rest["items"]] == [agents[1].user.pk, agents[2].user.pk] and rest["next_cursor"] is None
    only = api.call("GET", "/api/staff/?role=platform_admin", admin).json()
    assert [i["id"] for i in only["items"]] == [admin.user.pk]
    assert AuditEntry.objects.filter(action="staff.list", actor_id=admin.user.pk).exists()


def test_a_page_of_staff_costs_the_same_queries_whatever_its_length(api: Api, make_staff: MakeStaff) -> None:
    """The MFA state of a whole page is read at once, not once per person."""
    admin = make_staff(Role.PLATFORM_ADMIN)
    make_staff(Role.SUPPORT_AGENT)
    runs: list[list[str]] = []
    for _ in range(2):
        sql: list[str] = []
        runs.append(sql)
        with connection.execute_wrapper(lambda execute, q, *args: runs[-1].append(q) or execute(q, *args)):
            assert api.call("GET", "/api/staff/?limit=50", admin).status_code == 200
        for _ in range(8):
            make_staff(Role.SUPPORT_AGENT)
    assert len(runs[0]) == len(runs[1]), "\n".join(q[:120] for q in runs[1])


@pytest.mark.parametrize(
    "query", ["role=learner", "role=nobody", "status=gone", "limit=0", "cursor=bad", "q=", "cursor=" + "x" * 600]
)
def test_bad_list_queries_answer_4xx_with_the_error_body(api: Api, admin: Staff, query: str) -> None:
    response = api.call("GET", f"/api/staff/?{query}", admin)
    assert response.status_code in (400, 422) and set(response.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("role", [Role.SUPPORT_ADMIN, Role.SUPPORT_AGENT, Role.COMPLIANCE_OFFICER, Role.UX_MANAGER])
def test_only_staff_managers_reach_staff_administration(api: Api, make_staff: MakeStaff, role: Role) -> None:
    caller, agent = make_staff(role), make_staff(Role.SUPPORT_AGENT)
    for method, path, body in [
        ("GET", "/api/staff/", None),
        ("GET", f"/api/staff/{agent.user.pk}", None),
        ("POST", f"/api/staff/{agent.user.pk}/role", {"role": "ux_manager", "reason": REASON}),
        ("POST", f"/api/staff/{agent.user.pk}/deactivate", {"reason": REASON}),
        ("POST", f"/api/staff/{agent.user.pk}/sessions/end", None),
    ]:
        response = api.call(method, path, caller, body)
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied", path
    assert api.call("GET", "/api/staff/").status_code == 401


def test_a_role_below_the_admin_ranks_applies_at_once_and_is_audited_with_the_real_actor(
    api: Api, admin: Staff, make_staff: MakeStaff
) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    response = api.call("POST", f"/api/staff/{agent.user.pk}/role", admin, {"role": "ux_manager", "reason": REASON})
    assert response.status_code == 200, response.content
    assert response.json()["roles"] == ["ux_manager"] and role_of(agent.user) == ["ux_manager"]
    entry = AuditEntry.objects.get(action="staff.role_change", target_id=str(agent.user.pk))
    assert entry.actor_id == admin.user.pk
    assert entry.details == {"before": ["support_agent"], "after": ["ux_manager"], "reason": REASON}
    event = UserSecurityEvent.objects.get(user_id=agent.user.pk, event_type="role_changed")
    assert event.additional_data["by"] == admin.user.pk and "unknown actor" not in event.description
    assert event.additional_data["granted"] == ["ux_manager"] and event.additional_data["revoked"] == ["support_agent"]
    again = api.call("POST", f"/api/staff/{agent.user.pk}/role", admin, {"role": "ux_manager", "reason": REASON})
    assert again.status_code == 409 and again.json()["error"]["code"] == "role_unchanged"


def test_an_admin_role_waits_for_a_second_admin(api: Api, make_staff: MakeStaff) -> None:
    first, second, agent = (
        make_staff(Role.PLATFORM_ADMIN),
        make_staff(Role.PLATFORM_ADMIN),
        make_staff(Role.SUPPORT_AGENT),
    )
    asked = api.call("POST", f"/api/staff/{agent.user.pk}/role", first, {"role": "support_admin", "reason": REASON})
    assert asked.status_code == 202, asked.content
    request = asked.json()
    assert request["status"] == "pending" and request["previous"] == ["support_agent"]
    assert role_of(agent.user) == ["support_agent"]
    twice = api.call("POST", f"/api/staff/{agent.user.pk}/role", second, {"role": "platform_admin", "reason": REASON})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "role_request_pending"
    own = api.call("POST", f"/api/staff/role-requests/{request['id']}/approve", first)
    assert own.status_code == 403 and own.json()["error"]["code"] == "cannot_approve_own_role_request"
    pending = api.call("GET", "/api/staff/role-requests?status=pending", second).json()["items"]
    assert [r["id"] for r in pending] == [request["id"]]
    approved = api.call("POST", f"/api/staff/role-requests/{request['id']}/approve", second)
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["request"]["status"] == "approved" and body["request"]["decided_by"] == second.user.pk
    assert body["staff"]["roles"] == ["support_admin"] and role_of(agent.user) == ["support_admin"]
    event = UserSecurityEvent.objects.get(user_id=agent.user.pk, event_type="role_changed")
    assert event.additional_data["by"] == second.user.pk
    late = api.call("POST", f"/api/staff/role-requests/{request['id']}/reject", second)
    assert late.status_code == 409 and late.json()["error"]["code"] == "role_request_not_pending"


def test_a_rejected_grant_leaves_the_role(api: Api, make_staff: MakeStaff) -> None:
    first, second, agent = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.PLATFORM_ADMIN), make_staff(Role.UX_MANAGER)
    asked = api.call("POST", f"/api/staff/{agent.user.pk}/role", first, {"role": "platform_admin", "reason": REASON})
    rejected = api.call("POST", f"/api/staff/role-requests/{asked.json()['id']}/reject", second)
    assert rejected.status_code == 200 and rejected.json()["request"]["status"] == "rejected"
    assert role_of(agent.user) == ["ux_manager"]
    assert AuditEntry.objects.filter(action="staff.role_change_rejected", actor_id=second.user.pk).exists()
    assert not UserSecurityEvent.objects.filter(user_id=agent.user.pk, event_type="role_changed").exists()
    missing = api.call("POST", "/api/staff/role-requests/999999/approve", second)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "role_request_not_found"


def test_nobody_changes_their_own_role_nor_acts_at_or_above_their_rank(api: Api, make_staff: MakeStaff) -> None:
    admin, peer, root = make_staff(Role.PLATFORM_ADMIN), make_staff(Role.PLATFORM_ADMIN), make_staff(superuser=True)
    own = api.call("POST", f"/api/staff/{admin.user.pk}/role", admin, {"role": "ux_manager", "reason": REASON})
    assert own.status_code == 403 and own.json()["error"]["code"] == "cannot_manage_self"
    for target in (peer, root):
        for path, body in [("role", {"role": "ux_manager", "reason": REASON}), ("deactivate", {"reason": REASON})]:
            response = api.call("POST", f"/api/staff/{target.user.pk}/{path}", admin, body)
            assert response.status_code == 403 and response.json()["error"]["code"] == "target_outranks_actor"
    ended = api.call("POST", f"/api/staff/{root.user.pk}/sessions/end", admin)
    assert ended.status_code == 403 and ended.json()["error"]["code"] == "target_outranks_actor"
    mine = api.call("POST", f"/api/staff/{admin.user.pk}/deactivate", admin, {"reason": REASON})
    assert mine.status_code == 403 and mine.json()["error"]["code"] == "cannot_manage_self"
    # the superuser may act on a platform admin
    demoted = api.call("POST", f"/api/staff/{peer.user.pk}/role", root, {"role": "support_agent", "reason": REASON})
    assert demoted.status_code == 200, demoted.content


def test_deactivation_ends_access_and_refuses_sign_in_until_reactivated(
    api: Api, admin: Staff, make_staff: MakeStaff
) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    short = api.call("POST", f"/api/staff/{agent.user.pk}/deactivate", admin, {"reason": "short"})
    assert short.status_code == 422
    off = api.call("POST", f"/api/staff/{agent.user.pk}/deactivate", admin, {"reason": REASON})
    assert off.status_code == 200 and off.json()["status"] == "deactivated", off.content
    assert api.call("GET", "/api/auth/me", agent).status_code == 401
    assert not ApiToken.objects.filter(user=agent.user, revoked_at__isnull=True).exists()
    assert login(api.client, agent.user.username).status_code == 401
    again = api.call("POST", f"/api/staff/{agent.user.pk}/deactivate", admin, {"reason": REASON})
    assert again.status_code == 409 and again.json()["error"]["code"] == "staff_already_deactivated"
    event = UserSecurityEvent.objects.get(user_id=agent.user.pk, event_type="staff_deactivated")
    assert event.additional_data["by"] == admin.user.pk and event.additional_data["sessions_ended"] == 1
    on = api.call("POST", f"/api/staff/{agent.user.pk}/reactivate", admin, {"reason": REASON})
    assert on.status_code == 200 and on.json()["status"] == "active"
    assert login(api.client, agent.user.username).status_code == 200
    entry = AuditEntry.objects.get(action="staff.deactivate", target_id=str(agent.user.pk))
    assert entry.details["before"] == "active" and entry.details["after"] == "deactivated"


def test_ending_a_staff_members_sessions(api: Api, admin: Staff, make_staff: MakeStaff) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    response = api.call("POST", f"/api/staff/{agent.user.pk}/sessions/end", admin)
    assert response.status_code == 200 and response.json() == {"user_id": agent.user.pk, "ended": 1}
    assert api.call("GET", "/api/auth/me", agent).status_code == 401
    learner = User.objects.create_user("learner_2", "l2@example.com", "x-password-123")
    missing = api.call("POST", f"/api/staff/{learner.pk}/sessions/end", admin)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "staff_not_found"


@pytest.mark.parametrize(
    "body",
    [{}, {"role": "learner", "reason": REASON}, {"role": "ux_manager"}, {"role": 3, "reason": REASON}, []],
)
def test_bad_role_bodies_answer_4xx(api: Api, admin: Staff, make_staff: MakeStaff, body: object) -> None:
    agent = make_staff(Role.SUPPORT_AGENT)
    response = api.call("POST", f"/api/staff/{agent.user.pk}/role", admin, body)
    assert response.status_code in (400, 422) and response.json()["error"]["code"]
