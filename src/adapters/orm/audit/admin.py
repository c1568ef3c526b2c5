"""The audit trail, read-only; reading its entries (who did what to whom, from where) is itself audited."""

from django.contrib import admin
from django.db.models import Model

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import AuditChainHead, AuditCheckpoint, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[AuditEntry]):
    list_display = ("id", "at", "actor_id", "action", "target_type", "target_id", "ip", "chain_seq")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "request_id")
    person = "target_id"  # when the target is a user; read by person_of

    def person_of(self, obj: Model) -> int | None:
        """The person an entry is about (its target), else the one it was recorded on behalf of."""
        target = getattr(obj, "target_id", "")
        if getattr(obj, "target_type", "") == "user" and str(target).isdigit():
            return int(target)
        behalf: int | None = getattr(obj, "on_behalf_of", None)
        return behalf


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditChainHead]):
    """The newest sealed link, for operators comparing with a logged checkpoint."""

    list_display = ("id", "chain_seq", "hash", "at")


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditCheckpoint]):
    list_display = ("id", "chain_seq", "hash", "at")
