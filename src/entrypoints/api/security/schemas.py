from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Annotated, Any, Literal

import segno
from ninja import Field, Schema
from pydantic import AfterValidator

from domain.security.mfa import (
    MAX_CODE_INPUT,
    MAX_RESET_REASON,
    MIN_RESET_REASON,
    MfaPolicy,
    ResetRequest,
    ResetStatus,
)
from domain.security.mfa_service import EnrolmentStarted
from domain.security.model import MAX_NOTE, SecurityEvent, Severity
from domain.security.passwords import MAX_REASON, MAX_RESET_TOKEN
from domain.security.protection import MAX_UNBLOCK_TOKEN, Unblocked
from domain.security.timeline import TimelineEntry, TimelineKind, TimelineSource
from entrypoints.api.schemas import Moment, PageQuery, QueryId, ReadModelOut


def _ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError as exc:
        raise ValueError("is not an IPv4 or IPv6 address") from exc


IpAddress = Annotated[str, Field(max_length=45), AfterValidator(_ip)]


class SecurityEventQuery(PageQuery):
    user: QueryId | None = Field(None, description="the person's user id")
    event_type: str | None = Field(None, max_length=100, description="e.g. credential_stuffing, login_throttled")
    severity: Severity | None = None
    resolved: bool | None = None
    ip: IpAddress | None = None
    since: Moment | None = Field(None, description="from this time (inclusive)")
    until: Moment | None = Field(None, description="before this time")


class SecurityEventOut(ReadModelOut):
    id: int
    user_id: int | None = Field(description="null for an event about a network (credential stuffing)")
    event_type: str
    severity: Severity
    rule: str = Field(description="what raised it")
    description: str
    facts: dict[str, Any] = Field(description="what made the rule fire")
    ip_address: str | None
    user_agent: str
    timestamp: datetime
    resolved: bool
    resolved_by: int | None
    resolved_at: datetime | None
    resolution_note: str

    @staticmethod
    def of(e: SecurityEvent) -> SecurityEventOut:
        return SecurityEventOut(
            id=e.id,
            user_id=e.user_id,
            event_type=e.event_type,
            severity=e.severity,
            rule=e.rule,
            description=e.description,
            facts=dict(e.facts),
            ip_address=e.ip,
            user_agent=e.user_agent,
            timestamp=e.timestamp,
            resolved=e.resolved,
            resolved_by=e.resolved_by,
            resolved_at=e.resolved_at,
            resolution_note=e.resolution_note,
        )


class SecurityEventPageOut(ReadModelOut):
    items: list[SecurityEventOut]
    next_cursor: str | None


class ResolveIn(Schema):
    resolved: Literal[True] = Field(description="only resolving is supported: a resolved event stays resolved")
    note: str = Field(min_length=1, max_length=MAX_NOTE, description="what was done (audited)")


class TimelineEntryOut(ReadModelOut):
    kind: TimelineKind
    at: datetime
    source: TimelineSource
    source_id: int = Field(description="the security event's id, or the audit entry's seq")
    action: str = Field(description="the audit action, or the security event's type")
    actor_id: int | None
    ip: str | None
    user_agent: str
    severity: Severity | None = Field(description="security events only")
    details: dict[str, Any]

    @staticmethod
    def of(t: TimelineEntry) -> TimelineEntryOut:
        return TimelineEntryOut(
            kind=t.kind,
            at=t.at,
            source=t.source,
            source_id=t.source_id,
            action=t.action,
            actor_id=t.actor_id,
            ip=t.ip,
            user_agent=t.user_agent,
            severity=t.severity,
            details=dict(t.details),
        )


class TimelinePageOut(ReadModelOut):
    items: list[TimelineEntryOut]
    next_cursor: str | None


class UnblockLinkIn(Schema):
    token: str = Field(min_length=1, max_length=MAX_UNBLOCK_TOKEN, description="the token from the e-mailed link")


class UnblockOut(ReadModelOut):
    user_id: int
    account_failures: int = Field(description="the account's failed logins forgotten")
    was_blocked: bool = Field(description="whether the account had reached LOGIN_ACCOUNT_MAX_FAILURES")

    @staticmethod
    def of(u: Unblocked) -> UnblockOut:
        return UnblockOut(user_id=u.user_id, account_failures=u.account_failures, was_blocked=u.was_blocked)


