"""Staff administration on the harness: the permission, self and rank rules, the two-person approval of admin roles
with its expiry, deactivation ending access, and the audit and security trail naming the real actor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.identity.model import Identity
from domain.identity.ports import FactorState
from domain.identity.service import principal_of
from domain.identity.staff import RoleRequestStatus, StaffFilter, StaffStatus
from domain.shared.errors import Conflict, DomainError, NotFound, PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from entrypoints.harness import TestContainer

PASSWORD = "correct horse battery"
REASON = "Moves to the escalation team"


def staff(harness: TestContainer, name: str, role: Role | None = None, superuser: bool = False) -> Identity:
    roles = frozenset({role}) if role else frozenset()
    return harness.directory.add(name, PASSWORD, roles, email=f"{name}@example.com", is_superuser=superuser)


@pytest.fixture
def admins(harness: TestContainer) -> tuple[Identity, Identity]:
    return staff(harness, "ada", Role.PLATFORM_ADMIN), staff(harness, "bo", Role.PLATFORM_ADMIN)


def code(error: pytest.ExceptionInfo[DomainError]) -> str:
    return error.value.code


def test_the_list_shows_staff_only_with_mfa_state_and_last_sign_in(harness: TestContainer, admins) -> None:  # type: ignore[no-untyped-def]
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    harness.directory.add("lea", PASSWORD, frozenset({Role.LEARNER}))
    harness.auth.login("cy", PASSWORD)
    page = harness.staff_admin.list(principal_of(admins[0]), StaffFilter(), PageRequest())
    assert [v.record.id for v in page.items] == [admins[0].id, admins[1].id, agent.id]
    cy = page.items[2]
    assert cy.record.last_sign_in == harness.clock.now() and cy.mfa is FactorState.NONE
    assert cy.record.status is StaffStatus.ACTIVE
    entry = harness.audit_log.entries[-1].record
    assert entry.action == "staff.list" and entry.details == {"returned": [admins[0].id, admins[1].id, agent.id]}


@pytest.mark.parametrize("role", [Role.SUPPORT_ADMIN, Role.COMPLIANCE_OFFICER, Role.SUPPORT_AGENT, Role.SERVICE])
def test_without_staff_manage_every_operation_is_refused_and_audited(harness: TestContainer, role: Role) -> None:
    caller, agent = principal_of(staff(harness, "x", role)), staff(harness, "cy", Role.SUPPORT_AGENT)
    admin = harness.staff_admin
    for call in [
        lambda: admin.list(caller, StaffFilter(), PageRequest()),
        lambda: admin.get(caller, agent.id),
        lambda: admin.change_role(caller, agent.id, Role.UX_MANAGER, REASON),
        lambda: admin.deactivate(caller, agent.id, REASON),
        lambda: admin.end_sessions(caller, agent.id),
        lambda: admin.approve(caller, 1),
    ]:
        with pytest.raises(PermissionDenied):
            call()
    assert harness.directory.get(agent.id) == agent


def test_self_rank_and_grant_rules(harness: TestContainer, admins) -> None:  # type: ignore[no-untyped-def]
    ada, root = principal_of(admins[0]), staff(harness, "root", superuser=True)
    with pytest.raises(PermissionDenied) as own:
        harness.staff_admin.change_role(ada, admins[0].id, Role.UX_MANAGER, REASON)
    assert code(own) == "cannot_manage_self"
    for target in (admins[1].id, root.id):
        with pytest.raises(PermissionDenied) as above:
            harness.staff_admin.deactivate(ada, target, REASON)
        assert code(above) == "target_outranks_actor"
    support_admin = principal_of(staff(harness, "sam", Role.SUPPORT_ADMIN))
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    with pytest.raises(PermissionDenied):  # no staff.manage at all
        harness.staff_admin.change_role(support_admin, agent.id, Role.UX_MANAGER, REASON)
    with pytest.raises(NotFound) as learner:
        harness.staff_admin.get(ada, harness.directory.add("lea", PASSWORD, frozenset({Role.LEARNER})).id)
    assert code(learner) == "staff_not_found"
    with pytest.raises(Unprocessable) as short:
        harness.staff_admin.change_role(ada, agent.id, Role.UX_MANAGER, "   short   ")
    assert code(short) == "staff_reason_required"


def test_the_superuser_grant_of_a_service_role_waits_for_approval_too(harness: TestContainer) -> None:
    root = principal_of(staff(harness, "root", superuser=True))
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    change = harness.staff_admin.change_role(root, agent.id, Role.SERVICE, REASON)
    assert change.request is not None and change.staff is None


def test_an_admin_grant_waits_for_a_second_admin_and_names_them(harness: TestContainer, admins) -> None:  # type: ignore[no-untyped-def]
    ada, bo = (principal_of(a) for a in admins)
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    request = harness.staff_admin.change_role(ada, agent.id, Role.PLATFORM_ADMIN, REASON).request
    assert request is not None and request.status is RoleRequestStatus.PENDING
    assert harness.directory.get(agent.id) == agent and not harness.security_events.of_user(agent.id)
    with pytest.raises(PermissionDenied) as own:
        harness.staff_admin.approve(ada, request.id)
    assert code(own) == "cannot_approve_own_role_request"
    with pytest.raises(Conflict) as twice:
        harness.staff_admin.change_role(bo, agent.id, Role.SUPPORT_ADMIN, REASON)
    assert code(twice) == "role_request_pending"
    decided = harness.staff_admin.approve(bo, request.id)
    assert decided.staff is not None and decided.staff.record.roles == {Role.PLATFORM_ADMIN}
    [event] = harness.security_events.of_user(agent.id)
    assert event.event_type == "role_changed" and event.facts["by"] == admins[1].id
    assert event.facts["granted"] == ["platform_admin"] and event.facts["revoked"] == ["support_agent"]
    entry = harness.audit_log.entries[-1].record
    assert entry.action == "staff.role_change" and entry.actor_id == admins[1].id
    assert entry.details == {
        "before": ["support_agent"],
        "after": ["platform_admin"],
        "reason": REASON,
        "request": request.id,
        "requested_by": admins[0].id,
    }


def test_an_unanswered_grant_expires_after_a_day(harness: TestContainer, admins) -> None:  # type: ignore[no-untyped-def]
    ada, bo = (principal_of(a) for a in admins)
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    request = harness.staff_admin.change_role(ada, agent.id, Role.SUPPORT_ADMIN, REASON).request
    assert request is not None
    harness.clock.advance(hours=24)
    [listed] = harness.staff_admin.role_requests(bo, RoleRequestStatus.EXPIRED, PageRequest()).items
    assert listed.id == request.id and listed.status is RoleRequestStatus.EXPIRED
    assert not harness.staff_admin.role_requests(bo, RoleRequestStatus.PENDING, PageRequest()).items
    with pytest.raises(Conflict) as lapsed:
        harness.staff_admin.approve(bo, request.id)
    assert code(lapsed) == "role_request_expired"
    again = harness.staff_admin.change_role(ada, agent.id, Role.SUPPORT_ADMIN, REASON)  # a new request may be made
    assert again.request is not None and again.request.id != request.id


def test_deactivation_ends_access_and_reactivation_restores_sign_in(harness: TestContainer, admins) -> None:  # type: ignore[no-untyped-def]
    ada = principal_of(admins[0])
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    token = harness.auth.login("cy", PASSWORD).token
    view = harness.staff_admin.deactivate(ada, agent.id, REASON)
    assert view.record.status is StaffStatus.DEACTIVATED
    assert harness.auth.principal_for_token(token) is None
    with pytest.raises(DomainError):
        harness.auth.login("cy", PASSWORD)
    with pytest.raises(Conflict) as twice:
        harness.staff_admin.deactivate(ada, agent.id, REASON)
    assert code(twice) == "staff_already_deactivated"
    [event] = harness.security_events.of_user(agent.id)
    assert event.event_type == "staff_deactivated" and event.facts["by"] == admins[0].id
    assert event.facts["sessions_ended"] == 1
    harness.clock.advance(timedelta(minutes=1))
    assert harness.staff_admin.reactivate(ada, agent.id, REASON).record.status is StaffStatus.ACTIVE
    assert harness.auth.login("cy", PASSWORD).token
    with pytest.raises(Conflict) as active:
        harness.staff_admin.reactivate(ada, agent.id, REASON)
    assert code(active) == "staff_already_active"


def test_ending_sessions_is_audited_and_raises_an_event(harness: TestContainer, admins) -> None:  # type: ignore[no-untyped-def]
    ada = principal_of(admins[0])
    agent = staff(harness, "cy", Role.SUPPORT_AGENT)
    harness.auth.login("cy", PASSWORD)
    harness.auth.login("cy", PASSWORD)
    assert harness.staff_admin.end_sessions(ada, agent.id) == 2
    entry = harness.audit_log.entries[-1].record
    assert entry.action == "staff.sessions_end" and entry.details == {"ended": 2, "session": "all"}
    assert [e.event_type for e in harness.security_events.of_user(agent.id)] == ["sessions_ended"]


def test_nobody_approves_a_grant_of_their_own_role(harness: TestContainer) -> None:
    root = principal_of(staff(harness, "root", superuser=True))
    sam = staff(harness, "sam", Role.SUPPORT_ADMIN)
    request = harness.staff_admin.change_role(root, sam.id, Role.PLATFORM_ADMIN, REASON).request
    assert request is not None
    with pytest.raises(PermissionDenied) as own:
        harness.staff_admin.approve(principal_of(sam), request.id)  # no staff.manage, and it is their own role
    assert code(own) == "permission_denied"
    ada = staff(harness, "ada", Role.PLATFORM_ADMIN)
    decided = harness.staff_admin.approve(principal_of(ada), request.id)
    assert decided.staff.record.roles == {Role.PLATFORM_ADMIN}
    asked = harness.staff_admin.change_role(root, ada.id, Role.SERVICE, REASON).request
    assert asked is not None
    with pytest.raises(PermissionDenied) as self_approval:
        harness.staff_admin.approve(principal_of(ada), asked.id)
    assert code(self_approval) == "cannot_manage_self"
