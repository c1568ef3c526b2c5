"""Security events, a person's security timeline, and unblocking a login throttle."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.identity.password_policy import current_of
from domain.security.mfa import ResetFilter
from domain.security.model import EventFilter
from entrypoints.api.auth import ENROLMENT_AUTH, principal, request_meta
from entrypoints.api.schemas import PageQuery, errors
from entrypoints.bootstrap import container

from .schemas import (
    AdminPasswordResetIn,
    MfaCodeIn,
    MfaEnrolmentOut,
    MfaResetIn,
    MfaResetOut,
    MfaResetPageOut,
    MfaResetQuery,
    PasswordChangeIn,
    PasswordChangeOut,
    PasswordPolicyOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RecoveryCodesOut,
    ResolveIn,
    SecurityEventOut,
    SecurityEventPageOut,
    SecurityEventQuery,
    TimelineEntryOut,
    TimelinePageOut,
    UnblockLinkIn,
    UnblockOut,
)

router = Router(tags=["security"])
users_router = Router(tags=["users"])  # mounted under /users, beside the accounts module's routes
auth_router = Router(tags=["auth"])  # mounted under /auth


@router.get(
    "/events/", summary="List security events", response={200: SecurityEventPageOut, **errors(400, 401, 403, 422)}
)
def list_security_events(request: HttpRequest, q: Query[SecurityEventQuery]) -> SecurityEventPageOut:
    """Newest first. support_admin, platform_admin and compliance_officer; the read is audited."""
    flt = EventFilter(
        user_id=q.user,
        event_type=q.event_type,
        severity=q.severity,
        resolved=q.resolved,
        ip=q.ip,
        since=q.since,
        until=q.until,
    )
    page = container().security.search(principal(request), flt, q.page())
    return SecurityEventPageOut(items=[SecurityEventOut.of(e) for e in page.items], next_cursor=page.next_cursor)


@router.patch(
    "/events/{id:event_id}/",
    summary="Resolve a security event",
    response={200: SecurityEventOut, **errors(400, 401, 403, 404, 409, 422)},
)
def resolve_security_event(request: HttpRequest, event_id: int, body: ResolveIn) -> SecurityEventOut:
    """Resolve with a note saying what was done (support_admin, platform_admin; audited, published)."""
    return SecurityEventOut.of(container().security.resolve(principal(request), event_id, body.note))


@router.get(
    "/user-audit/{id:user_id}/",
    summary="Get a person's security timeline",
    response={200: TimelinePageOut, **errors(400, 401, 403, 404, 422)},
)
def get_user_audit(request: HttpRequest, user_id: int, q: Query[PageQuery]) -> TimelinePageOut:
    """One timeline of a person's security events, logins and failures, status changes, unblocks and every staff
    access to their data, newest first. Reading it is audited as a read of that person's data."""
    page = container().security.user_audit(principal(request), user_id, q.page())
    return TimelinePageOut(items=[TimelineEntryOut.of(t) for t in page.items], next_cursor=page.next_cursor)


@users_router.post(
    "/profiles/{id:user_id}/unblock",
    summary="Unblock a person's login",
    response={200: UnblockOut, **errors(401, 403, 404)},
)
def unblock_profile_login(request: HttpRequest, user_id: int) -> UnblockOut:
    """Clear a person's login throttle: their account's failures and every per-network delay (support_admin,
    platform_admin; audited). A network's credential-stuffing throttle is left in place. Staff of the caller's rank
    or above: 403 `target_outranks_actor`."""
    return UnblockOut.of(container().login_protection.unblock(principal(request), user_id))


@auth_router.post(
    "/login/unblock",
    summary="Unblock one's own login with the e-mailed link",
    auth=None,
    response={204: None, **errors(400, 422)},
)
def unblock_login(request: HttpRequest, body: UnblockLinkIn) -> Status[None]:
    """The owner's one-time link from the e-mail sent when their account reached LOGIN_ACCOUNT_MAX_FAILURES:
    sign-in works again (from the network the link is used from at once)."""
    container().login_protection.unblock_with_link(body.token, request_meta(request))
    return Status(204, None)


