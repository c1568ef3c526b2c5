from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta, SessionScope
from domain.shared.security_events import NewSecurityEvent

from .model import Identity, MfaChallenge
from .sessions import SessionKind, SessionRecord
from .staff import NewRoleRequest, RoleRequest, RoleRequestStatus, StaffFilter, StaffRecord


class IdentityDirectory(Protocol):
    def authenticate(self, username: str, password: str) -> Identity | None:
        """The identity when the password matches and the account is active, else None.
        Costs the same for an unknown user as for a wrong password."""
        ...

    def get(self, user_id: int) -> Identity | None: ...

    def username_taken(self, username: str) -> bool: ...

    def create_staff(self, username: str, email: str, password: str, role: Role) -> Identity: ...


class PasswordBlocklist(Protocol):
    """Common and breached passwords (Django's 20,000 by default, or PASSWORD_BLOCKLIST_FILE), loaded once."""

    def contains(self, folded: str) -> bool:
        """Whether the NFKC-normalised, case-folded password is on the list."""
        ...

    def size(self) -> int: ...


@dataclass(frozen=True)
class TokenOwner:
    """Who a live token or cookie session belongs to, which session it is and when it was last marked used."""

    identity: Identity
    session_id: int
    last_used_at: datetime
    scope: SessionScope = SessionScope.FULL


class TokenStore(Protocol):
    """Bearer tokens and cookie sessions, one row each, stored by the hash of their secret."""

    def save(
        self,
        token_hash: str,
        user_id: int,
        created_at: datetime,
        expires_at: datetime,
        *,
        kind: SessionKind = SessionKind.BEARER,
        ip: str | None = None,
        user_agent: str = "",
        session_key: str | None = None,
        scope: SessionScope = SessionScope.FULL,
    ) -> int:
        """Store a new session (last used at `created_at`); its row id. `session_key` is the browser session a
        cookie row stands for, so that ending the row ends that session too."""
        ...

    def set_scope(self, user_id: int, session_id: int, scope: SessionScope) -> bool:
        """Change what one session of this person may do (confirming MFA enrolment lifts an enrol-only session);
        False when there is no such session of theirs."""
        ...

    def user_for(self, token_hash: str, now: datetime) -> int | None:
        """The owner of an unexpired, unrevoked token (whatever its idle time)."""
        ...

    def owner(self, token_hash: str, now: datetime, idle_since: datetime) -> TokenOwner | None:
        """The identity owning a live session (not revoked, not past `expires_at`, last used after `idle_since`), in
        one lookup (every authenticated request asks this)."""
        ...

    def touch(self, session_id: int, at: datetime) -> None:
        """Mark a session used (the caller does so at most once a minute)."""
        ...

    def live(self, user_id: int, now: datetime, idle_since: datetime, page: PageRequest) -> Page[SessionRecord]:
        """A person's live sessions, newest first (SESSIONS_CURSOR; a foreign cursor is `invalid_cursor`)."""
        ...

    def revoke(self, token_hash: str, at: datetime) -> bool: ...

    def revoke_session(self, user_id: int, session_id: int, at: datetime, now: datetime, idle_since: datetime) -> bool:
        """End one live session of this person; False when there is none with that id (or it is another's)."""
        ...

    def revoke_all(self, user_id: int, at: datetime, *, keep: int | None = None) -> int:
        """Revoke every token and session of a person but the session `keep`; the count revoked."""
        ...

    def revoke_all_of(self, user_ids: Sequence[int], at: datetime) -> int:
        """Revoke every token and session of these people at once (a bulk batch's); the count revoked."""
        ...

    def purge(self, now: datetime, idle_since: datetime) -> int:
        """Delete every session that is over (revoked, expired or idle), with the browser sessions they stand for;
        the count deleted."""
        ...


class BrowserSession(Protocol):
    """The browser a sign-in comes from, as the login use case sees it (implemented over Django's sessions)."""

    def open(self, user_id: int) -> tuple[str, str | None]:
        """Sign this browser in as the person under a new session key (the key it had, and its data, die: no
        fixation): the new key and the one it replaced, if any. Inside the caller's unit of work."""
        ...


class SecurityLog(Protocol):
    """Where identity raises security events (implemented by the security module)."""

    def raise_event(self, new: NewSecurityEvent) -> object: ...


