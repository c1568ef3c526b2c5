"""What access limits need from the outside: the policy's source, short-lived marks, a staff lookup, the security
event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.shared.permissions import Role
from domain.shared.security_events import NewSecurityEvent

from .model import NetworkPolicy


class NetworkPolicySource(Protocol):
    """Where the staff network allowlists are kept (Django settings first; run-time settings later)."""

    def current(self) -> NetworkPolicy:
        """The policy in force now. A source that holds an invalid policy raises ValueError saying why."""
        ...


class Marks(Protocol):
    """Short-lived values by key, each with its expiry (break-glass exemptions, the security event cooldown)."""

    def live(self, key: str) -> str | None:
        """The key's value while it has not expired, else None."""
        ...

    def put(self, key: str, value: str, until: datetime) -> None:
        """Set the key's value until `until`, replacing what it held."""
        ...

    def claim(self, key: str, value: str, until: datetime) -> bool:
        """Set the key when it holds no live value and say True; say False (and change nothing) when it does. Of
        two concurrent claims of one key, one wins."""
        ...


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    username: str
    roles: frozenset[Role]
    is_active: bool = True
    is_superuser: bool = False


class StaffLookup(Protocol):
    def by_username(self, username: str) -> StaffMember | None:
        """The account with exactly that username (learners too: the caller checks roles), or None."""
        ...

    def by_id(self, user_id: int) -> StaffMember | None:
        """The account with that id, or None."""
        ...


class SecurityLog(Protocol):
    """Where refusals and break-glass grants are raised (implemented by the security module)."""

    def raise_event(self, new: NewSecurityEvent) -> object: ...
