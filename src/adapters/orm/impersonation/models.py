from __future__ import annotations

from django.db import models

OPEN = ("pending_approval", "active")


class ImpersonationSession(models.Model):
    """A staff member acting as a learner (or asking to). The token is stored only as the SHA-256 of its secret.
    Names are copied at the start so that the record reads the same after people are renamed or deleted."""

    impersonator_id = models.BigIntegerField()
    impersonator_username = models.CharField(max_length=150)
    impersonator_name = models.CharField(max_length=300, blank=True)
    target_id = models.BigIntegerField()
    target_username = models.CharField(max_length=150)
    target_name = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    ticket_id = models.BigIntegerField(null=True, blank=True)
    scope = models.CharField(max_length=8)
    minutes = models.PositiveSmallIntegerField()
    token_hash = models.CharField(max_length=64, unique=True)
    approval_reasons = models.JSONField(default=list)
    target_was_active = models.BooleanField(default=True)
    status = models.CharField(max_length=20)
    requested_at = models.DateTimeField()
    decided_by = models.BigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.BigIntegerField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            # one open session or request per impersonator, whatever the races
            models.UniqueConstraint(
                fields=["impersonator_id"], condition=models.Q(status__in=OPEN), name="impersonation_one_open"
            )
        ]
        indexes = [
            models.Index(fields=["-requested_at", "-id"], name="impersonation_requested"),
            models.Index(fields=["impersonator_id", "-requested_at"], name="impersonation_impersonator"),
            models.Index(fields=["target_id", "-requested_at"], name="impersonation_target"),
            models.Index(fields=["status", "expires_at"], name="impersonation_status"),
        ]

    def __str__(self) -> str:
        return f"{self.impersonator_username} as {self.target_username} ({self.status})"