class PasswordPolicyOut(ReadModelOut):
    """The password rules, for a front end to explain them before the person types (NIST SP 800-63B-4)."""

    min_length: int = Field(description="characters (Unicode code points after NFKC) for an account without MFA")
    min_length_with_mfa: int = Field(description="characters for an account with a second factor")
    max_length: int
    history: int = Field(description="the last this many passwords of the person cannot be used again")
    blocklist_size: int = Field(description="common and breached passwords refused")
    normalisation: Literal["NFKC"]
    rules: list[str] = Field(description="the reasons a password can be refused (details.reasons of weak_password)")


# a password field accepts more than the policy's 128 so that a longer one is refused by the policy (422
# weak_password, reason too_long) rather than by the schema, and never echoed either way
PasswordText = Annotated[str, Field(min_length=1, max_length=1024)]


class PasswordChangeIn(Schema):
    current_password: PasswordText
    new_password: PasswordText


class PasswordChangeOut(ReadModelOut):
    sessions_ended: int = Field(description="the other sessions and tokens of the person, now ended")


class PasswordResetIn(Schema):
    email: str | None = Field(None, min_length=1, max_length=254, description="the account's e-mail address")
    username: str | None = Field(None, min_length=1, max_length=150, description="or its username")


class PasswordResetConfirmIn(Schema):
    token: str = Field(min_length=1, max_length=MAX_RESET_TOKEN)
    new_password: PasswordText


class AdminPasswordResetIn(Schema):
    reason: str = Field(min_length=1, max_length=MAX_REASON, description="why (audited)")


# -- MFA -------------------------------------------------------------------------------------------------------
class MfaEnrolmentOut(ReadModelOut):
    """Shown once. The person scans `qr_svg` (or types `secret`) into an authenticator app, then confirms with its
    first code: POST /api/auth/mfa/totp/confirm."""

    secret: str = Field(description="base32, for typing into the app by hand")
    otpauth_uri: str = Field(description="otpauth://totp/... : what the QR code holds")
    qr_svg: str = Field(description="the QR code as an inline SVG element")
    issuer: str
    account: str = Field(description="the username, as the app shows it")
    digits: int
    period: int = Field(description="seconds a code lives")

    @staticmethod
    def of(started: EnrolmentStarted, policy: MfaPolicy) -> MfaEnrolmentOut:
        qr = segno.make(started.uri, error="m")
        return MfaEnrolmentOut(
            secret=started.secret,
            otpauth_uri=started.uri,
            qr_svg=qr.svg_inline(scale=4, title=f"{started.issuer}: {started.account}"),
            issuer=started.issuer,
            account=started.account,
            digits=policy.digits,
            period=policy.interval,
        )


class MfaCodeIn(Schema):
    code: str = Field(min_length=1, max_length=MAX_CODE_INPUT, description="the authenticator's current 6 digits")


class RecoveryCodesOut(ReadModelOut):
    """Shown once: keep them apart from the phone. Each works once, instead of a code, at POST /api/auth/login/mfa."""

    recovery_codes: list[str]
    session_unlocked: bool = Field(description="this session could only enrol until now, and now can do everything")


class MfaResetIn(Schema):
    reason: str = Field(
        min_length=1,
        max_length=MAX_RESET_REASON,
        description=f"why (at least {MIN_RESET_REASON} characters; audited and e-mailed to the approvers)",
    )


class MfaResetOut(ReadModelOut):
    id: int
    user_id: int
    status: ResetStatus = Field(description="done, or pending a second admin's approval, or expired unapproved")
    needs_approval: bool = Field(description="the person holds a staff role: a second admin must approve")
    requested_by: int
    reason: str
    created_at: datetime
    expires_at: datetime = Field(description="a pending request expires unapproved at this time (24 hours)")
    approved_by: int | None
    approved_at: datetime | None

    @staticmethod
    def of(r: ResetRequest, now: datetime) -> MfaResetOut:
        return MfaResetOut(
            id=r.id,
            user_id=r.user_id,
            status=r.status_at(now),
            needs_approval=r.needs_approval,
            requested_by=r.requested_by,
            reason=r.reason,
            created_at=r.created_at,
            expires_at=r.expires_at,
            approved_by=r.approved_by,
            approved_at=r.approved_at,
        )


class MfaResetPageOut(ReadModelOut):
    items: list[MfaResetOut]
    next_cursor: str | None


class MfaResetQuery(PageQuery):
    status: ResetStatus | None = None
    user: QueryId | None = Field(None, description="the person whose MFA it is")
