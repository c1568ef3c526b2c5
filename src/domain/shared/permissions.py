"""The role -> permission matrix: the one table that says who may do what.

A role is a Django group in the adapter; a superuser holds every permission.
tests/unit/shared/test_permissions.py pins this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    SUPPORT_ADMIN = "support_admin"
    SUPPORT_AGENT = "support_agent"
    UX_MANAGER = "ux_manager"
    PLATFORM_ADMIN = "platform_admin"
    COMPLIANCE_OFFICER = "compliance_officer"
    CUSTOMER_SUCCESS = "customer_success"
    SERVICE = "service"
    LEARNER = "learner"  # implicit for every non-staff user: their own tickets only


class Permission(StrEnum):
    STAFF_MANAGE = "staff.manage"
    AUDIT_READ = "audit.read"
    SYSTEM_HEALTH = "system.health"
    PROFILES_SEARCH = "profiles.search"
    PROFILES_READ = "profiles.read"
    PROFILES_UPDATE = "profiles.update"
    PROFILES_CREATE = "profiles.create"
    PROFILES_RESTORE = "profiles.restore"
    ACTIVITY_READ = "activity.read"
    ACTIVITY_INGEST = "activity.ingest"
    TICKETS_READ = "tickets.read"
    TICKETS_WORK = "tickets.work"
    TICKETS_ADMIN = "tickets.admin"
    TICKETS_OWN = "tickets.own"
    SUPPORT_ANALYTICS = "support.analytics"
    KB_READ = "kb.read"
    KB_MANAGE = "kb.manage"
    SECURITY_READ = "security.read"  # security events, a person's security timeline, the security channel
    SECURITY_MANAGE = "security.manage"  # resolve security events, clear a login throttle
    IMPERSONATE = "impersonate"  # ask to act as a learner (alone it needs a second admin's approval)
    IMPERSONATION_APPROVE = "impersonation.approve"  # approve or reject requests; start without approval
    IMPERSONATION_READ = "impersonation.read"  # list sessions, their requests and the statistics
    TELEMETRY_SEND = "telemetry.send"  # browser telemetry: learners their own, `service` on a learner's behalf
    MONITORING_READ = "monitoring.read"  # live sessions, error groups, overview, KPIs, the monitoring channel
    MONITORING_MANAGE = "monitoring.manage"  # triage error groups: status, assignee, merge, linked ticket
    MFA_RESET = "mfa.reset"  # reset another person's MFA (a staff member's needs a second admin's approval)
    BULK_RUN = "bulk.run"  # bulk operations; which types each role may run: domain.bulk.model.TYPE_ROLES
    PRIVACY_REQUEST = "privacy.request"  # export or erasure requests on a learner's behalf; read the requests
    PRIVACY_DECIDE = "privacy.decide"  # approve or reject erasures, place and release legal holds
    COMPLIANCE_REPORTS = "compliance.reports"  # the compliance reports and their CSV downloads
    ANALYTICS_READ = "analytics.read"  # learner analytics: engagement, journeys, cohorts, support trends
    ANALYTICS_RISK = "analytics.risk"  # the at-risk list and a named learner's risk score with its reasons
    VIEWS_SAVE = "views.save"  # the console's saved views: keep one's own, share them with one's team
    POLICIES_MANAGE = "policies.manage"  # run-time policies: password, staff networks (domain.policies)


P = Permission
_READERS = {P.PROFILES_SEARCH, P.PROFILES_READ, P.ACTIVITY_READ, P.VIEWS_SAVE}
_AGENT = {P.TICKETS_READ, P.TICKETS_WORK, P.KB_READ}
_SECURITY = {P.SECURITY_READ, P.SECURITY_MANAGE, P.MFA_RESET}
_IMPERSONATION_ADMIN = {P.IMPERSONATE, P.IMPERSONATION_APPROVE, P.IMPERSONATION_READ}
_MONITORING = {P.MONITORING_READ, P.MONITORING_MANAGE}
_ANALYTICS = {P.ANALYTICS_READ}

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.SUPPORT_ADMIN: frozenset(
        _READERS
        | _AGENT
        | _SECURITY
        | _IMPERSONATION_ADMIN
        | _MONITORING
        | _ANALYTICS
        | {
            P.PROFILES_UPDATE,
            P.PROFILES_CREATE,
            P.SYSTEM_HEALTH,
            P.TICKETS_ADMIN,
            P.SUPPORT_ANALYTICS,
            P.KB_MANAGE,
            P.BULK_RUN,
            P.PRIVACY_REQUEST,
        }
    ),
    Role.SUPPORT_AGENT: frozenset(_READERS | _AGENT | {P.PROFILES_UPDATE, P.IMPERSONATE, P.MONITORING_READ}),
    Role.UX_MANAGER: frozenset(_ANALYTICS | {P.PROFILES_SEARCH, P.SUPPORT_ANALYTICS, P.KB_READ, P.VIEWS_SAVE}),
    Role.PLATFORM_ADMIN: frozenset(
        _READERS
        | _SECURITY
        | _IMPERSONATION_ADMIN
        | _MONITORING
        | _ANALYTICS
        | {
            P.STAFF_MANAGE,
            P.AUDIT_READ,
            P.SYSTEM_HEALTH,
            P.PROFILES_UPDATE,
            P.PROFILES_CREATE,
            P.PROFILES_RESTORE,
            P.TICKETS_READ,
            P.TICKETS_ADMIN,
            P.SUPPORT_ANALYTICS,
            P.KB_READ,
            P.BULK_RUN,
            P.PRIVACY_REQUEST,
            P.COMPLIANCE_REPORTS,
            P.POLICIES_MANAGE,
        }
    ),
    Role.COMPLIANCE_OFFICER: frozenset(
        _READERS
        | {P.AUDIT_READ, P.TICKETS_READ, P.SECURITY_READ, P.IMPERSONATION_READ, P.BULK_RUN}
        | {P.PRIVACY_REQUEST, P.PRIVACY_DECIDE, P.COMPLIANCE_REPORTS}
    ),
    Role.CUSTOMER_SUCCESS: frozenset(
        _READERS | _ANALYTICS | {P.ANALYTICS_RISK, P.TICKETS_READ, P.SUPPORT_ANALYTICS, P.KB_READ}
    ),
    Role.SERVICE: frozenset({P.ACTIVITY_INGEST, P.TELEMETRY_SEND}),
    Role.LEARNER: frozenset({P.TICKETS_OWN, P.TELEMETRY_SEND}),
}
# every staff role sends the console's own browser telemetry: its sessions are stored marked `staff`
MATRIX = {role: perms | {P.TELEMETRY_SEND} for role, perms in MATRIX.items()}


STAFF_ROLES = tuple(r for r in Role if r is not Role.LEARNER)


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= MATRIX.get(role, frozenset())
    return frozenset(granted)


def parse_roles(names: Iterable[str]) -> frozenset[Role]:
    """Known role names only; unknown group names are ignored (they grant nothing)."""
    known = {r.value for r in Role}
    return frozenset(Role(n) for n in names if n in known)
