"""The OpenAPI document is a contract front-end teams generate code from: these tests pin what generators
depend on (operation names, security, unions, pages, error statuses)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from entrypoints.api import api

PUBLIC = {
    "getHealth",
    "login",
    "loginMfa",
    "browserLogin",
    "browserLoginMfa",
    "getCsrfToken",
    "unblockLogin",
    "getPasswordPolicy",
    "requestPasswordReset",
    "confirmPasswordReset",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema())


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_operation_ids_read_as_sdk_methods_and_are_unique(schema: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, op in operations(schema)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)*", i) for i in ids), ids


def test_operation_ids_are_pinned(schema: dict[str, Any]) -> None:
    """Renaming a view renames a generated SDK method: change this table on purpose, never by accident."""
    assert {route: op["operationId"] for route, op in operations(schema)} == OPERATION_IDS


def test_public_operations_declare_no_security_and_the_rest_a_bearer_token(schema: dict[str, Any]) -> None:
    for route, op in operations(schema):
        if op["operationId"] in PUBLIC:
            assert op["security"] == [], route
        else:
            assert op["security"] and all(s for s in op["security"]), route
            assert "401" in map(str, op["responses"]), f"{route} needs a token, so it can answer 401"


def _unions(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key in ("anyOf", "oneOf"):
            refs = [v for v in node.get(key, []) if "$ref" in v]
            if len(refs) > 1 and "discriminator" not in node:
                yield where
        for key, value in node.items():
            yield from _unions(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _unions(value, f"{where}[{i}]")


def test_no_union_of_objects_without_a_discriminator(schema: dict[str, Any]) -> None:
    assert not list(_unions(schema, "#"))


def test_every_list_is_a_page(schema: dict[str, Any]) -> None:
    for route, op in operations(schema):
        for status, response in op["responses"].items():
            body = response.get("content", {}).get("application/json", {}).get("schema", {})
            assert body.get("type") != "array", f"{route} answers a bare array ({status}); lists are pages"


def test_error_responses_use_the_one_error_body(schema: dict[str, Any]) -> None:
    for route, op in operations(schema):
        for status, response in op["responses"].items():
            if int(status) >= 400 and route != "GET /api/health":
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", route


OPERATION_IDS: dict[str, str] = {
    "GET /api/health": "getHealth",
    "GET /api/policies/": "listPolicies",
    "PUT /api/policies/{group}": "changePolicy",
    "DELETE /api/policies/{group}": "resetPolicy",
    "GET /api/users/profiles/{user_id}/consents": "getUserConsents",
    "POST /api/users/profiles/{user_id}/consents": "recordUserConsents",
    "GET /api/me/consents": "getMyConsents",
    "GET /api/me/notification-preferences": "getMyNotificationPreferences",
    "PUT /api/me/notification-preferences": "updateMyNotificationPreferences",
    "PUT /api/me/consents": "updateMyConsents",
    "POST /api/privacy/requests": "createPrivacyRequest",
    "GET /api/privacy/requests": "listPrivacyRequests",
    "GET /api/privacy/requests/{request_id}": "getPrivacyRequest",
    "POST /api/privacy/requests/{request_id}/approve": "approvePrivacyRequest",
    "POST /api/privacy/requests/{request_id}/reject": "rejectPrivacyRequest",
    "POST /api/privacy/requests/{request_id}/cancel": "cancelPrivacyRequest",
    "GET /api/privacy/requests/{request_id}/download": "downloadPrivacyExport",
    "POST /api/privacy/holds": "placeLegalHold",
    "GET /api/privacy/holds": "listLegalHolds",
    "POST /api/privacy/holds/{hold_id}/release": "releaseLegalHold",
    "GET /api/compliance/reports/{name}": "getComplianceReport",
    "POST /api/compliance/retention/dry-run": "dryRunRetention",
    "POST /api/telemetry/": "ingestTelemetry",
    "GET /api/monitoring/sessions/": "listMonitoringSessions",
    "GET /api/monitoring/sessions/{session_id}": "getMonitoringSession",
    "GET /api/monitoring/overview": "getMonitoringOverview",
    "GET /api/monitoring/errors/": "listErrorGroups",
    "GET /api/monitoring/errors/{group_id}": "getErrorGroup",
    "PATCH /api/monitoring/errors/{group_id}": "updateErrorGroup",
    "POST /api/monitoring/errors/{group_id}/merge": "mergeErrorGroups",
    "POST /api/monitoring/errors/{group_id}/ticket": "openErrorGroupTicket",
    "GET /api/monitoring/health": "getMonitoringHealth",
    "GET /api/monitoring/kpis": "getMonitoringKpis",
    "GET /api/monitoring/alert-rules/": "listAlertRules",
    "PUT /api/monitoring/alert-rules/{rule}": "updateAlertRule",
    "POST /api/monitoring/alerts/{alert_id}/acknowledge": "acknowledgeAlert",
    "POST /api/monitoring/alerts/{alert_id}/mute": "muteAlert",
    "GET /api/monitoring/alerts/": "listMonitoringAlerts",
    "POST /api/monitoring/releases/{release}/sourcemaps": "uploadSourcemaps",
    "POST /api/auth/login": "login",
    "POST /api/auth/login/mfa": "loginMfa",
    "POST /api/auth/browser/login": "browserLogin",
    "POST /api/auth/browser/login/mfa": "browserLoginMfa",
    "GET /api/saved-views/": "listSavedViews",
    "POST /api/saved-views/": "createSavedView",
    "PATCH /api/saved-views/{view_id}": "updateSavedView",
    "DELETE /api/saved-views/{view_id}": "deleteSavedView",
    "GET /api/courses/": "listCourses",
    "POST /api/auth/mfa/totp": "enrolTotp",
    "DELETE /api/auth/mfa/totp": "disableTotp",
    "POST /api/auth/mfa/totp/confirm": "confirmTotp",
    "POST /api/auth/mfa/recovery-codes": "regenerateRecoveryCodes",
    "POST /api/users/profiles/{user_id}/mfa/reset": "resetProfileMfa",
    "GET /api/security/mfa-resets/": "listMfaResets",
    "POST /api/security/mfa-resets/{request_id}/approve": "approveMfaReset",
    "GET /api/auth/csrf": "getCsrfToken",
    "POST /api/auth/logout": "logout",
    "GET /api/auth/me": "getMe",
    "POST /api/staff/": "createStaff",
    "GET /api/staff/": "listStaff",
    "GET /api/staff/role-requests": "listRoleRequests",
    "GET /api/staff/{user_id}": "getStaff",
    "POST /api/staff/{user_id}/role": "changeStaffRole",
    "POST /api/staff/role-requests/{request_id}/approve": "approveRoleRequest",
    "POST /api/staff/role-requests/{request_id}/reject": "rejectRoleRequest",
    "POST /api/staff/{user_id}/deactivate": "deactivateStaff",
    "POST /api/staff/{user_id}/reactivate": "reactivateStaff",
    "POST /api/staff/{user_id}/sessions/end": "endStaffSessions",
    "GET /api/audit/": "listAuditEntries",
    "GET /api/audit/checkpoints": "listAuditCheckpoints",
    "GET /api/users/profiles/": "searchProfiles",
    "POST /api/users/bulk-operations/": "startBulkOperation",
    "GET /api/users/bulk-operations/": "listBulkOperations",
    "GET /api/users/bulk-operations/{operation_id}/": "getBulkOperation",
    "GET /api/users/bulk-operations/{operation_id}/errors": "listBulkOperationErrors",
    "GET /api/users/bulk-operations/{operation_id}/errors.csv": "downloadBulkOperationErrors",
    "GET /api/users/bulk-operations/{operation_id}/changes": "listBulkOperationChanges",
    "POST /api/users/bulk-operations/{operation_id}/cancel": "cancelBulkOperation",
    "POST /api/users/bulk-operations/{operation_id}/approve": "approveBulkOperation",
    "GET /api/users/bulk-operations/{operation_id}/download": "downloadBulkExport",
    "POST /api/users/profiles/": "createProfile",
    "GET /api/users/profiles/{user_id}/": "getProfile",
    "PATCH /api/users/profiles/{user_id}/": "updateProfile",
    "GET /api/users/activity/{user_id}/": "listUserActivity",
    "POST /api/activity/events": "ingestEvents",
    "GET /api/support/knowledge-base/": "searchArticles",
    "POST /api/support/knowledge-base/": "createArticle",
    "GET /api/support/knowledge-base/{article_id}/": "getArticle",
    "PATCH /api/support/knowledge-base/{article_id}/": "updateArticle",
    "DELETE /api/support/knowledge-base/{article_id}/": "deleteArticle",
    "POST /api/support/knowledge-base/{article_id}/vote": "voteOnArticle",
    "GET /api/support/tickets/": "listTickets",
    "POST /api/support/tickets/": "createTicket",
    "GET /api/support/tickets/{ticket_id}/": "getTicket",
    "PATCH /api/support/tickets/{ticket_id}/": "updateTicket",
    "POST /api/support/tickets/{ticket_id}/updates/": "addTicketUpdate",
    "POST /api/support/tickets/{ticket_id}/escalate": "escalateTicket",
    "GET /api/support/tickets/{ticket_id}/suggestions": "listTicketSuggestions",
    "POST /api/support/tickets/{ticket_id}/articles": "linkTicketArticle",
    "POST /api/support/tickets/{ticket_id}/presence": "markTicketPresence",
    "GET /api/support/my-tickets/": "listMyTickets",
    "POST /api/support/my-tickets/": "createMyTicket",
    "GET /api/support/my-tickets/{ticket_id}/": "getMyTicket",
    "POST /api/support/my-tickets/{ticket_id}/replies": "replyToMyTicket",
    "POST /api/support/my-tickets/{ticket_id}/rating": "rateMyTicket",
    "GET /api/support/my-tickets/{ticket_id}/suggestions": "listMyTicketSuggestions",
    "GET /api/support/analytics/": "getSupportAnalytics",
    "GET /api/support/agents/": "listAgents",
    "POST /api/support/agents/": "enlistAgent",
    "PUT /api/support/agents/{user_id}/availability": "setAgentAvailability",
    "POST /api/auth/login/unblock": "unblockLogin",
    "POST /api/users/profiles/{user_id}/unblock": "unblockProfileLogin",
    "GET /api/security/password-policy": "getPasswordPolicy",
    "POST /api/auth/password": "changePassword",
    "POST /api/auth/password-reset": "requestPasswordReset",
    "POST /api/auth/password-reset/confirm": "confirmPasswordReset",
    "POST /api/users/profiles/{user_id}/password-reset": "resetProfilePassword",
    "GET /api/security/events/": "listSecurityEvents",
    "PATCH /api/security/events/{event_id}/": "resolveSecurityEvent",
    "GET /api/security/user-audit/{user_id}/": "getUserAudit",
    "GET /api/auth/sessions": "listMySessions",
    "DELETE /api/auth/sessions": "endMySessions",
    "DELETE /api/auth/sessions/{session_id}": "endMySession",
    "GET /api/users/profiles/{user_id}/sessions": "listUserSessions",
    "DELETE /api/users/profiles/{user_id}/sessions": "endUserSessions",
    "DELETE /api/users/profiles/{user_id}/sessions/{session_id}": "endUserSession",
    "POST /api/users/impersonate/": "impersonateUser",
    "GET /api/users/impersonate/": "listImpersonations",
    "GET /api/users/impersonate/stats": "getImpersonationStats",
    "GET /api/users/impersonate/{session_id}": "getImpersonation",
    "POST /api/users/impersonate/{session_id}/approve": "approveImpersonation",
    "POST /api/users/impersonate/{session_id}/reject": "rejectImpersonation",
    "POST /api/users/impersonate/{session_id}/end": "endImpersonation",
    "GET /api/analytics/engagement": "getEngagement",
    "GET /api/analytics/at-risk": "listAtRisk",
    "GET /api/analytics/journeys": "getJourneys",
    "GET /api/analytics/cohorts": "getCohorts",
    "GET /api/analytics/support-trends": "getSupportTrends",
    "GET /api/users/profiles/{user_id}/risk": "getProfileRisk",
}
