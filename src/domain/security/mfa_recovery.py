"""An admin resets someone's MFA (they lost their phone and their recovery codes): support_admin or platform_admin,
with a reason, never their own. A learner's reset takes effect at once; a staff member's waits for a second admin's
approval (the requester cannot approve it) and expires after 24 hours. A reset removes the authenticator and the
recovery codes, ends every session of the person, e-mails them, is audited and raises `mfa_reset` (high)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.identity.model import Identity
from domain.identity.ports import IdentityDirectory
from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.events import Notification
from domain.shared.live import now_of
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission, Role
from domain.shared.principal import Principal
from domain.shared.rank import rank_refusal, require_rank
from domain.shared.uow import UnitOfWork

from . import mfa_events
from .detection.detector import Detector
from .detection.facts import MfaChange
from .mfa import (
    MAX_RESET_REASON,
    MIN_RESET_REASON,
    MfaPolicy,
    NewResetRequest,
    ResetFilter,
    ResetRequest,
    ResetStatus,
    failures_key,
    is_staff,
)
from .passwords import AccessEnder
from .ports import MfaResetRequests, MfaStore, SecurityDirectory, ThrottleStore
from .service import SecurityEvents

APPROVER_ROLES = (Role.SUPPORT_ADMIN, Role.PLATFORM_ADMIN)


@dataclass(frozen=True)
class ResetPage:
    page: Page[ResetRequest]
    now: datetime  # what the statuses were read against


class MfaRecovery:
    def __init__(
        self,
        store: MfaStore,
        requests: MfaResetRequests,
        identities: IdentityDirectory,
        directory: SecurityDirectory,
        access: AccessEnder,
        throttle: ThrottleStore,
        events: SecurityEvents,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        policy: MfaPolicy | Callable[[], MfaPolicy] | None = None,
        *,
        detector: Detector,
    ):
        self.detector = detector
        self.store, self.requests, self.identities, self.directory = store, requests, identities, directory
        self.access, self.throttle, self.events, self.audit = access, throttle, events, audit
        self.uow, self.clock = uow, clock
        self._policy = policy or MfaPolicy()

    @property
    def policy(self) -> MfaPolicy:
        """The MFA policy in force now (its required roles may change at run time)."""
        return now_of(self._policy)

    @policy.setter
    def policy(self, value: MfaPolicy | Callable[[], MfaPolicy]) -> None:
        self._policy = value

    def request_reset(self, actor: Principal, user_id: int, reason: str) -> ResetRequest:
        """A learner's MFA is reset at once (the request answers `done`); a staff member's request waits for a
        second admin (`pending`)."""
        self.audit.require(actor, Permission.MFA_RESET, "user", user_id)
        reason = reason.strip()
        if len(reason) < MIN_RESET_REASON:
            raise InvalidInput(
                f"Say why the MFA is reset (reason, at least {MIN_RESET_REASON} characters): it is audited.",
                code="reason_required",
                details={"min_length": MIN_RESET_REASON},
            )
        reason = reason[:MAX_RESET_REASON]
        if actor.user_id == user_id:
            raise own_reset()
        target = self.identities.get(user_id)
        if target is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        require_rank(actor, user_id, target)
        enrolment = self.store.get(user_id)
        if enrolment is None or not enrolment.confirmed:
            raise Conflict("This person has no MFA to reset.", code="mfa_not_enrolled", details={"id": user_id})
        staff = is_staff(target.roles, target.is_superuser)
        with self.uow:
            now = self.clock.now()
            if staff:
                waiting = self.requests.pending_for(user_id, now)
                if waiting is not None:
                    raise Conflict(
                        "A reset of this person's MFA is already waiting for a second admin's approval.",
                        code="mfa_reset_pending",
                        details={"id": waiting.id},
                    )
            new = NewResetRequest(
                user_id,
                actor.user_id,
                reason,
                now,
                now + self.policy.reset_request_ttl,
                needs_approval=staff,
                status=ResetStatus.PENDING if staff else ResetStatus.DONE,
                approved_by=None if staff else actor.user_id,
                approved_at=None if staff else now,
            )
            request = self.requests.add(new)
            details = {"request": request.id, "reason": reason, "needs_approval": staff}
            self.audit.record(actor, "security.mfa_reset_requested", "user", user_id, details)
            if staff:
                self.events.raise_event(
                    mfa_events.mfa_reset_requested(user_id, now, actor.meta, actor.user_id, request.id, True)
                )
                self._ask_approvers(actor, target, request)
            else:
                self._carry_out(actor, request)
            self.uow.commit()
        return request

    def approve(self, actor: Principal, request_id: int) -> ResetRequest:
        """A second admin carries out a pending reset of a staff member's MFA."""
        self.audit.require(actor, Permission.MFA_RESET, "mfa_reset", request_id)
        with self.uow:
            now = self.clock.now()
            request = self.requests.get_for_update(request_id)
            if request is None:
                raise NotFound("No such MFA reset request.", code="mfa_reset_not_found", details={"id": request_id})
            refused = self._refusal(actor, request, now)
            if refused is None:
                done = request.done(actor.user_id, now)
                self.requests.save(done)
                details = {"request": request_id, "requested_by": request.requested_by}
                self.audit.record(actor, "security.mfa_reset_approved", "user", request.user_id, details)
                self._carry_out(actor, done)
                self.uow.commit()
                return done
        with self.uow:  # the refusal is kept, outside the block that held the request
            why = {"request": request_id, "why": refused.code}
            self.audit.record(actor, "security.mfa_reset_refused", "user", request.user_id, why)
            self.uow.commit()
        raise refused

    def _refusal(self, actor: Principal, request: ResetRequest, now: datetime) -> Conflict | PermissionDenied | None:
        status = request.status_at(now)
        if status is ResetStatus.EXPIRED:
            return Conflict(
                "This MFA reset request expired unapproved: ask for a new one.",
                code="mfa_reset_expired",
                details={"id": request.id, "expired_at": request.expires_at.isoformat()},
            )
        if status is not ResetStatus.PENDING:
            return Conflict(
                "This MFA reset was carried out already.",
                code="mfa_reset_not_pending",
                details={"id": request.id, "status": status.value},
            )
        if actor.user_id == request.user_id:
            return own_reset()
        if actor.user_id == request.requested_by:
            return PermissionDenied(
                "A second admin must approve this reset: the admin who asked for it cannot.",
                code="mfa_reset_same_admin",
                details={"id": request.id},
            )
        return rank_refusal(actor, request.user_id, self.identities.get(request.user_id))

    def search(self, actor: Principal, flt: ResetFilter, page: PageRequest) -> ResetPage:
        target_type, target_id = ("user", flt.user_id) if flt.user_id is not None else ("mfa_reset", "")
        self.audit.require(actor, Permission.SECURITY_READ, target_type, target_id)
        now = self.clock.now()
        result = self.requests.search(flt, now, page)
        with self.uow:
            filters = {k: v for k, v in (("status", flt.status), ("user_id", flt.user_id)) if v is not None}
            details = {"filters": filters, "returned": [r.id for r in result.items]}
            self.audit.record(actor, "security.mfa_resets_read", target_type, target_id, details)
            self.uow.commit()
        return ResetPage(result, now)

    # -- helpers -------------------------------------------------------------------------------------
    def _carry_out(self, actor: Principal, request: ResetRequest) -> None:
        """Inside the caller's unit of work."""
        user_id = request.user_id
        self.store.delete(user_id)
        self.throttle.forget([failures_key(user_id)])
        ended = self.access.revoke_all_access(user_id)
        approved_by = request.approved_by if request.approved_by is not None else actor.user_id
        details = {
            "request": request.id,
            "reason": request.reason,
            "requested_by": request.requested_by,
            "approved_by": approved_by,
            "sessions_ended": ended,
        }
        self.audit.record(actor, "security.mfa_reset", "user", user_id, details)
        self.detector.mfa_changed(user_id, MfaChange.RESET, actor, actor.meta, details)
        person = self.directory.get(user_id)
        if person is not None and person.email:
            body = "\n".join(
                [
                    f"Hello {person.username},",
                    "",
                    "An administrator reset the MFA of your account: your authenticator app and your recovery codes "
                    "no longer work, and every session of yours was ended.",
                    "",
                    "Sign in with your password; if your role requires MFA you will be asked to set up an "
                    "authenticator app again straight away.",
                    "",
                    "If you did not ask for this, tell support at once.",
                ]
            )
            self.uow.notify(Notification(person.email, "Your MFA was reset", body))

    def _ask_approvers(self, actor: Principal, target: Identity, request: ResetRequest) -> None:
        me = self.directory.get(actor.user_id)
        mine = me.email if me else ""
        body = "\n".join(
            [
                f"An admin (user {actor.user_id}) asked to reset the MFA of staff member {target.username} "
                f"(user {target.id}). A second admin must approve it before it takes effect.",
                "",
                f"Reason: {request.reason}",
                f"Expires: {request.expires_at.isoformat()}",
                "",
                "Before approving, confirm with the staff member through a channel you trust (a call to a known "
                "number, in person) that they asked for it.",
                f"Approve: POST /api/security/mfa-resets/{request.id}/approve",
                "Procedures: docs/security.md (admin MFA recovery).",
            ]
        )
        for to in self.directory.emails_of(APPROVER_ROLES):
            if to != mine:
                self.uow.notify(Notification(to, f"[security] MFA reset awaiting approval: {target.username}", body))


def own_reset() -> PermissionDenied:
    return PermissionDenied(
        "Nobody resets their own MFA this way: sign in with a recovery code, or ask another admin.",
        code="mfa_reset_own",
    )
