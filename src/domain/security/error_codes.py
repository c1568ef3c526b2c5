"""Account security's error codes (security events; and MFA, listed later in the catalogue), each with its HTTP
status and what it means; `domain.shared.error_codes` assembles every module's codes into the one catalogue
(docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "security_event_not_found": (404, "No such security event."),
    "security_event_resolved": (409, "The security event is already resolved; `details.resolved_by` says by whom."),
    "resolution_note_required": (422, "Resolving a security event needs a note saying what was done."),
    "resolution_note_too_long": (422, "The resolution note is longer than 2,000 characters."),
}

# MFA: second login step, enrolment, recovery codes and resets
MFA_CODES: dict[str, tuple[int, str]] = {
    "invalid_mfa_code": (
        401,
        "The second login step's code is wrong, malformed, expired or was used already (a code works once), or the "
        "recovery code is unknown or used. Five on one challenge burn it: sign in with the password again. Also the "
        "step-up code (`totp_code`) asked of an enrolled staff member starting or approving an impersonation.",
    ),
    "invalid_mfa_challenge": (
        401,
        "The login challenge is unknown, expired (5 min), used, burnt, or sent from another network: sign in with "
        "the password again.",
    ),
    "wrong_mfa_code": (400, "The authenticator code given to confirm, turn off or renew MFA is not right (audited)."),
    "mfa_throttled": (
        429,
        "After n wrong MFA codes in a row the next is checked only after 2^(n-1) s: wait `Retry-After`.",
    ),
    "mfa_enrolment_required": (
        403,
        "Your role requires MFA and you have none: this session can only enrol (POST /api/auth/mfa/totp and POST "
        "/api/auth/mfa/totp/confirm), read GET /api/auth/me and log out.",
    ),
    "mfa_already_enrolled": (409, "MFA is on already: turn it off first to enrol another authenticator."),
    "mfa_not_pending": (409, "No enrolment to confirm: start one with POST /api/auth/mfa/totp."),
    "mfa_not_enrolled": (409, "The person has no MFA (to turn off, renew codes for, or reset)."),
    "mfa_required_by_role": (
        403,
        "A role of the person requires MFA: it cannot be turned off (an admin can reset it).",
    ),
    "mfa_reset_own": (403, "Nobody resets their own MFA (or approves its reset): ask another admin."),
    "mfa_reset_same_admin": (403, "A staff member's MFA reset needs a second admin: its requester cannot approve it."),
    "mfa_reset_pending": (409, "A reset of this person's MFA already waits for approval; `details.id` names it."),
    "mfa_reset_not_found": (404, "No such MFA reset request."),
    "mfa_reset_expired": (409, "The MFA reset request expired unapproved (24 h): ask for a new one."),
    "mfa_reset_not_pending": (409, "The MFA reset was carried out already."),
}
