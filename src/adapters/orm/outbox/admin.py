from django.contrib import admin

from adapters.orm.readonly import NoAddAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(NoAddAdmin, admin.ModelAdmin[OutboxMessage]):
    list_display = ("id", "kind", "created_at", "attempts", "delivered_at", "failed_at", "last_error")
    list_filter = ("kind", "delivered_at", "failed_at")
    readonly_fields = ("kind", "payload", "request_id", "created_at")
