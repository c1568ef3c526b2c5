"""Learner profiles (one-to-one with django.contrib.auth users), learning records, activity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from domain.accounts.search import EPOCH, SearchKeys

USER = settings.AUTH_USER_MODEL
# the column of each of the search's keys (domain.accounts.search.SearchKeys)
KEY_COLUMNS = {"username": "username_key", "email": "email_key", "first": "first_key", "last": "last_key"}


def key_values(keys: SearchKeys) -> dict[str, str]:
    """A profile's search columns for a person's keys."""
    return {column: keys.key(name) for name, column in KEY_COLUMNS.items()} | {"search_text": keys.text}


def last_seen() -> Coalesce:
    """The sort key of last_activity: never-active people sort as the oldest."""
    return Coalesce("last_activity", models.Value(EPOCH, output_field=models.DateTimeField()))


class UserProfile(models.Model):
    STATUSES = [(s, s) for s in ("active", "suspended", "pending", "disabled", "archived")]
    PRIORITIES = [(s, s) for s in ("low", "normal", "high", "urgent")]
    ROLES = [(s, s) for s in ("learner", "instructor", "staff")]

    user = models.OneToOneField(USER, on_delete=models.CASCADE, primary_key=True, related_name="profile")
    account_status = models.CharField(max_length=50, choices=STATUSES, default="active")
    status_reason = models.TextField(blank=True)
    last_activity = models.DateTimeField(null=True, blank=True)
    risk_score = models.FloatField(default=0.0)
    support_priority = models.CharField(max_length=20, choices=PRIORITIES, default="normal")
    platform_role = models.CharField(max_length=20, choices=ROLES, default="learner")
    date_joined = models.DateTimeField()
    data_consent_date = models.DateTimeField(null=True, blank=True)
    marketing_consent = models.BooleanField(default=False)
    data_retention_date = models.DateTimeField(null=True, blank=True)
    # Aggregates kept up to date incrementally by ingestion
    enrollment_count = models.PositiveIntegerField(default=0)
    completed_count = models.PositiveIntegerField(default=0)
    completion_rate = models.FloatField(default=0.0)
    total_learning_time = models.BigIntegerField(default=0)
    # Lower-case search keys, copied from the user (see signals.py and KEY_COLUMNS)
    username_key = models.CharField(max_length=150)
    email_key = models.CharField(max_length=254, blank=True)
    first_key = models.CharField(max_length=150, blank=True)
    last_key = models.CharField(max_length=150, blank=True)
    search_text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(last_seen(), "user", name="profile_last_seen"),
            models.Index("account_status", last_seen(), "user", name="profile_status_seen"),
            models.Index(fields=["risk_score", "user"], name="profile_risk"),
            models.Index(fields=["date_joined", "user"], name="profile_joined"),
            models.Index(fields=["last_key", "first_key", "user"], name="profile_name"),
            models.Index(fields=["completion_rate"], name="profile_completion"),
            models.Index(fields=["support_priority"], name="profile_priority"),
            models.Index(fields=["platform_role"], name="profile_role"),
        ]

    def __str__(self) -> str:
        return f"profile of {self.username_key}"


class StatusChange(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="status_changes", db_index=False)
    from_status = models.CharField(max_length=50)
    to_status = models.CharField(max_length=50)
    reason = models.TextField(blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "-at"], name="statuschange_user")]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class Course(models.Model):
    code = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.code


class Enrollment(models.Model):
    STATUSES = [(s, s) for s in ("enrolled", "in_progress", "completed", "dropped")]

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="enrollments", db_index=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments", db_index=False)
    status = models.CharField(max_length=20, choices=STATUSES, default="enrolled")
    progress = models.PositiveSmallIntegerField(default=0)
    time_spent = models.BigIntegerField(default=0)
    enrolled_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    last_accessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="enrollment_once")]
        indexes = [
            models.Index(fields=["course", "status", "user"], name="enrollment_course_status"),
            models.Index(fields=["user", "status"], name="enrollment_user_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_id}"


class UserActivityLog(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="activity", db_index=False)
    activity_type = models.CharField(max_length=100)
    activity_data = models.JSONField(default=dict)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    timestamp = models.DateTimeField()
    session_id = models.CharField(max_length=255, blank=True)
    event_id = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "timestamp", "id"], name="activity_user_time"),
            models.Index(fields=["activity_type"], name="activity_type"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_type} by {self.user_id}"
