from django.contrib import admin

from adapters.orm.readonly import ReadOnlyAdmin

from .models import AuditChainHead, AuditCheckpoint, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditEntry]):
    list_display = ("id", "at", "actor_id", "action", "target_type", "target_id", "ip", "chain_seq")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "request_id")


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditChainHead]):
    """The newest sealed link, for operators comparing with a logged checkpoint."""

    list_display = ("id", "chain_seq", "hash", "at")


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditCheckpoint]):
    list_display = ("id", "chain_seq", "hash", "at")
