"""Impersonation's error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "impersonation_reason_required": (422, "Impersonating someone needs a reason of at least 15 characters."),
    "cannot_impersonate_self": (403, "You cannot impersonate yourself."),
    "target_is_superuser": (403, "Superusers are never impersonated."),
    "target_is_staff": (403, "The person holds a staff role of equal or higher privilege than yours."),
    "target_not_active": (403, "The account is not active: it can be impersonated read-only only."),
    "already_impersonating": (403, "You already have an impersonation session or request open: end it first."),
    "impersonation_nested": (403, "An impersonation token cannot start, approve or reject impersonation."),
    "cannot_approve_own_request": (403, "Someone other than the requester must approve or reject a request."),
    "approval_expired": (409, "The impersonation request went unanswered for 30 minutes and expired; ask again."),
    "impersonation_not_pending": (409, "The impersonation request was answered already; `details.status` says how."),
    "impersonation_already_ended": (409, "The impersonation session is over already; `details.status` says how."),
    "impersonation_not_found": (404, "No such impersonation session."),
    "impersonation_expired": (401, "The impersonation session reached its `expires_at`: the token no longer works."),
    "impersonation_pending_approval": (401, "The impersonation request waits for a second admin's approval."),
    "impersonation_ended": (401, "The impersonation session was ended, rejected or suspended: the token is dead."),
    "impersonation_read_only": (403, "A read-scope impersonation token is refused every unsafe method."),
    "impersonation_not_allowed": (
        403,
        "An impersonation token reaches learner-facing endpoints only, never staff endpoints, passwords, e-mail, "
        "MFA, sessions, recovery codes, exports, bulk operations, role changes or another impersonation.",
    ),
}
