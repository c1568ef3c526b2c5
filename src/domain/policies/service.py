"""Reading and changing run-time policies: only platform admins (and the superuser); every change audited with its
before and after, and raised as a security event (high when it weakens security)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.security_events import NewSecurityEvent, Severity
from domain.shared.uow import UnitOfWork

from .model import GROUPS, Group, weakens
from .ports import PolicyStore, SecurityLog
from .reader import PolicyReader


@dataclass(frozen=True)
class PolicyView:
    group: str
    values: dict[str, Any]
    defaults: dict[str, Any]
    overridden: bool
    version: int
    updated_by: str
    updated_at: datetime | None


class Policies:
    def __init__(
        self,
        store: PolicyStore,
        reader: PolicyReader,
        security: SecurityLog,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
    ):
        self.store, self.reader, self.security = store, reader, security
        self.audit, self.uow, self.clock = audit, uow, clock

    def overview(self, actor: Principal) -> list[PolicyView]:
        """Every group, straight from the store (not this process's copy)."""
        actor.require(Permission.POLICIES_MANAGE)
        return [self._view(name, self.store.all()) for name in GROUPS]

    def change(self, actor: Principal, group: str, values: Mapping[str, Any], version: int) -> PolicyView:
        """Replace the group's values (every field sent) when `version` is still its version."""
        actor.require(Permission.POLICIES_MANAGE)
        spec = _group(group)
        problems = spec.problems(values)
        if problems:
            raise InvalidInput("Some policy values are refused.", code="invalid_policy", details={"problems": problems})
        return self._write(actor, spec, dict(values), version)

    def reset(self, actor: Principal, group: str, version: int) -> PolicyView:
        """Back to the defaults (the environment's settings)."""
        actor.require(Permission.POLICIES_MANAGE)
        return self._write(actor, _group(group), {}, version)

    def _write(self, actor: Principal, spec: Group, values: dict[str, Any], version: int) -> PolicyView:
        with self.uow:
            stored = self.store.all()
            before = self._view(spec.name, stored)
            if before.version != version:
                raise Conflict(
                    "The policy changed since you read it.",
                    code="policy_version_conflict",
                    details={"version": before.version},
                )
            now = self.clock.now()
            written = self.store.put(spec.name, values, version, actor.username, now)
            if written is None:
                raise Conflict("The policy changed since you read it.", code="policy_version_conflict")
            stored[spec.name] = written
            after = self._view(spec.name, stored)
            details = {"before": before.values, "after": after.values, "version": written.version}
            self.audit.record(actor, "policy.change" if values else "policy.reset", "policy", spec.name, details)
            weaker = weakens(spec.name, before.values, after.values)
            self.security.raise_event(
                NewSecurityEvent(
                    "policy_changed",
                    Severity.HIGH if weaker else Severity.MEDIUM,
                    "runtime_policy_change",
                    now,
                    actor.user_id,
                    f"{actor.username} changed the {spec.name} policy" + (", weakening it." if weaker else "."),
                    {"group": spec.name, "weakens": weaker, "version": written.version},
                    actor.meta.ip,
                    actor.meta.user_agent,
                )
            )
            self.uow.commit()
        self.reader.forget()
        return after

    def _view(self, name: str, stored: Mapping[str, Any]) -> PolicyView:
        defaults = dict(self.reader.defaults()[name])
        found = stored.get(name)
        override = dict(found.values) if found is not None else {}
        return PolicyView(
            name,
            {**defaults, **override},
            defaults,
            bool(override),
            found.version if found is not None else 0,
            found.updated_by if found is not None else "",
            found.updated_at if found is not None else None,
        )


def _group(name: str) -> Group:
    spec = GROUPS.get(name)
    if spec is None:
        raise NotFound("No such policy group.", code="policy_group_not_found")
    return spec
