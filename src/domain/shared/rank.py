"""Rank: how much a role may do. Nobody acts as, or on the sessions, credentials or MFA of, a staff member at
their own rank or above (impersonation, listing and ending sessions, unblocking sign-in, password and MFA resets).
Service accounts are machines holding platform credentials: ranked with platform admins."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from .errors import PermissionDenied
from .permissions import Role
from .principal import Principal

RANK: dict[Role, int] = {
    Role.LEARNER: 0,
    Role.UX_MANAGER: 1,
    Role.CUSTOMER_SUCCESS: 1,
    Role.SUPPORT_AGENT: 1,
    Role.COMPLIANCE_OFFICER: 2,
    Role.SUPPORT_ADMIN: 2,
    Role.PLATFORM_ADMIN: 3,
    Role.SERVICE: 3,
}
SUPERUSER_RANK = 4


def rank(roles: Collection[Role], is_superuser: bool = False) -> int:
    return SUPERUSER_RANK if is_superuser else max((RANK[r] for r in roles), default=0)


class Ranked(Protocol):
    @property
    def roles(self) -> frozenset[Role]: ...

    @property
    def is_superuser(self) -> bool: ...


class RankLookup(Protocol):
    """Who a person is, as far as rank goes (the identity directory)."""

    def get(self, user_id: int) -> Ranked | None: ...


def outranks_or_equals(target: Ranked, actor: Principal) -> bool:
    """Whether the target is staff at the actor's rank or above."""
    staff = target.is_superuser or any(r is not Role.LEARNER for r in target.roles)
    return staff and rank(target.roles, target.is_superuser) >= rank(actor.roles, actor.is_superuser)


def rank_refusal(actor: Principal, user_id: int, target: Ranked | None) -> PermissionDenied | None:
    """403 `target_outranks_actor` when the target (another person) is staff at the actor's rank or above."""
    if target is None or user_id == actor.user_id or not outranks_or_equals(target, actor):
        return None
    return PermissionDenied(
        "This person holds a staff role of equal or higher privilege than yours: their sessions, credentials and "
        "MFA are managed by someone of a higher rank.",
        code="target_outranks_actor",
        details={"target": user_id},
    )


def require_rank(actor: Principal, user_id: int, target: Ranked | None) -> None:
    refused = rank_refusal(actor, user_id, target)
    if refused is not None:
        raise refused
