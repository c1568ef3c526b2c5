from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One append-only audit entry; `id` is its place in the hash chain."""

    actor_id = models.BigIntegerField(null=True, blank=True)
    impersonator_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=50)
    target_id = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()
    ip = models.CharField(max_length=45, null=True, blank=True)  # noqa: DJ001  (unknown is not "")
    user_agent = models.CharField(max_length=512, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["actor_id", "-id"], name="audit_actor"),
            models.Index(fields=["target_type", "target_id", "-id"], name="audit_target"),
            models.Index(fields=["action", "-id"], name="audit_action"),
            models.Index(fields=["at"], name="audit_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """A single row locked by every append, so the chain has one order and no forks."""

    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.last_hash