@dataclass(frozen=True)
class Admission:
    """The guard's word on a login attempt, before any password is checked."""

    user_id: int | None  # the account the login name names, if any (for the audit trail, never for the answer)
    retry_after: int | None = None  # seconds: the attempt is refused, as a wrong password would be, but with 429
    reason: str = ""


class LoginGuard(Protocol):
    """Login protection, as the login use case sees it (implemented by the security module)."""

    def admit(self, username: str, meta: RequestMeta) -> Admission: ...

    def failed(self, username: str, admission: Admission, meta: RequestMeta) -> None:
        """Count a failed attempt, inside the caller's unit of work."""
        ...

    def succeeded(self, username: str, user_id: int, meta: RequestMeta) -> None:
        """Forget the failures a successful login ends, inside the caller's unit of work."""
        ...


class RoleWatch(Protocol):
    """Told of every change of a person's roles, permissions or staff/superuser flags, in the change's unit of
    work (the security module's Detector: a role change always raises a security event)."""

    def roles_changed(
        self, user_id: int, before: Collection[str], after: Collection[str], by: Principal | None, via: str
    ) -> Any: ...


class FactorState(StrEnum):
    """Where a person stands with the second factor, as login sees it."""

    NONE = "none"  # no MFA, and none required: the password alone signs in
    ENROLLED = "enrolled"  # confirmed MFA: the password step answers a challenge
    MUST_ENROL = "must_enrol"  # a role requires MFA and there is none yet: the session may only enrol


class SecondFactor(Protocol):
    """MFA, as the login use case sees it (implemented by the security module)."""

    def state(self, identity: Identity) -> FactorState: ...

    def states(self, identities: Sequence[Identity]) -> dict[int, FactorState]:
        """`state` of each, by id, in one read."""
        ...

    def challenge(self, identity: Identity, username: str, meta: RequestMeta) -> MfaChallenge:
        """A one-time challenge for the code step, inside the caller's unit of work."""
        ...

    def complete(
        self, challenge: str, code: str | None, recovery_code: str | None, meta: RequestMeta
    ) -> tuple[int, str]:
        """Check the challenge and the code (or recovery code) and use them up: the person's id and the login name
        the password step was given. Refusals (401, or 429 while the person's MFA delay runs) are committed."""
        ...


class StaffDirectory(Protocol):
    """Staff accounts as staff administration reads and changes them. Staff are people with a staff role or the
    superuser flag; learners are never listed nor returned. Writes are inside the caller's unit of work and report
    no role change themselves (the use case reports it, with the acting admin)."""

    def page(self, criteria: StaffFilter, page: PageRequest) -> Page[StaffRecord]:
        """Staff matching every given criterion, by id ascending (STAFF_CURSOR; a foreign cursor is
        `invalid_cursor`). `q` matches part of the username or e-mail in any case."""
        ...

    def record(self, user_id: int) -> StaffRecord | None:
        """The staff member with this id; None for a learner or an unknown id."""
        ...

    def set_role(self, user_id: int, role: Role) -> None:
        """Make `role` the person's only staff role (other groups stay) and mark them staff."""
        ...

    def set_active(self, user_id: int, active: bool) -> None:
        """Allow or refuse the person's sign-in (a deactivated account authenticates nowhere)."""
        ...

    def signed_in(self, user_id: int, at: datetime) -> None:
        """Remember a successful sign-in (the record's `last_sign_in`)."""
        ...


class RoleRequests(Protocol):
    """Grants of admin roles waiting for a second admin's approval."""

    def add(self, new: NewRoleRequest) -> RoleRequest:
        """Store a pending request; it comes back with its id."""
        ...

    def get(self, request_id: int) -> RoleRequest | None: ...

    def pending_for(self, user_id: int) -> RoleRequest | None:
        """The person's request still stored as pending (it may have expired since), if any."""
        ...

    def save_decision(self, request: RoleRequest) -> bool:
        """Store a request's decision (status, decided_by, decided_at) if the stored request is still pending; False
        when another answer was stored first (two admins answering at once: only one wins)."""
        ...

    def page(self, status: RoleRequestStatus | None, page: PageRequest) -> Page[RoleRequest]:
        """Requests stored with this status (all when None), newest first (ROLE_REQUESTS_CURSOR)."""
        ...
