"""Audit entries: append-only, each sealed with a keyed MAC when written and chained in commit order afterwards.

Writing an entry takes no shared lock: the entry carries a MAC of its own content (HMAC-SHA256 under the current
audit key), and a single sealer later gives committed entries their place in the chain (`chain_seq`) and a link
MAC over (row id, place, previous link, entry MAC). Without the key, nobody can edit, insert, reorder or rebuild
entries unnoticed; the chain head and periodic checkpoints (also written to the log) expose deletions at the end.
"""

from __future__ import annotations

import hashlib
import hmac
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
CHECKPOINT_CURSOR = Cursor("audit-checkpoints", (int,))


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
class Keyring:
    """The audit keys: the current one signs, every known one verifies (rotation keeps old ids readable)."""

    current_id: str
    keys: Mapping[str, bytes]

    def __post_init__(self) -> None:
        if self.current_id not in self.keys:
            raise ValueError("the current audit key must be one of the keys")

    def knows(self, key_id: str) -> bool:
        return key_id in self.keys

    def mac(self, key_id: str, message: str) -> str:
        return hmac.new(self.keys[key_id], message.encode(), hashlib.sha256).hexdigest()

    def check(self, key_id: str, message: str, mac: str) -> bool:
        return self.knows(key_id) and hmac.compare_digest(self.mac(key_id, message), mac)


@dataclass(frozen=True)
class AuditRecord:
    """What a use case asks to be recorded."""

    actor_id: int | None
    action: str
    target_type: str
    target_id: str
    at: datetime
    impersonator_id: int | None = None  # set (to actor_id) when the entry was made under impersonation
    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    on_behalf_of: int | None = None  # the learner a staff member (actor_id) was acting as, under impersonation
    subject_id: int | None = None  # the person whose data the entry shows or changes, when the target is not them

    def canonical(self) -> str:
        """What the MAC covers. `on_behalf_of` joins the body only when set, so that every entry written before the
        field existed keeps the exact bytes it was sealed with, and every entry made under impersonation has both
        identities under its MAC (moving or dropping either breaks the entry)."""
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
        }
        if self.on_behalf_of is not None:
            body["on_behalf_of"] = self.on_behalf_of
        if self.subject_id is not None:  # likewise: entries sealed before the field keep their bytes
            body["subject_id"] = self.subject_id
        return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)


def entry_message(record: AuditRecord, nonce: str) -> str:
    """What an entry's MAC covers: its content and a random nonce (so that a copied row is a duplicate MAC)."""
    return f"entry|{nonce}|{record.canonical()}"


def link_message(entry_id: int, chain_seq: int, prev_hash: str, mac: str) -> str:
    return f"link|{entry_id}|{chain_seq}|{prev_hash}|{mac}"


def head_message(kind: str, chain_seq: int, chain_hash: str) -> str:
    return f"{kind}|{chain_seq}|{chain_hash}"


@dataclass(frozen=True)
class AuditEntry:
    """A stored entry. `seq` is its row id (the API's order); `chain_seq` its place in the chain once sealed."""

    seq: int
    record: AuditRecord
    key_id: str
    nonce: str
    mac: str
    chain_seq: int | None = None
    prev_hash: str = ""
    hash: str = ""

    @property
    def sealed(self) -> bool:
        return self.chain_seq is not None


@dataclass(frozen=True)
class Seal:
    """What the sealer writes onto an entry."""

    entry_id: int
    chain_seq: int
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainHead:
    """The newest sealed link, MAC'd so that it cannot be moved back quietly."""

    chain_seq: int = 0
    hash: str = GENESIS_HASH
    key_id: str = ""
    mac: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class Checkpoint:
    """A chain position published outside the database (the log) and kept in it, for truncation checks."""

    chain_seq: int
    hash: str
    key_id: str
    mac: str
    at: datetime
    id: int = 0


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    on_behalf_of: int | None = None
    # entries about people: one person (the target user, or the subject of an entry on something else such as a
    # ticket), or with `any_person` every entry about anyone
    person_id: int | None = None
    any_person: bool = False

    def matches(self, r: AuditRecord) -> bool:
        user = r.target_id if r.target_type == "user" else None
        return (
            (self.actor_id is None or r.actor_id == self.actor_id)
            and (self.person_id is None or self.person_id == r.subject_id or str(self.person_id) == user)
            and (not self.any_person or user is not None or r.subject_id is not None)
            and (self.on_behalf_of is None or r.on_behalf_of == self.on_behalf_of)
            and (self.target_type is None or r.target_type == self.target_type)
            and (self.target_id is None or r.target_id == self.target_id)
            and (self.action is None or r.action == self.action)
            and (self.since is None or r.at >= self.since)
            and (self.until is None or r.at < self.until)
        )
