"""Changing run-time policies on the harness: who may, field problems, stale versions, audit and security events."""

from __future__ import annotations

import pytest

from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer
from entrypoints.modules import POLICIES

ADMIN = Principal(1, "ada", frozenset({Role.PLATFORM_ADMIN}))
GOOD = {"min_length": 15, "min_length_with_mfa": 8, "history": 5}


def test_only_platform_admins_and_the_superuser_manage_policies(harness: TestContainer) -> None:
    service = harness[POLICIES].service
    with pytest.raises(PermissionDenied):
        service.overview(Principal(2, "sam", frozenset({Role.SUPPORT_ADMIN})))
    assert [v.group for v in service.overview(Principal(3, "root", is_superuser=True))] == [
        "password",
        "mfa",
        "login_protection",
        "approvals",
        "retention",
        "network",
    ]
    first = service.overview(ADMIN)[0]
    assert (first.values, first.defaults, first.overridden, first.version, first.updated_by) == (
        GOOD,
        GOOD,
        False,
        0,
        "",
    )


def test_a_change_is_in_force_audited_and_raised(harness: TestContainer) -> None:
    policies = harness[POLICIES]
    view = policies.service.change(ADMIN, "password", {**GOOD, "min_length": 20}, 0)
    assert (view.values["min_length"], view.overridden, view.version, view.updated_by) == (20, True, 1, "ada")
    assert policies.reader.current("password")["min_length"] == 20
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_id) == ("policy.change", "password")
    assert entry.details["before"] == GOOD and entry.details["after"]["min_length"] == 20  # type: ignore[index]
    event = harness.security_events.events[-1]
    assert (event.event_type, event.severity.value, event.facts["weakens"]) == ("policy_changed", "medium", False)
    reset = policies.service.reset(ADMIN, "password", 1)
    assert (reset.values, reset.overridden, reset.version) == (GOOD, False, 2)
    assert harness.audit_log.entries[-1].record.action == "policy.reset"
    event = harness.security_events.events[-1]
    assert (event.severity.value, event.facts["weakens"]) == ("high", True)  # 20 back to 15: shorter passwords


def test_refusals(harness: TestContainer) -> None:
    service = harness[POLICIES].service
    with pytest.raises(InvalidInput) as bad:
        service.change(ADMIN, "password", {**GOOD, "min_length": 2}, 0)
    assert bad.value.details == {"problems": {"min_length": "a whole number from 8 to 128"}}
    with pytest.raises(NotFound):
        service.change(ADMIN, "colours", {}, 0)
    service.change(ADMIN, "network", {"overall": ["10.0.0.0/8"], "by_role": {}}, 0)
    with pytest.raises(Conflict) as stale:
        service.change(ADMIN, "network", {"overall": [], "by_role": {}}, 0)
    assert stale.value.code == "policy_version_conflict" and stale.value.details == {"version": 1}
    assert harness[POLICIES].reader.current("network")["overall"] == ["10.0.0.0/8"]
