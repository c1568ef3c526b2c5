from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from ninja import Field, Schema

from domain.policies.service import PolicyView
from entrypoints.api.schemas import ReadModelOut


class PolicyGroup(StrEnum):
    PASSWORD = "password"  # noqa: S105  (a group name, not a secret)
    MFA = "mfa"
    LOGIN_PROTECTION = "login_protection"
    APPROVALS = "approvals"
    RETENTION = "retention"
    NETWORK = "network"


VALUES_HELP = (
    "every field of the group: `password`: min_length (8-128), min_length_with_mfa (8-128, at most min_length), "
    "history (0-24); `mfa`: required_roles (the roles whose holders must use MFA); `login_protection`: "
    "free_failures (1-50, failures before delays start), account_max_failures (5-100000, failures that lock an "
    "account from every network), ip_accounts (2-1000, accounts one network may fail on before it is blocked); "
    "`approvals`: bulk_threshold (1-1000000, people a bulk operation may touch before a second admin approves), "
    "impersonation_minutes_without_approval (1-60, a longer impersonation waits for a second admin); "
    "`retention`: days (0-3650) each data class is kept: activity, closed_tickets, security_events, "
    "expired_sessions, delivered_outbox, bulk_operations, privacy_exports, session_recordings; "
    "`network`: overall (CIDR blocks every staff role must work from; empty: no limit), by_role "
    "(a staff role's own list, replacing overall for that role)"
)


class PolicyIn(Schema):
    version: int = Field(ge=0, le=2**31, description="the group's version as you read it (0: never changed)")
    values: dict[str, Any] = Field(description=VALUES_HELP)


class PolicyOut(ReadModelOut):
    group: PolicyGroup
    values: dict[str, Any] = Field(description="the values in force")
    defaults: dict[str, Any] = Field(description="the environment's values, in force when not overridden")
    overridden: bool
    version: int
    updated_by: str = Field(description="who changed it last ('' when never)")
    updated_at: datetime | None

    @classmethod
    def of(cls, view: PolicyView) -> PolicyOut:
        return cls.model_validate(view)


class PolicyListOut(ReadModelOut):
    items: list[PolicyOut]
