"""What impersonation needs from storage, the people directory, step-up MFA and the security module. Storage only:
who may impersonate whom, approval, expiry and the statistics are the domain's rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from domain.shared.security_events import NewSecurityEvent

from .model import Impersonation, ImpersonationFilter


@dataclass(frozen=True)
class Person:
    """Someone who impersonates or is impersonated, as the rules need them."""

    id: int
    username: str
    name: str
    email: str
    roles: frozenset[Role]
    is_superuser: bool = False
    is_active: bool = True  # the login account (kept in step with the learner's account status)
    urgent: bool = False  # on the support_priority=urgent watch list


class People(Protocol):
    def get(self, user_id: int) -> Person | None: ...


class ImpersonationStore(Protocol):
    def add(self, session: Impersonation) -> Impersonation | None:
        """Store a new session in the caller's transaction; it with its id, or None when its impersonator already
        has a session stored as pending_approval or active (one at a time, enforced by the store under races)."""
        ...

    def get(self, session_id: int, *, for_update: bool = False) -> Impersonation | None: ...

    def by_token(self, token_hash: str) -> Impersonation | None: ...

    def save(self, session: Impersonation) -> None:
        """Store the session's status, decision and end."""
        ...

    def stored_open(self, user_id: int) -> list[Impersonation]:
        """Sessions stored as pending_approval or active in which the person is the impersonator or the target."""
        ...

    def all_open(self) -> list[Impersonation]:
        """Every session stored as pending_approval or active, oldest first (at most one per staff member)."""
        ...

    def search(self, flt: ImpersonationFilter, page: PageRequest) -> Page[Impersonation]:
        """Newest request first, keyset-paginated with SESSIONS_CURSOR (a foreign cursor is `invalid_cursor`)."""
        ...

    def requested_between(self, start: datetime, end: datetime) -> list[Impersonation]:
        """Every session requested in [start, end), for the statistics."""
        ...


class StepUp(Protocol):
    """Step-up MFA as impersonation sees it (implemented by the MFA module; answered `enrolled=False` until it
    lands). Consuming a code and refusing its replay are the MFA module's job."""

    def enrolled(self, user_id: int) -> bool: ...

    def verify(self, principal: Principal, code: str) -> bool:
        """Whether `code` is a current code of the person's MFA, used up when it is (failures are recorded); False
        for someone without MFA. May raise Throttled (429) while the delay after wrong codes runs."""
        ...


class SecurityLog(Protocol):
    """Where impersonation raises security events (implemented by the security module)."""

    def raise_event(self, new: NewSecurityEvent) -> object: ...
