"""Audit entries: append-only, hash-chained for tamper evidence."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from domain.shared.pagination import Cursor

GENESIS_HASH = "0" * 64
_SECRET_MARKERS = ("password", "secret", "token", "api_key", "apikey", "otp", "credential")
REDACTED = "[redacted]"
AUDIT_CURSOR = Cursor("audit", (int,))  # newest first by seq


def scrub(details: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the values of secret-looking keys, at any depth (audit details never hold secrets),
    and make the rest plain JSON so that what is stored is exactly what was hashed."""
    return dict(json.loads(json.dumps(_scrub(details), default=str)))


def _scrub(details: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in details.items():
        if any(marker in key.lower() for marker in _SECRET_MARKERS):
            clean[key] = REDACTED
        elif isinstance(value, Mapping):
            clean[key] = _scrub(value)
        else:
            clean[key] = value
    return clean


@dataclass(frozen=True)
class AuditRecord:
    """What a use case asks to be recorded."""

    actor_id: int | None
    action: str
    target_type: str
    target_id: str
    at: datetime
    impersonator_id: int | None = None
    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    def canonical(self, prev_hash: str) -> str:
        body = {
            "actor_id": self.actor_id,
            "impersonator_id": self.impersonator_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "ip": self.ip,
            "user_agent": self.user_agent,
            "request_id": self.request_id,
            "details": dict(self.details),
            "prev_hash": prev_hash,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)

    def chain_hash(self, prev_hash: str) -> str:
        return hashlib.sha256(self.canonical(prev_hash).encode()).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    record: AuditRecord
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None
