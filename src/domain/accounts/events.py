"""What the accounts module tells the event stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import USERS, user_channel
from domain.shared.events import Event

from .model import AccountStatus


@dataclass(frozen=True)
class AccountCreated(Event):
    TYPE = "account.created"
    user_id: int
    account_status: AccountStatus

    def channels(self) -> tuple[str, ...]:
        return (USERS,)


@dataclass(frozen=True)
class AccountStatusChanged(Event):
    TYPE = "account.status_changed"
    user_id: int
    from_status: AccountStatus
    to_status: AccountStatus
    reason: str
    actor_id: int | None
    at: datetime

    def channels(self) -> tuple[str, ...]:
        return (USERS, user_channel(self.user_id))
