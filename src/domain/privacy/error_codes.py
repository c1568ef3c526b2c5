"""Privacy and compliance's error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "unknown_consent_type": (400, "A consent type that is not in PRIVACY_CONSENT_TYPES; `details.types` lists them."),
    "consent_reason_required": (422, "Staff recording a consent change must say why (a signed form, a call)."),
    "consent_reason_too_long": (422, "The reason is longer than 2,000 characters."),
    "staff_account": (
        409,
        "Staff accounts are not erased through privacy requests: remove their roles and deactivate them.",
    ),
    "privacy_request_open": (
        409,
        "The person has an open request of this type (pending, awaiting approval, cooling off or processing).",
    ),
    "privacy_request_not_found": (404, "No privacy request with this id."),
    "privacy_request_not_awaiting": (409, "Only an erasure awaiting approval can be approved or rejected."),
    "privacy_request_processing": (409, "The request is being processed: it can no longer be cancelled."),
    "privacy_request_finished": (
        409,
        "The request is finished already (the person is erased, or it was rejected, cancelled, expired or failed).",
    ),
    "own_privacy_request": (403, "Another compliance officer decides on a request you made or that is about you."),
    "privacy_reason_required": (422, "A reason is required (approving, rejecting, a legal hold)."),
    "privacy_reason_too_long": (422, "The reason is longer than 2,000 characters."),
    "privacy_export_not_ready": (409, "The export is not built yet (or the request is not an export)."),
    "privacy_export_expired": (409, "The export's link expired (PRIVACY_EXPORT_TTL_DAYS): ask for a new export."),
    "legal_hold_not_found": (404, "No legal hold with this id."),
    "legal_hold_inactive": (409, "The legal hold was released or has ended already."),
    "legal_hold_ends_in_past": (422, "A legal hold's ends_at must be in the future."),
}
