"""Acting as the learner: an impersonation token becomes a principal of the learner that also names the staff
member; every request made with it is audited with both; a suspension of either person ends the session.

What a token may reach is decided per operation at the edge (`Gate`): learner-facing operations only, and in
read scope safe methods only."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.shared.errors import NotAuthenticated, PermissionDenied
from domain.shared.permissions import Permission
from domain.shared.principal import Principal, RequestMeta

from .journal import Journal
from .model import EndReason, Impersonation, ImpersonationScope, ImpersonationStatus, hash_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Reach(StrEnum):
    """What an operation lets an impersonation token do (the edge marks each operation; the default is NONE)."""

    NONE = "none"  # staff endpoints, and the learner's own sensitive ones (password, e-mail, MFA, sessions)
    LEARNER = "learner"  # learner-facing: read in read scope, read and write in write scope


@dataclass(frozen=True)
class Access:
    """A live impersonation, as a request under it carries it."""

    principal: Principal  # the learner, with impersonator_id and impersonation_id set
    session_id: int
    scope: ImpersonationScope
    expires_at: datetime

    def admit(self, method: str, reach: Reach) -> None:
        """Refuse what the token may not do here (403, a code per reason)."""
        unsafe = method.upper() not in SAFE_METHODS
        if unsafe and self.scope is ImpersonationScope.READ:
            raise PermissionDenied(
                "This impersonation session is read-only.",
                code="impersonation_read_only",
                details={"impersonation_id": self.session_id},
            )
        if reach is Reach.NONE:
            raise PermissionDenied(
                "An impersonation token reaches learner-facing endpoints only, and never passwords, e-mail, MFA, "
                "sessions, recovery codes, exports, bulk operations, role changes or another impersonation.",
                code="impersonation_not_allowed",
                details={"impersonation_id": self.session_id},
            )


class ImpersonationAccess:
    def __init__(self, journal: Journal):
        self.journal = journal
        self.store, self.people, self.uow, self.clock = journal.store, journal.people, journal.uow, journal.clock

    def resolve(self, token: str, meta: RequestMeta) -> Access | None:
        """The live impersonation a token stands for; None for a token nobody issued; 401 with a code for one that is
        pending, over, or whose people no longer qualify (that ends it, once, with its audit entry)."""
        session = self.store.by_token(hash_token(token))
        if session is None:
            return None
        now = self.clock.now()
        status = session.status_at(now)
        if status is ImpersonationStatus.ACTIVE:
            staff = self.people.get(session.impersonator.id)
            target = self.people.get(session.target.id)
            end_reason = None
            if staff is None or not staff.is_active:
                end_reason = EndReason.IMPERSONATOR_SUSPENDED
            elif not Principal(staff.id, staff.username, staff.roles, staff.is_superuser).can(Permission.IMPERSONATE):
                end_reason = EndReason.IMPERSONATOR_LOST_PERMISSION
            elif target is None or (session.target_was_active and not target.is_active):
                end_reason = EndReason.TARGET_SUSPENDED
            if end_reason is None and target is not None:
                principal = Principal(
                    user_id=target.id,
                    username=target.username,
                    roles=target.roles,
                    impersonator_id=session.impersonator.id,
                    impersonation_id=session.id,
                    meta=meta,
                )
                assert session.expires_at is not None
                return Access(principal, session.id, session.scope, session.expires_at)
            self._close(session.id, end_reason)
            status = ImpersonationStatus.ENDED
        elif status is not session.status:
            self._close(session.id, None)
        raise _refusal(session, status)

    def record_request(self, access: Access, method: str, path: str, status: int, outcome: str) -> None:
        """One audit entry per request made under impersonation, reads included: the staff member as actor, the
        learner as `on_behalf_of`, about the session (so its detail lists every request)."""
        details = {"method": method[:10], "path": path[:300], "status": status, "outcome": outcome[:64]}
        with self.uow:
            self.journal.audit.record(
                access.principal, "impersonation.request_made", "impersonation", access.session_id, details
            )
            self.uow.commit()

    def end_for_person(self, user_id: int) -> int:
        """A person left `active` (suspended, disabled, archived): every open session they take part in ends, in the
        caller's unit of work. The count ended."""
        return self._end_open(self.store.stored_open(user_id), {user_id})

    def end_for_people(self, user_ids: Collection[int]) -> int:
        """The same for a batch of people (a bulk status change): one read of the open sessions, whose number is at
        most the number of staff members."""
        people = set(user_ids)
        return self._end_open([s for s in self.store.all_open() if {s.impersonator.id, s.target.id} & people], people)

    def _end_open(self, sessions: Iterable[Impersonation], people: set[int]) -> int:
        ended = 0
        now = self.clock.now()
        for session in sessions:
            if session.lapse(now):
                self.store.save(session)
                self.journal.ended(None, session)
                continue
            as_staff = session.impersonator.id in people
            session.end(None, now, EndReason.IMPERSONATOR_SUSPENDED if as_staff else EndReason.TARGET_SUSPENDED)
            self.store.save(session)
            self.journal.ended(None, session)
            ended += 1
        return ended

    def current(self, principal: Principal) -> Impersonation | None:
        """The session a principal acts under (what GET /api/auth/me shows the front end's warning banner)."""
        if principal.impersonation_id is None:
            return None
        return self.store.get(principal.impersonation_id)

    def _close(self, session_id: int, reason: EndReason | None) -> None:
        """Write down that a session is over: by time (reason None) or because a person no longer qualifies."""
        with self.uow:
            session = self.store.get(session_id, for_update=True)
            if session is not None:
                now = self.clock.now()
                if session.lapse(now):
                    self.store.save(session)
                    self.journal.ended(None, session)
                elif reason is not None and session.is_open(now):
                    session.end(None, now, reason)
                    self.store.save(session)
                    self.journal.ended(None, session)
            self.uow.commit()


def _refusal(session: Impersonation, status: ImpersonationStatus) -> NotAuthenticated:
    details = {"impersonation_id": session.id, "status": status.value}
    if status is ImpersonationStatus.EXPIRED:
        expired = session.expires_at.isoformat() if session.expires_at else None
        return NotAuthenticated(
            "The impersonation session has expired.",
            code="impersonation_expired",
            details={**details, "expired_at": expired},
        )
    if status is ImpersonationStatus.PENDING_APPROVAL:
        return NotAuthenticated(
            "The impersonation request waits for a second admin's approval.",
            code="impersonation_pending_approval",
            details=details,
        )
    return NotAuthenticated("The impersonation session is over.", code="impersonation_ended", details=details)
