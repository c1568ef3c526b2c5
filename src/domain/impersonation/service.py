"""Use cases of impersonation for staff: start (or request), approve, reject, end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.shared.errors import NotFound, PermissionDenied
from domain.shared.live import now_of
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.rank import rank

from .journal import Journal
from .model import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MAX_NOTE,
    EndReason,
    Impersonation,
    ImpersonationScope,
    IssuedImpersonation,
    PersonRef,
    hash_token,
    new_token,
)
from .policy import StepUpCheck, approval_reasons, check_request, check_target, is_staff
from .ports import Person


@dataclass(frozen=True)
class StartRequest:
    user_id: int
    reason: str
    scope: ImpersonationScope = ImpersonationScope.READ
    minutes: int = DEFAULT_MINUTES
    ticket_id: int | None = None
    totp_code: str | None = None


def not_found(session_id: int) -> NotFound:
    return NotFound("No such impersonation session.", code="impersonation_not_found", details={"id": session_id})


def ref(p: Person) -> PersonRef:
    return PersonRef(p.id, p.username, p.name)


class ImpersonationService:
    def __init__(
        self, journal: Journal, step_up: StepUpCheck, unapproved_minutes: int | Callable[[], int] = MAX_MINUTES
    ):
        self.journal = journal
        self.store, self.people, self.uow, self.clock = journal.store, journal.people, journal.uow, journal.clock
        self.step_up = step_up
        self.unapproved_minutes = unapproved_minutes  # may change at run time (the approvals policy)

    def start(self, actor: Principal, request: StartRequest) -> IssuedImpersonation:
        """Active at once, or `pending_approval` until a second admin answers (the token works from then on)."""
        actor.require(Permission.IMPERSONATE)
        if actor.impersonator_id is not None:
            raise PermissionDenied("An impersonation session cannot start another one.", code="impersonation_nested")
        reason = check_request(request.reason, request.minutes)
        self.step_up.confirm(actor, request.totp_code)
        target = self.people.get(request.user_id)
        if target is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": request.user_id})
        check_target(actor, target, request.scope)
        me = self.people.get(actor.user_id)
        now = self.clock.now()
        token = new_token()
        session = Impersonation(
            impersonator=ref(me) if me else PersonRef(actor.user_id, actor.username, ""),
            target=ref(target),
            reason=reason,
            scope=request.scope,
            minutes=request.minutes,
            requested_at=now,
            token_hash=hash_token(token),
            ticket_id=request.ticket_id,
            approval_reasons=approval_reasons(
                actor, target, request.scope, request.minutes, now_of(self.unapproved_minutes)
            ),
            target_was_active=target.is_active,
        )
        if not session.needs_approval:
            session.activate(now)
        with self.uow:
            self._lapse_stale(actor.user_id)
            stored = self.store.add(session)
            if stored is None:
                raise PermissionDenied(
                    "You already have an impersonation session (or a request) open: end it first.",
                    code="already_impersonating",
                )
            if stored.needs_approval:
                self.journal.requested(actor, stored)
            else:
                self.journal.started(actor, stored, approved=False)
            self.uow.commit()
        return IssuedImpersonation(stored, token)

    def approve(self, actor: Principal, session_id: int, totp_code: str | None = None) -> Impersonation:
        session = self._for_decision(actor, session_id)
        self.step_up.confirm(actor, totp_code)
        with self.uow:
            session = self._locked(session_id)
            session.decide(True, actor.user_id, self.clock.now(), "")
            self.store.save(session)
            self.journal.started(actor, session, approved=True)
            self.uow.commit()
        return session

    def reject(self, actor: Principal, session_id: int, note: str = "") -> Impersonation:
        self._for_decision(actor, session_id)
        with self.uow:
            session = self._locked(session_id)
            session.decide(False, actor.user_id, self.clock.now(), note.strip()[:MAX_NOTE])
            self.store.save(session)
            self.journal.rejected(actor, session)
            self.uow.commit()
        return session

    def end(self, actor: Principal, session_id: int) -> Impersonation:
        """The impersonator ends their own session (or withdraws their request); an approver ends anyone's."""
        with self.uow:
            session = self.store.get(session_id, for_update=True)
            own = session is not None and session.impersonator.id == actor.user_id
            if session is None or not (own or actor.can(Permission.IMPERSONATION_READ)):
                raise not_found(session_id)
            if not own:
                actor.require(Permission.IMPERSONATION_APPROVE)
            now = self.clock.now()
            if not session.lapse(now):
                reason = EndReason.ENDED_BY_IMPERSONATOR if own else EndReason.ENDED_BY_ADMIN
                session.end(actor.user_id, now, reason)  # 409 when it is already over
                self.store.save(session)
                self.journal.ended(actor, session)
                self.uow.commit()
                return session
            self.store.save(session)  # it ran out on its own: write that down, then answer 409
            self.journal.ended(None, session)
            self.uow.commit()
        raise session.over(now)

    # -- helpers --------------------------------------------------------------------------------
    def _for_decision(self, actor: Principal, session_id: int) -> Impersonation:
        actor.require(Permission.IMPERSONATION_APPROVE)
        if actor.impersonator_id is not None:
            raise PermissionDenied("An impersonation session cannot answer requests.", code="impersonation_nested")
        session = self.store.get(session_id)
        if session is None:
            raise not_found(session_id)
        if session.impersonator.id == actor.user_id:
            raise PermissionDenied(
                "Someone other than the requester must answer a request.", code="cannot_approve_own_request"
            )
        target = self.people.get(session.target.id)
        if target is not None and is_staff(target) and rank(target.roles) >= rank(actor.roles, actor.is_superuser):
            raise PermissionDenied(
                "The target holds a staff role of equal or higher privilege than yours.", code="target_is_staff"
            )
        if session.lapse(self.clock.now()):
            with self.uow:
                self._locked_lapse(session_id)
                self.uow.commit()
        return session

    def sweep(self) -> int:
        """Write down every time-driven end (expiry, approval timeout) as it happens, not when the token is next
        used: the audit trail, the learner's timeline and the statistics see it within a minute (a periodic task).
        Whether a token works is decided by the clock on every request, so the sweep never widens access."""
        ended = 0
        for session in self.store.all_open():
            if session.status_at(self.clock.now()) is not session.status:
                with self.uow:
                    self._locked_lapse(session.id)
                    self.uow.commit()
                ended += 1
        return ended

    def _locked(self, session_id: int) -> Impersonation:
        session = self.store.get(session_id, for_update=True)
        if session is None:
            raise not_found(session_id)
        return session

    def _locked_lapse(self, session_id: int) -> None:
        session = self._locked(session_id)
        if session.lapse(self.clock.now()):
            self.store.save(session)
            self.journal.ended(None, session)

    def _lapse_stale(self, user_id: int) -> None:
        """Write down the time-driven ends of the person's sessions (the store counts stored statuses)."""
        now = self.clock.now()
        for session in self.store.stored_open(user_id):
            if session.impersonator.id == user_id and session.lapse(now):
                self.store.save(session)
                self.journal.ended(None, session)
