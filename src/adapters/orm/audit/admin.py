from django.contrib import admin

from adapters.orm.readonly import ReadOnlyAdmin

from .models import AuditChainHead, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditEntry]):
    list_display = ("id", "at", "actor_id", "action", "target_type", "target_id", "ip")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "request_id")


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditChainHead]):
    """The hash of the newest entry, for operators comparing with an exported copy."""

    list_display = ("id", "last_hash")
