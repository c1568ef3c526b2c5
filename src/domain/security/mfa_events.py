"""The informational security events MFA raises itself: enabled, a reset requested, and a run of wrong codes. MFA
turned off, reset, and a recovery code used are the detection rules' (domain.security.detection.access, through the
Detector). Facts never hold a secret, a code or a recovery code."""

from __future__ import annotations

from datetime import datetime

from domain.shared.principal import RequestMeta

from .model import NewSecurityEvent, Severity

RULE_ENABLED = "mfa_enabled"
RULE_RESET_REQUESTED = "mfa_reset_requested"
RULE_FAILURES = "mfa_failures"


def mfa_enabled(user_id: int, at: datetime, meta: RequestMeta, recovery_codes: int) -> NewSecurityEvent:
    return NewSecurityEvent(
        "mfa_enabled",
        Severity.LOW,
        RULE_ENABLED,
        at,
        user_id,
        "The person turned on MFA (an authenticator app) and was given recovery codes.",
        {"method": "totp", "recovery_codes": recovery_codes},
        meta.ip,
        meta.user_agent,
    )


def mfa_reset_requested(
    user_id: int, at: datetime, meta: RequestMeta, requested_by: int, request_id: int, needs_approval: bool
) -> NewSecurityEvent:
    return NewSecurityEvent(
        "mfa_reset_requested",
        Severity.MEDIUM,
        RULE_RESET_REQUESTED,
        at,
        user_id,
        "An admin asked to reset this staff member's MFA; a second admin must approve it.",
        {"request": request_id, "requested_by": requested_by, "needs_approval": needs_approval},
        meta.ip,
        meta.user_agent,
    )


def mfa_code_failures(user_id: int, at: datetime, meta: RequestMeta, failures: int, via: str) -> NewSecurityEvent:
    return NewSecurityEvent(
        "mfa_code_failures",
        Severity.MEDIUM,
        RULE_FAILURES,
        at,
        user_id,
        f"{failures} wrong MFA codes in a row: if it was not the person, someone may know their password.",
        {"failures": failures, "via": via},
        meta.ip,
        meta.user_agent,
    )
