"""Who may act as whom, what needs a second admin, and the step-up check. Pure rules, tested without storage."""

from __future__ import annotations

from collections.abc import Callable, Collection

from domain.shared.errors import NotAuthenticated, PermissionDenied, Unprocessable
from domain.shared.live import now_of
from domain.shared.permissions import Permission, Role
from domain.shared.principal import Principal
from domain.shared.rank import rank

from .model import MAX_MINUTES, MAX_REASON, MIN_REASON, ApprovalReason, ImpersonationScope
from .ports import Person, StepUp


def is_staff(person: Person) -> bool:
    return any(r is not Role.LEARNER for r in person.roles)


def check_request(reason: str, minutes: int) -> str:
    """The reason, trimmed, or 422 (the edge checks the same; a use case called directly is held to it too)."""
    reason = reason.strip()
    if len(reason) < MIN_REASON or len(reason) > MAX_REASON:
        raise Unprocessable(
            f"Give a reason of {MIN_REASON} to {MAX_REASON} characters (what the learner reported, the ticket).",
            code="impersonation_reason_required",
            details={"min_length": MIN_REASON},
        )
    if not 1 <= minutes <= MAX_MINUTES:
        raise Unprocessable(f"minutes is 1 to {MAX_MINUTES}.", code="validation_error", details={"minutes": minutes})
    return reason


def check_target(actor: Principal, target: Person, scope: ImpersonationScope) -> None:
    """The refusals no approval can lift (403, a code per reason)."""
    if target.id == actor.user_id:
        raise PermissionDenied("You cannot impersonate yourself.", code="cannot_impersonate_self")
    if target.is_superuser:
        raise PermissionDenied(
            "Superusers are never impersonated.", code="target_is_superuser", details={"target": target.id}
        )
    if is_staff(target) and rank(target.roles) >= rank(actor.roles, actor.is_superuser):
        raise PermissionDenied(
            "This person holds a staff role of equal or higher privilege than yours.",
            code="target_is_staff",
            details={"target": target.id, "roles": sorted(r.value for r in target.roles)},
        )
    if scope is ImpersonationScope.WRITE and not target.is_active:
        raise PermissionDenied(
            "The account is not active: it can be impersonated read-only only.",
            code="target_not_active",
            details={"target": target.id},
        )


def approval_reasons(
    actor: Principal, target: Person, scope: ImpersonationScope, minutes: int = 0, unapproved_minutes: int = MAX_MINUTES
) -> tuple[ApprovalReason, ...]:
    """Why a request waits for a second admin; `unapproved_minutes` is the longest session that may start without
    one (the `approvals` policy's impersonation_minutes_without_approval)."""
    reasons: list[ApprovalReason] = []
    if not actor.can(Permission.IMPERSONATION_APPROVE):
        reasons.append(ApprovalReason.REQUESTER_NEEDS_APPROVAL)
    if is_staff(target):
        reasons.append(ApprovalReason.TARGET_IS_STAFF)
    if target.urgent:
        reasons.append(ApprovalReason.URGENT_WATCH_LIST)
    if scope is ImpersonationScope.WRITE:
        reasons.append(ApprovalReason.WRITE_SCOPE)
    if minutes > unapproved_minutes:
        reasons.append(ApprovalReason.LONG_SESSION)
    return tuple(reasons)


class StepUpCheck:
    """Confirms a sensitive action with a current TOTP code: required when the person is enrolled, and enrolment
    is required first when one of their roles is in `required_roles` (the MFA_REQUIRED_ROLES setting)."""

    def __init__(self, step_up: StepUp, required_roles: Collection[Role] | Callable[[], Collection[Role]] = ()):
        self.step_up = step_up
        self._required_roles = required_roles

    @property
    def required_roles(self) -> frozenset[Role]:
        """The roles that must use MFA now (they may change at run time)."""
        return frozenset(now_of(self._required_roles))

    @required_roles.setter
    def required_roles(self, value: Collection[Role] | Callable[[], Collection[Role]]) -> None:
        self._required_roles = value

    def required(self, principal: Principal) -> bool:
        return bool(principal.roles & self.required_roles) or self.step_up.enrolled(principal.user_id)

    def confirm(self, principal: Principal, code: str | None) -> None:
        if self.step_up.enrolled(principal.user_id):
            if not code or not self.step_up.verify(principal, code):
                raise NotAuthenticated(
                    "Confirm with a current code from your authenticator app (totp_code).", code="invalid_mfa_code"
                )
            return
        if principal.roles & self.required_roles:
            raise PermissionDenied(
                "Your role must use multi-factor authentication: enrol before impersonating anyone.",
                code="mfa_enrolment_required",
            )
