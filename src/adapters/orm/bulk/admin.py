"""Bulk operations are started, approved and cancelled through the API (audited): read-only here. Their parameters
and results name people, so reading them is audited too."""

from django.contrib import admin

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import BulkOperationRow


@admin.register(BulkOperationRow)
class BulkOperationAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[BulkOperationRow]):
    list_display = ("id", "operation_type", "status", "created_by", "total_items", "processed", "created_at")
    list_filter = ("operation_type", "status", "dry_run")
    show_full_result_count = False
    person = None  # about many people: the entry names the operation
