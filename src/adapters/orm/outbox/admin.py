"""Outbox messages are written and relayed by units of work: here only *failed at* may be cleared, which sends a
failed message again on the next relay (docs/troubleshooting.md). Their payloads hold e-mails and events about
people, so reading them is audited, and so is a retry."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import NoAddAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(AuditedAdmin, NoAddAdmin, admin.ModelAdmin[OutboxMessage]):
    list_display = ("id", "kind", "created_at", "attempts", "delivered_at", "failed_at", "last_error")
    list_filter = ("kind", "delivered_at", "failed_at")
    person = None  # a payload may name anyone: the entry names the message
    readonly_fields = (
        "kind",
        "channel",
        "payload",
        "request_id",
        "created_at",
        "available_at",
        "attempts",
        "last_error",
        "delivered_at",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a message dropped here would be an e-mail or an event lost without a trace in the outbox
