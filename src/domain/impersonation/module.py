"""The impersonation module's three faces, built from one set of ports."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.permissions import Role
from domain.shared.uow import UnitOfWork

from .access import ImpersonationAccess
from .journal import Journal
from .model import MAX_MINUTES
from .policy import StepUpCheck
from .ports import ImpersonationStore, People, SecurityLog, StepUp
from .reading import ImpersonationReader
from .service import ImpersonationService


@dataclass(frozen=True)
class ImpersonationStores:
    store: ImpersonationStore
    people: People


@dataclass(frozen=True)
class ImpersonationSettings:
    mfa_required_roles: Collection[Role] | Callable[[], Collection[Role]] = ()  # must enrol in MFA to impersonate
    notify_user: bool = True  # the learner is told by e-mail when a session on their account starts
    unapproved_minutes: int | Callable[[], int] = MAX_MINUTES  # longer sessions wait for a second admin


@dataclass(frozen=True)
class Impersonations:
    sessions: ImpersonationService  # start, approve, reject, end
    access: ImpersonationAccess  # tokens, requests made under them, suspensions
    reader: ImpersonationReader  # list, detail, statistics

    @staticmethod
    def build(
        *,
        stores: ImpersonationStores,
        step_up: StepUp,
        security: SecurityLog,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        settings: ImpersonationSettings | None = None,
    ) -> Impersonations:
        """`step_up`: the MFA service's current-code check; `security`: the security event log."""
        store, cfg = stores.store, settings or ImpersonationSettings()
        journal = Journal(
            store=store,
            people=stores.people,
            audit=audit,
            security=security,
            uow=uow,
            clock=clock,
            notify_user=cfg.notify_user,
        )
        return Impersonations(
            ImpersonationService(journal, StepUpCheck(step_up, cfg.mfa_required_roles), cfg.unapproved_minutes),
            ImpersonationAccess(journal),
            ImpersonationReader(store, audit, uow, clock),
        )


class BatchRevoker(Protocol):
    """identity's AuthService: every token and session of one person, or of a batch."""

    def revoke_all_access(self, user_id: int) -> int: ...

    def revoke_all_access_of(self, user_ids: Sequence[int]) -> int: ...


class RevokerEndingImpersonations:
    """accounts' AccessRevoker (called when a person leaves `active`): ends their tokens and sessions, and every
    impersonation session they take part in, as impersonator or as target."""

    def __init__(self, revoker: BatchRevoker, access: ImpersonationAccess):
        self.revoker, self.access = revoker, access

    def revoke_all_access(self, user_id: int) -> int:
        self.access.end_for_person(user_id)
        return self.revoker.revoke_all_access(user_id)

    def revoke_all_access_of(self, user_ids: Sequence[int]) -> int:
        """bulk's Revoker: a batch of people left `active` in one transaction."""
        self.access.end_for_people(user_ids)
        return self.revoker.revoke_all_access_of(user_ids)
