"""Use cases of sessions: one's own (list, end one, end all) and an admin's over another person's."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.rank import require_rank
from domain.shared.security_events import NewSecurityEvent, Severity
from domain.shared.uow import UnitOfWork

from .ports import IdentityDirectory, SecurityLog, TokenStore
from .sessions import SessionPolicy, SessionRecord


@dataclass(frozen=True)
class Ended:
    user_id: int
    ended: int


def _no_session(session_id: int) -> NotFound:
    return NotFound("No such session.", code="session_not_found", details={"id": session_id})


class SessionService:
    def __init__(
        self,
        tokens: TokenStore,
        directory: IdentityDirectory,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        policy: SessionPolicy,
        security: SecurityLog,
    ):
        self.tokens = tokens
        self.directory = directory
        self.audit = audit
        self.uow = uow
        self.clock = clock
        self.policy = policy
        self.security = security

    # -- one's own -----------------------------------------------------------------------------------
    def mine(self, principal: Principal, page: PageRequest) -> Page[SessionRecord]:
        return self._live(principal.user_id, page)

    def end_mine(self, principal: Principal, session_id: int) -> None:
        """End one of one's own sessions (another person's id answers 404, as an unknown one does)."""
        with self.uow:
            now = self.clock.now()
            if not self.tokens.revoke_session(principal.user_id, session_id, now, now, self.policy.idle_since(now)):
                raise _no_session(session_id)
            self.audit.record(principal, "auth.session_end", "user", principal.user_id, {"session": session_id})
            self.uow.commit()

    def end_all_mine(self, principal: Principal) -> Ended:
        """Log out everywhere: every token and browser session of the caller, this one included."""
        with self.uow:
            count = self.tokens.revoke_all(principal.user_id, self.clock.now())
            self.audit.record(principal, "auth.logout_everywhere", "user", principal.user_id, {"ended": count})
            self.uow.commit()
        return Ended(principal.user_id, count)

    # -- an admin's, over another person -------------------------------------------------------------
    def of_user(self, actor: Principal, user_id: int, page: PageRequest) -> Page[SessionRecord]:
        """A person's live sessions (support_admin, platform_admin); audited as a read of their data."""
        self._require(actor, user_id)
        result = self._live(user_id, page)
        with self.uow:
            details = {"returned": [s.id for s in result.items]}
            self.audit.record(actor, "session.list", "user", user_id, details)
            self.uow.commit()
        return result

    def _live(self, user_id: int, page: PageRequest) -> Page[SessionRecord]:
        now = self.clock.now()
        return self.tokens.live(user_id, now, self.policy.idle_since(now), page)

    def end_for_user(self, actor: Principal, user_id: int, session_id: int | None = None) -> Ended:
        """End one session of a person (404 `session_not_found` unless it is theirs and live) or all of them;
        audited, and a security event is raised."""
        self._require(actor, user_id)
        with self.uow:
            now = self.clock.now()
            if session_id is None:
                count = self.tokens.revoke_all(user_id, now)
            elif self.tokens.revoke_session(user_id, session_id, now, now, self.policy.idle_since(now)):
                count = 1
            else:
                raise _no_session(session_id)
            details: dict[str, object] = {"ended": count, "session": session_id if session_id is not None else "all"}
            self.audit.record(actor, "session.end", "user", user_id, details)
            self.security.raise_event(
                NewSecurityEvent(
                    "sessions_ended",
                    Severity.MEDIUM,
                    "admin_ended_sessions",
                    now,
                    user_id,
                    "An admin ended this person's sessions.",
                    {"by": actor.user_id, **details},
                    actor.meta.ip,
                    actor.meta.user_agent,
                )
            )
            self.uow.commit()
        return Ended(user_id, count)

    def purge(self) -> int:
        """Delete the rows of every session that is over (a periodic task)."""
        with self.uow:
            now = self.clock.now()
            count = self.tokens.purge(now, self.policy.idle_since(now))
            self.uow.commit()
        return count

    def _require(self, actor: Principal, user_id: int) -> None:
        self.audit.require(actor, Permission.SECURITY_MANAGE, "user", user_id)
        target = self.directory.get(user_id)
        if target is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        require_rank(actor, user_id, target)
