"""Outbox messages are written and relayed by units of work: read-only here. Their payloads hold e-mails and events
about people, so reading them is audited."""

from django.contrib import admin

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[OutboxMessage]):
    list_display = ("id", "kind", "created_at", "attempts", "delivered_at", "failed_at", "last_error")
    list_filter = ("kind", "delivered_at", "failed_at")
    person = None  # a payload may name anyone: the entry names the message