@router.get("/password-policy", summary="Get the password policy", auth=None, response={200: PasswordPolicyOut})
def get_password_policy(request: HttpRequest) -> PasswordPolicyOut:
    """The rules every password set through this API meets: length (by MFA), the blocklist, personal details and
    history. No composition rules and no forced rotation. A refusal is 422 `weak_password` with `details.reasons`."""
    c = container()
    policy = current_of(c.password_policy)  # the run-time policy in force
    return PasswordPolicyOut.model_validate(policy.describe(c.password_blocklist.size()))


@auth_router.post(
    "/password", summary="Change one's own password", response={200: PasswordChangeOut, **errors(400, 401, 422)}
)
def change_password(request: HttpRequest, body: PasswordChangeIn) -> PasswordChangeOut:
    """Change one's own password (the policy: GET /api/security/password-policy). Every other session and token of
    the person ends; the one this request came with stays. A wrong current password is 400
    `wrong_current_password`; a refused new one 422 `weak_password` with `details.reasons`."""
    ended = container().passwords.change(principal(request), body.current_password, body.new_password)
    return PasswordChangeOut(sessions_ended=ended)


@auth_router.post(
    "/password-reset",
    summary="Request a password reset e-mail",
    auth=None,
    response={202: None, **errors(400, 422, 429)},
)
def request_password_reset(request: HttpRequest, body: PasswordResetIn) -> Status[None]:
    """E-mail a one-time link (valid 1 hour) to the account with this e-mail address or username. 202 whether or
    not such an account exists: the answer says nothing about it. At most PASSWORD_RESET_MAX_PER_ADDRESS links an
    hour reach one address (later requests answer 202 and send nothing); a network past
    PASSWORD_RESET_MAX_PER_NETWORK requests an hour gets 429 `password_reset_throttled` with Retry-After."""
    container().passwords.request_reset(body.email or body.username or "", request_meta(request))
    return Status(202, None)


@auth_router.post(
    "/password-reset/confirm",
    summary="Set a new password with a reset token",
    auth=None,
    response={204: None, **errors(400, 422)},
)
def confirm_password_reset(request: HttpRequest, body: PasswordResetConfirmIn) -> Status[None]:
    """Set a new password with the e-mailed link's token: once, within the hour (else 400 `invalid_reset_token`).
    Every session and token of the person ends. A refused password (422) leaves the link usable."""
    container().passwords.confirm_reset(body.token, body.new_password, request_meta(request))
    return Status(204, None)


@users_router.post(
    "/profiles/{id:user_id}/password-reset",
    summary="E-mail a person a password reset link",
    response={202: None, **errors(400, 401, 403, 404, 422)},
)
def reset_profile_password(request: HttpRequest, user_id: int, body: AdminPasswordResetIn) -> Status[None]:
    """Have a reset link e-mailed to the person (support_admin, platform_admin; the reason is audited). Staff never
    see or set a password. Staff of the caller's rank or above: 403 `target_outranks_actor`."""
    container().passwords.admin_reset(principal(request), user_id, body.reason)
    return Status(202, None)


# -- MFA -------------------------------------------------------------------------------------------------------
@auth_router.post(
    "/mfa/totp", summary="Start MFA enrolment", auth=ENROLMENT_AUTH, response={201: MfaEnrolmentOut, **errors(401, 409)}
)
def enrol_totp(request: HttpRequest) -> Status[MfaEnrolmentOut]:
    """Start enrolling an authenticator app: a new secret, its otpauth:// URI and a QR code (shown once). MFA is
    on only once confirmed with a first code (POST /api/auth/mfa/totp/confirm); starting again replaces a pending
    secret. 409 `mfa_already_enrolled` when MFA is on."""
    c = container()
    return Status(201, MfaEnrolmentOut.of(c.mfa.enrol(principal(request)), c.mfa.policy))


