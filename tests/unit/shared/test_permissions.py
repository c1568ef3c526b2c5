"""Pins the role -> permission matrix: a change to who may do what must change this test."""

from domain.shared.permissions import MATRIX, Permission, Role, parse_roles
from domain.shared.principal import Principal, SessionScope

EXPECTED = {
    "support_admin": {
        "telemetry.send",
        "views.save",
        "profiles.search",
        "profiles.read",
        "activity.read",
        "profiles.update",
        "profiles.create",
        "system.health",
        "tickets.read",
        "tickets.work",
        "tickets.admin",
        "support.analytics",
        "kb.read",
        "kb.manage",
        "security.read",
        "security.manage",
        "mfa.reset",
        "impersonate",
        "impersonation.approve",
        "impersonation.read",
        "monitoring.read",
        "monitoring.manage",
        "bulk.run",
        "privacy.request",
        "analytics.read",
    },
    "support_agent": {
        "telemetry.send",
        "views.save",
        "profiles.search",
        "profiles.read",
        "activity.read",
        "profiles.update",
        "tickets.read",
        "tickets.work",
        "kb.read",
        "impersonate",
        "monitoring.read",
    },
    "ux_manager": {"telemetry.send", "profiles.search", "support.analytics", "kb.read", "analytics.read", "views.save"},
    "platform_admin": {
        "telemetry.send",
        "views.save",
        "policies.manage",
        "staff.manage",
        "audit.read",
        "system.health",
        "profiles.search",
        "profiles.read",
        "activity.read",
        "profiles.update",
        "profiles.create",
        "profiles.restore",
        "tickets.read",
        "tickets.admin",
        "support.analytics",
        "kb.read",
        "security.read",
        "security.manage",
        "mfa.reset",
        "impersonate",
        "impersonation.approve",
        "impersonation.read",
        "monitoring.read",
        "monitoring.manage",
        "bulk.run",
        "privacy.request",
        "compliance.reports",
        "analytics.read",
    },
    "compliance_officer": {
        "telemetry.send",
        "views.save",
        "profiles.search",
        "profiles.read",
        "activity.read",
        "audit.read",
        "tickets.read",
        "security.read",
        "impersonation.read",
        "bulk.run",
        "privacy.request",
        "privacy.decide",
        "compliance.reports",
    },
    "customer_success": {
        "telemetry.send",
        "views.save",
        "profiles.search",
        "profiles.read",
        "activity.read",
        "tickets.read",
        "support.analytics",
        "kb.read",
        "analytics.read",
        "analytics.risk",
    },
    "service": {"activity.ingest", "telemetry.send"},
    "learner": {"tickets.own", "telemetry.send"},
}


def test_matrix_is_pinned() -> None:
    assert {r.value: {p.value for p in perms} for r, perms in MATRIX.items()} == EXPECTED


def test_every_role_has_a_row() -> None:
    assert set(MATRIX) == set(Role)


def test_superuser_holds_every_permission() -> None:
    assert Principal(1, "root", is_superuser=True).permissions == frozenset(Permission)


def test_roles_combine_and_unknown_groups_grant_nothing() -> None:
    p = Principal(1, "x", roles=parse_roles(["service", "ux_manager", "editors"]))
    assert p.permissions == {
        Permission.ACTIVITY_INGEST,
        Permission.TELEMETRY_SEND,
        Permission.PROFILES_SEARCH,
        Permission.SUPPORT_ANALYTICS,
        Permission.KB_READ,
        Permission.ANALYTICS_READ,
        Permission.VIEWS_SAVE,
    }
    assert not p.can(Permission.AUDIT_READ)


def test_an_enrol_only_session_holds_no_permission() -> None:
    """A staff member who must enrol in MFA first: not even a superuser's permissions until it is confirmed."""
    assert Principal(1, "root", is_superuser=True, scope=SessionScope.MFA_ENROLMENT).permissions == frozenset()
