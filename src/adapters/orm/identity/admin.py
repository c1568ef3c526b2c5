"""Accounts and sessions, every page audited. Accounts are made through the API (staff with the password policy,
learners by the platform; a learner's status is the accounts module's state machine): here only a person's roles
(groups, Django permissions, the staff and superuser flags) and the switch that turns a staff account off (Active)
may change, which the API has no operation for; each change is audited before and after, and a role change raises
the role-change security event (adapters.orm.identity.roles).
Sessions are ended through the API (with their audit entry): read-only. Django's own user admin is replaced so
that no page shows a password hash."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import NoAddAdmin, ReadOnlyAdmin

from .models import ApiToken, RoleRequest

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(AuditedAdmin, NoAddAdmin, UserAdmin[User]):
    person = "pk"
    readonly_fields = ("username", "first_name", "last_name", "email", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Roles", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # erasure is the privacy module's (legal holds, retention, the audit it keeps)


@admin.register(Group)
class RoleAdmin(ReadOnlyAdmin, GroupAdmin):
    """A role's name and Django permissions, nobody's data; the product's permissions are in code."""


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[ApiToken]):
    list_display = ("user", "kind", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("kind", "revoked_at")
    exclude = ("key_hash", "session_key")
    search_fields = ("user__username",)


@admin.register(RoleRequest)
class RoleRequestAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[RoleRequest]):
    """Role grants waiting for a second admin: asked, approved and rejected through the API (/api/staff/)."""

    person = "user_id"
    list_display = ("user", "role", "status", "requested_by", "requested_at", "expires_at", "decided_by")
    list_filter = ("status", "role")
    search_fields = ("user__username",)
