"""The people codes: staff and learner accounts, their usernames, e-mail addresses, passwords, sessions and
status, which every module that names a person answers with. Each with its HTTP status and what it means;
`domain.shared.error_codes` assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "not_a_staff_role": (400, "Staff accounts take a staff role; learners are created as profiles."),
    "username_taken": (409, "The username is in use."),
    "identity_taken": (409, "The username or e-mail is in use; `details.fields` says which."),
    "wrong_current_password": (400, "The current password given to change it is not right (audited)."),
    "invalid_reset_token": (400, "The password reset link was used already, expired (1 h) or is mistyped."),
    "no_email_address": (422, "The person has no e-mail address to send a password reset link to."),
    "weak_password": (
        422,
        "The password fails the password policy; `details.reasons` lists why (too_short, too_long, common, "
        "contains_personal_info, recently_used), never the password.",
    ),
    "invalid_username": (400, "Usernames are 3-150 letters, digits or @.+-_."),
    "invalid_email": (400, "Not an e-mail address."),
    "invalid_initial_status": (400, "A new account starts pending or active."),
    "invalid_platform_role": (400, "This platform role cannot be given here."),
    "user_not_found": (404, "No such user."),
    "session_not_found": (404, "No such live session of this person (another person's session id answers the same)."),
    "empty_update": (400, "The change names no field to change."),
    "invalid_status_transition": (409, "The account cannot move to that status; `details.allowed` lists targets."),
    "status_reason_required": (422, "This status change needs a reason."),
    "status_reason_too_long": (422, "The status reason is too long."),
    "empty_batch": (400, "The batch holds no events."),
    "batch_too_large": (400, "At most 1,000 events per batch."),
}
