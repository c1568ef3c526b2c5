"""The audit trail as every module writes to it: the shared kernel's port, which the audit module's AuditService
fills. Only the modules that read the trail back (security's timeline and detection rules, impersonation's reader,
privacy's compliance reports) depend on the audit module itself."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from .permissions import Permission
from .principal import Principal


class AuditTrail(Protocol):
    def record(
        self,
        actor: Principal | None,
        action: str,
        target_type: str,
        target_id: object,
        details: Mapping[str, Any] | None = None,
        subject_id: int | None = None,
    ) -> object:
        """One entry, in the unit of work of the change it records (it commits or rolls back with it). `subject_id`:
        the person whose data it shows or changes when the target is something else (a ticket)."""

    def record_each(
        self,
        actor: Principal | None,
        action: str,
        target_type: str,
        target_id: object,
        subjects: Sequence[int],
        details: Mapping[str, Any] | None = None,
    ) -> object:
        """One entry per person changed (its `subject_id`), written together: a bulk batch's changes."""

    def require(self, actor: Principal, permission: Permission, target_type: str, target_id: object) -> None:
        """`actor.require(permission)` on a person's data, the refusal recorded and kept."""


class ExportWatch(Protocol):
    """Security's `personal_data_export` rule, as the modules that hand out personal data call it (bulk's
    exports, privacy's access requests), in the export's unit of work."""

    def personal_data_exported(
        self, actor: Principal, user_ids: Collection[int], what: str, count: int | None = None
    ) -> object:
        """Raise the rule's event when the export is over its threshold."""
