from django.contrib import admin

from adapters.orm.readonly import NoAddAdmin

from .models import ApiToken, UserSession


@admin.register(ApiToken)
class ApiTokenAdmin(NoAddAdmin, admin.ModelAdmin[ApiToken]):
    list_display = ("user", "created_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("key_hash", "user", "created_at", "expires_at")
    search_fields = ("user__username",)


@admin.register(UserSession)
class UserSessionAdmin(NoAddAdmin, admin.ModelAdmin[UserSession]):
    list_display = ("user", "session_key", "created_at")
    readonly_fields = ("user", "session_key", "created_at")