@auth_router.post(
    "/mfa/totp/confirm",
    summary="Confirm MFA enrolment",
    auth=ENROLMENT_AUTH,
    response={200: RecoveryCodesOut, **errors(400, 401, 409, 422, 429)},
)
def confirm_totp(request: HttpRequest, body: MfaCodeIn) -> RecoveryCodesOut:
    """Turn MFA on with the app's first code: answers 10 recovery codes, once (only their digests are kept). An
    enrol-only session becomes a full one. A wrong code is 400 `wrong_mfa_code`; after n in a row the next waits
    2^(n-1) s (429 `mfa_throttled`)."""
    done = container().mfa.confirm(principal(request), body.code)
    return RecoveryCodesOut(recovery_codes=done.recovery_codes, session_unlocked=done.session_unlocked)


@auth_router.delete("/mfa/totp", summary="Turn MFA off", response={204: None, **errors(400, 401, 403, 409, 422, 429)})
def disable_totp(request: HttpRequest, body: MfaCodeIn) -> Status[None]:
    """Turn MFA off with a current code (audited; raises `mfa_disabled`, high; the person is e-mailed). 403
    `mfa_required_by_role` where a role of the person requires MFA."""
    container().mfa.disable(principal(request), body.code)
    return Status(204, None)


@auth_router.post(
    "/mfa/recovery-codes",
    summary="Regenerate MFA recovery codes",
    response={200: RecoveryCodesOut, **errors(400, 401, 409, 422, 429)},
)
def regenerate_recovery_codes(request: HttpRequest, body: MfaCodeIn) -> RecoveryCodesOut:
    """10 new recovery codes with a current code (shown once); every earlier one stops working."""
    codes = container().mfa.regenerate_codes(principal(request), body.code)
    return RecoveryCodesOut(recovery_codes=codes, session_unlocked=False)


@users_router.post(
    "/profiles/{id:user_id}/mfa/reset",
    summary="Reset a person's MFA",
    response={200: MfaResetOut, 202: MfaResetOut, **errors(400, 401, 403, 404, 409, 422)},
)
def reset_profile_mfa(request: HttpRequest, user_id: int, body: MfaResetIn) -> Status[MfaResetOut]:
    """Reset a person's MFA (support_admin, platform_admin; never one's own): the authenticator and recovery codes
    go, every session ends, the person is e-mailed, `mfa_reset` (high) is raised. A learner's takes effect at once
    (200, `done`); a staff member's waits for a second admin (202, `pending`: POST
    /api/security/mfa-resets/{id}/approve) and expires unapproved after 24 hours. Staff of the caller's rank or
    above: 403 `target_outranks_actor`."""
    c = container()
    done = c.mfa_recovery.request_reset(principal(request), user_id, body.reason)
    return Status(202 if done.needs_approval else 200, MfaResetOut.of(done, c.clock.now()))


@router.get(
    "/mfa-resets/", summary="List MFA reset requests", response={200: MfaResetPageOut, **errors(400, 401, 403, 422)}
)
def list_mfa_resets(request: HttpRequest, q: Query[MfaResetQuery]) -> MfaResetPageOut:
    """MFA reset requests, newest first (support_admin, platform_admin, compliance_officer; the read is audited)."""
    found = container().mfa_recovery.search(principal(request), ResetFilter(q.status, q.user), q.page())
    return MfaResetPageOut(
        items=[MfaResetOut.of(r, found.now) for r in found.page.items], next_cursor=found.page.next_cursor
    )


@router.post(
    "/mfa-resets/{id:request_id}/approve",
    summary="Approve an MFA reset",
    response={200: MfaResetOut, **errors(401, 403, 404, 409)},
)
def approve_mfa_reset(request: HttpRequest, request_id: int) -> MfaResetOut:
    """A second admin approves a pending reset of a staff member's MFA, which then takes effect. The admin who
    asked cannot approve (403 `mfa_reset_same_admin`), nor the person themselves; an expired request is 409
    `mfa_reset_expired`, a done one 409 `mfa_reset_not_pending`. The approver must outrank a staff member whose
    MFA it is (403 `target_outranks_actor`)."""
    c = container()
    return MfaResetOut.of(c.mfa_recovery.approve(principal(request), request_id), c.clock.now())
