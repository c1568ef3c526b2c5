"""The operators' fallback console. Status changes belong to the API (state machine, audit,
revocation), so account_status is read-only here."""

from django.contrib import admin

from adapters.orm.readonly import NoAddAdmin, ReadOnlyAdmin

from .models import Course, Enrollment, StatusChange, UserActivityLog, UserProfile


@admin.register(UserProfile)
class UserProfileAdmin(NoAddAdmin, admin.ModelAdmin[UserProfile]):
    list_display = ("user", "account_status", "support_priority", "platform_role", "last_activity", "risk_score")
    list_filter = ("account_status", "support_priority", "platform_role")
    search_fields = ("=username_key", "=email_key", "last_key")
    readonly_fields = (
        "user",
        "account_status",
        "status_reason",
        "enrollment_count",
        "completed_count",
        "completion_rate",
        "total_learning_time",
        "last_activity",
    )
    show_full_result_count = False


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin[StatusChange]):
    list_display = ("user", "from_status", "to_status", "actor_id", "at")
    list_filter = ("to_status",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("code", "title")
    search_fields = ("code", "title")


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin, admin.ModelAdmin[Enrollment]):
    list_display = ("user", "course", "status", "progress", "last_accessed_at")
    list_filter = ("status",)
    raw_id_fields = ("user", "course")
    show_full_result_count = False


@admin.register(UserActivityLog)
class UserActivityLogAdmin(ReadOnlyAdmin, admin.ModelAdmin[UserActivityLog]):
    list_display = ("user", "activity_type", "timestamp", "ip_address", "session_id")
    raw_id_fields = ("user",)
    show_full_result_count = False
