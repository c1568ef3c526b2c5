"""Impersonation fakes: the session store, the people directory over the harness's identities and learners, and a
step-up that knows one valid code per enrolled person. Storage only: the rules are the domain's."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.identity import InMemoryIdentityDirectory
from domain.accounts.model import SupportPriority
from domain.impersonation.model import OPEN, SESSIONS_CURSOR, Impersonation, ImpersonationFilter, ImpersonationStatus
from domain.impersonation.ports import Person
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Role
from domain.shared.principal import Principal


class InMemoryImpersonations:
    def __init__(self) -> None:
        self.sessions: dict[int, Impersonation] = {}
        self._ids = itertools.count(1)

    def add(self, session: Impersonation) -> Impersonation | None:
        if any(s.impersonator.id == session.impersonator.id and s.status in OPEN for s in self.sessions.values()):
            return None
        stored = replace(session, id=next(self._ids))
        self.sessions[stored.id] = stored
        return replace(stored)

    def get(self, session_id: int, *, for_update: bool = False) -> Impersonation | None:
        found = self.sessions.get(session_id)
        return replace(found) if found else None

    def by_token(self, token_hash: str) -> Impersonation | None:
        return next((replace(s) for s in self.sessions.values() if s.token_hash == token_hash), None)

    def save(self, session: Impersonation) -> None:
        self.sessions[session.id] = replace(session)

    def stored_open(self, user_id: int) -> list[Impersonation]:
        return [
            replace(s)
            for s in self.sessions.values()
            if s.status in OPEN and user_id in (s.impersonator.id, s.target.id)
        ]

    def all_open(self) -> list[Impersonation]:
        return [replace(s) for s in sorted(self.sessions.values(), key=lambda s: s.id) if s.status in OPEN]

    def search(self, flt: ImpersonationFilter, page: PageRequest) -> Page[Impersonation]:
        pos = page.after(SESSIONS_CURSOR)
        rows = sorted(self.sessions.values(), key=lambda s: (s.requested_at, s.id), reverse=True)
        rows = [
            replace(s)
            for s in rows
            if (flt.impersonator_id is None or s.impersonator.id == flt.impersonator_id)
            and (flt.target_id is None or s.target.id == flt.target_id)
            and (flt.since is None or s.requested_at >= flt.since)
            and (flt.until is None or s.requested_at < flt.until)
            and (
                flt.active_at is None
                or (
                    s.status is ImpersonationStatus.ACTIVE and s.expires_at is not None and s.expires_at > flt.active_at
                )
            )
            and (
                flt.pending_at is None
                or (s.status is ImpersonationStatus.PENDING_APPROVAL and s.approval_deadline > flt.pending_at)
            )
            and (pos is None or (s.requested_at, s.id) < (pos[0], pos[1]))
        ]
        return page_from_rows(rows[: page.limit + 1], page, SESSIONS_CURSOR, lambda s: [s.requested_at, s.id])

    def requested_between(self, start: datetime, end: datetime) -> list[Impersonation]:
        return [replace(s) for s in self.sessions.values() if start <= s.requested_at < end]


class InMemoryImpersonationPeople:
    """The harness's staff and learner identities (the directory), with learner profiles where there are some."""

    def __init__(self, identities: InMemoryIdentityDirectory, accounts: InMemoryAccounts | None = None) -> None:
        self.identities = identities
        self.accounts = accounts

    def get(self, user_id: int) -> Person | None:
        profile = self.accounts.profiles.get(user_id) if self.accounts else None
        urgent = profile is not None and profile.support_priority is SupportPriority.URGENT
        i = self.identities.get(user_id)
        if i is not None:
            name = self.identities.names.get(i.id, "")
            return Person(i.id, i.username, name, i.email, i.roles, i.is_superuser, i.is_active, urgent)
        person = self.accounts.people.get(user_id) if self.accounts else None
        if person is None:
            return None
        name = f"{person.first_name} {person.last_name}".strip()
        roles = frozenset({Role.LEARNER})
        return Person(user_id, person.username, name, person.email, roles, False, person.is_active, urgent)


class InMemoryStepUp:
    """Step-up MFA for tests: `codes` maps an enrolled person to the one code that verifies now; like the MFA
    service's, a code verifies once (a test sets the next one)."""

    def __init__(self, codes: dict[int, str] | None = None) -> None:
        self.codes: dict[int, str] = dict(codes or {})
        self.used: set[tuple[int, str]] = set()

    def enrolled(self, user_id: int) -> bool:
        return user_id in self.codes

    def verify(self, principal: Principal, code: str) -> bool:
        key = (principal.user_id, code)
        if self.codes.get(principal.user_id) != code or key in self.used:
            return False
        self.used.add(key)
        return True
