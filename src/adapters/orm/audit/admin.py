from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditChainHead, AuditEntry


class ReadOnlyAdmin:
    """The trail is append-only, even for superusers."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditEntry]):
    list_display = ("id", "at", "actor_id", "action", "target_type", "target_id", "ip")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "request_id")


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin, admin.ModelAdmin[AuditChainHead]):
    """The hash of the newest entry, for operators comparing with an exported copy."""

    list_display = ("id", "last_hash")
