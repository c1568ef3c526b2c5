"""Consent rows, privacy requests, legal holds and retention runs. Ids only: no names, no addresses."""

from __future__ import annotations

from django.db import models

OPEN = ("pending", "awaiting_approval", "cooling_off", "processing")


class ConsentRow(models.Model):
    """One grant or withdrawal; user_id is null once the person is erased (the row stays as an anonymous count)."""

    user_id = models.BigIntegerField(null=True, blank=True)
    consent_type = models.CharField(max_length=50)
    granted = models.BooleanField()
    version = models.CharField(max_length=50)
    source = models.CharField(max_length=10)
    actor_id = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        db_table = "privacy_consent"
        indexes = [
            models.Index(fields=["user_id", "consent_type", "id"], name="consent_latest"),
            models.Index(fields=["consent_type", "user_id", "id"], name="consent_by_type"),
        ]

    def __str__(self) -> str:
        return f"{self.consent_type} {'granted' if self.granted else 'withdrawn'} by {self.user_id}"


class PrivacyRequestRow(models.Model):
    kind = models.CharField(max_length=10)
    user_id = models.BigIntegerField()
    requested_by = models.BigIntegerField()
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    stage = models.CharField(max_length=20)
    decided_by = models.BigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    erase_after = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.BigIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    file_key = models.CharField(max_length=200, blank=True)
    file_size = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    results = models.JSONField(default=dict)

    class Meta:
        db_table = "privacy_request"
        constraints = [
            # one open request of a kind per person, even when two requests race
            models.UniqueConstraint(
                fields=["user_id", "kind"], condition=models.Q(stage__in=OPEN), name="privacy_one_open"
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "id"], name="privacy_stage"),
            models.Index(fields=["user_id", "id"], name="privacy_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.stage})"


class LegalHoldRow(models.Model):
    user_id = models.BigIntegerField(db_index=True)
    reason = models.TextField()
    placed_by = models.BigIntegerField()
    placed_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    released_by = models.BigIntegerField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "privacy_legal_hold"

    def __str__(self) -> str:
        return f"hold #{self.pk} on {self.user_id}"


class RetentionRunRow(models.Model):
    data_class = models.CharField(max_length=30)
    dry_run = models.BooleanField(default=False)
    rows = models.BigIntegerField(default=0)
    started_at = models.DateTimeField()
    duration_ms = models.BigIntegerField(default=0)
    cutoff = models.DateTimeField()

    class Meta:
        db_table = "privacy_retention_run"

    def __str__(self) -> str:
        return f"{self.data_class} at {self.started_at}"
