"""Security events are resolved through the API (audited, published): read-only here."""

from django.contrib import admin

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import UserSecurityEvent


@admin.register(UserSecurityEvent)
class UserSecurityEventAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[UserSecurityEvent]):
    list_display = ("user", "event_type", "severity", "rule", "timestamp", "resolved")
    list_filter = ("severity", "resolved", "rule")
    raw_id_fields = ("user",)
    show_full_result_count = False
