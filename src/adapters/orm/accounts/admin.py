"""The operators' fallback console, every page of a learner's data audited. Profiles belong to the API: status
(state machine, revocation), consents (privacy), priority and platform role (bulk field changes, audited), search
keys (derived): read-only here, as the learner's status history, enrolments and activity are. Courses hold nobody's
data and stay editable."""

from django.contrib import admin

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import Course, Enrollment, StatusChange, UserActivityLog, UserProfile


@admin.register(UserProfile)
class UserProfileAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[UserProfile]):
    list_display = ("user", "account_status", "support_priority", "platform_role", "last_activity", "risk_score")
    list_filter = ("account_status", "support_priority", "platform_role")
    search_fields = ("=username_key", "=email_key", "last_key")
    show_full_result_count = False


@admin.register(StatusChange)
class StatusChangeAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[StatusChange]):
    list_display = ("user", "from_status", "to_status", "actor_id", "at")
    list_filter = ("to_status",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("code", "title")
    search_fields = ("code", "title")


@admin.register(Enrollment)
class EnrollmentAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[Enrollment]):
    list_display = ("user", "course", "status", "progress", "last_accessed_at")
    list_filter = ("status",)
    raw_id_fields = ("user", "course")
    show_full_result_count = False


@admin.register(UserActivityLog)
class UserActivityLogAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[UserActivityLog]):
    list_display = ("user", "activity_type", "timestamp", "ip_address", "session_id")
    raw_id_fields = ("user",)
    show_full_result_count = False
