"""Django's admin site (the operators' fallback console) audited as the API is: every page that shows a person's
record or a list of records, and every change with what it was before and after (its sign-ins are identity's,
domain.identity.admin_login). The admin adapters call these in the request's transaction; each writes one entry.

Entries about one person name them as the target ("user", id), so the person's timeline, access requests and the
mass-access rule see an admin read exactly like an API read. Values of secret-looking fields (password hashes, MFA
secrets, token hashes, session keys, recovery codes) never reach an entry: their names stay, their values do not."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import REDACTED

# wider than the trail's own scrub: an admin form holds raw model fields, where hashes and keys are the secrets
SECRET_FIELD_MARKERS = (
    "password",
    "secret",
    "token",
    "otp",
    "totp",
    "credential",
    "hash",
    "key",
    "mac",
    "nonce",
    "recovery",
    "mfa",
)


def is_secret_field(name: str) -> bool:
    return any(marker in name.lower() for marker in SECRET_FIELD_MARKERS)


def redacted(values: Mapping[str, Any]) -> dict[str, Any]:
    """Field values with those of secret-looking fields replaced by a marker (the field's name stays: an auditor
    sees that it changed, never to what)."""
    return {name: REDACTED if is_secret_field(name) else value for name, value in values.items()}


def target_of(model: str, object_id: object, person: int | None) -> tuple[str, object]:
    """An entry about a person names them; one about a row of nobody names the row."""
    return ("user", person) if person is not None else (model, object_id)


class AdminSiteAudit:
    def __init__(self, trail: AuditTrail, uow: UnitOfWork):
        self.trail = trail
        self.uow = uow

    def _record(
        self, actor: Principal | None, action: str, target: tuple[str, object], details: dict[str, Any]
    ) -> None:
        with self.uow:
            self.trail.record(actor, action, target[0], target[1], details)
            self.uow.commit()

    def read(self, actor: Principal, model: str, object_id: object, person: int | None, page: str = "change") -> None:
        """One record shown (its change or read-only page, its history or its delete confirmation)."""
        details = {"model": model, "object_id": str(object_id), "page": page}
        self._record(actor, "admin.read", target_of(model, object_id, person), details)

    def listed(
        self,
        actor: Principal,
        model: str,
        people: Collection[int],
        shown: Collection[object],
        query: Mapping[str, list[str]],
    ) -> None:
        """One page of a change list: the people its rows are about, the rows and the query (search, filters,
        ordering, page) that chose them."""
        details = {
            "model": model,
            "people": sorted(set(people)),
            "objects": [str(pk) for pk in shown],
            "query": {name: list(values) for name, values in query.items()},
        }
        self._record(actor, "admin.list", (model, ""), details)

    def changed(
        self,
        actor: Principal,
        model: str,
        object_id: object,
        person: int | None,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        *,
        created: bool = False,
    ) -> None:
        """A row added or changed: the changed fields only, before and after, secrets redacted."""
        action = "admin.add" if created else "admin.change"
        details = {"model": model, "object_id": str(object_id), "before": redacted(before), "after": redacted(after)}
        self._record(actor, action, target_of(model, object_id, person), details)

    def deleted(self, actor: Principal, model: str, object_id: object, person: int | None) -> None:
        """A row deleted: which one, not its content (the entry outlives it and must not keep what was erased)."""
        details = {"model": model, "object_id": str(object_id)}
        self._record(actor, "admin.delete", target_of(model, object_id, person), details)
