"""The security events MFA raises, built in one place: enabling, disabling, a reset (requested and carried out) and
a recovery code used. Each is a plain function of the facts, so that detection rules can later take these facts
in and decide severity (or raise more) without the MFA use cases changing. Facts never hold a secret, a code or a
recovery code."""

from __future__ import annotations

from datetime import datetime

from domain.shared.principal import RequestMeta

from .model import NewSecurityEvent, Severity

RULE_ENABLED = "mfa_enabled"
RULE_DISABLED = "mfa_disabled"
RULE_RESET = "mfa_reset"
RULE_RESET_REQUESTED = "mfa_reset_requested"
RULE_RECOVERY_CODE = "recovery_code_used"
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


def mfa_disabled(user_id: int, at: datetime, meta: RequestMeta) -> NewSecurityEvent:
    return NewSecurityEvent(
        "mfa_disabled",
        Severity.HIGH,
        RULE_DISABLED,
        at,
        user_id,
        "The person turned MFA off: their password alone signs them in now.",
        {"method": "totp", "by": "self"},
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


def mfa_reset(
    user_id: int,
    at: datetime,
    meta: RequestMeta,
    requested_by: int,
    approved_by: int,
    request_id: int,
    sessions_ended: int,
) -> NewSecurityEvent:
    approval = "approved by a second admin" if approved_by != requested_by else "without approval (not staff)"
    return NewSecurityEvent(
        "mfa_reset",
        Severity.HIGH,
        RULE_RESET,
        at,
        user_id,
        f"An admin reset this person's MFA ({approval}); every session of theirs ended.",
        {
            "request": request_id,
            "requested_by": requested_by,
            "approved_by": approved_by,
            "sessions_ended": sessions_ended,
        },
        meta.ip,
        meta.user_agent,
    )


def recovery_code_used(user_id: int, at: datetime, meta: RequestMeta, codes_left: int) -> NewSecurityEvent:
    return NewSecurityEvent(
        "recovery_code_used",
        Severity.HIGH,
        RULE_RECOVERY_CODE,
        at,
        user_id,
        "The person signed in with a recovery code instead of their authenticator app.",
        {"codes_left": codes_left, "via": "login"},
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
