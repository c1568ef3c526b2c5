"""Staff administration's error codes (the identity module's), each with its HTTP status and what it means;
`domain.shared.error_codes` assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "staff_not_found": (404, "No staff member has this id (learners are not staff)."),
    "staff_reason_required": (422, "Staff changes need a `reason` of 10 to 500 characters."),
    "cannot_manage_self": (403, "Nobody changes their own role, status or sessions through staff administration."),
    "role_above_rank": (403, "Nobody grants a role ranked above their own (`details.role`)."),
    "role_unchanged": (409, "The person holds this role already."),
    "role_request_pending": (
        409,
        "A grant of an admin role to this person waits for approval already (`details.id`): approve or reject it.",
    ),
    "role_request_not_found": (404, "No such role change request."),
    "cannot_approve_own_role_request": (403, "Someone other than the requester must approve or reject it."),
    "role_request_expired": (409, "The role change went unanswered for 24 hours and expired; ask again."),
    "role_request_not_pending": (409, "The role change was answered already; `details.status` says how."),
    "staff_already_deactivated": (409, "The staff account is deactivated already."),
    "staff_already_active": (409, "The staff account is active already."),
}
