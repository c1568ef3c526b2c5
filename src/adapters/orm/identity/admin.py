from django.contrib import admin

from adapters.orm.readonly import NoAddAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(NoAddAdmin, admin.ModelAdmin[ApiToken]):
    list_display = ("user", "kind", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("kind", "revoked_at")
    readonly_fields = ("key_hash", "user", "kind", "created_at", "last_used_at", "expires_at")
    exclude = ("session_key",)
    search_fields = ("user__username",)
