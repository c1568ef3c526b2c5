from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One append-only audit entry. Requests insert it unsealed (content + MAC); the sealer fills chain_seq,
    prev_hash and hash later. `id` is the API's order; `chain_seq` the chain's (commit order)."""

    actor_id = models.BigIntegerField(null=True, blank=True)
    impersonator_id = models.BigIntegerField(null=True, blank=True)
    # under impersonation actor_id is the staff member and this the learner they acted as (both under the MAC)
    on_behalf_of = models.BigIntegerField(null=True, blank=True)
    # the person whose data the entry shows or changes when the target is something else (a ticket, a bulk job)
    subject_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=50)
    target_id = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()
    ip = models.CharField(max_length=45, null=True, blank=True)  # noqa: DJ001  (unknown is not "")
    user_agent = models.CharField(max_length=512, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict)
    key_id = models.CharField(max_length=32)
    nonce = models.CharField(max_length=32)
    mac = models.CharField(max_length=64)
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    refused = models.BooleanField(default=False)  # its MAC did not verify: never sealed

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["actor_id", "-id"], name="audit_actor"),
            models.Index(
                fields=["on_behalf_of", "-id"],
                name="audit_on_behalf_of",
                condition=models.Q(on_behalf_of__isnull=False),
            ),
            models.Index(fields=["target_type", "target_id", "-id"], name="audit_target"),
            models.Index(
                fields=["subject_id", "-id"], name="audit_subject", condition=models.Q(subject_id__isnull=False)
            ),
            models.Index(fields=["action", "-id"], name="audit_action"),
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["id"], name="audit_unsealed", condition=models.Q(chain_seq__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """The newest sealed link (one row). Only the sealer locks it, never a request."""

    chain_seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=32, blank=True)
    mac = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.chain_seq}: {self.hash}"


class AuditCheckpoint(models.Model):
    """A chain position the sealer also wrote to the log, for comparing a database with what was logged."""

    chain_seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=32)
    mac = models.CharField(max_length=64)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"checkpoint {self.chain_seq} at {self.at:%Y-%m-%d %H:%M:%S}"
