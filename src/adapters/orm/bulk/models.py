"""Bulk operations and their row errors. The operation row is the truth about a job: status, checkpoint,
heartbeat and counters move in the transaction of each batch."""

from __future__ import annotations

from django.db import models

ACTIVE = ("pending", "awaiting_approval", "in_progress")


class BulkOperationRow(models.Model):
    TYPES = [(t, t) for t in ("import_users", "update_status", "update_fields", "notify", "export")]
    STATUSES = [(s, s) for s in ("pending", "awaiting_approval", "in_progress", "completed", "failed", "cancelled")]

    operation_type = models.CharField(max_length=30, choices=TYPES)
    status = models.CharField(max_length=30, choices=STATUSES)
    created_by = models.BigIntegerField()
    approved_by = models.BigIntegerField(null=True, blank=True)
    parameters = models.JSONField(default=dict)
    dry_run = models.BooleanField(default=False)
    total_items = models.PositiveIntegerField(default=0)
    checkpoint = models.BigIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    success_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    results = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "bulk_operation"
        constraints = [
            # one unfinished operation per type per person, even when two requests race
            models.UniqueConstraint(
                fields=["created_by", "operation_type"], condition=models.Q(status__in=ACTIVE), name="bulk_one_active"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "heartbeat_at"],
                name="bulk_stalled",
                condition=models.Q(status__in=("pending", "in_progress")),
            ),
            models.Index(fields=["created_by", "id"], name="bulk_by_creator"),
        ]

    def __str__(self) -> str:
        return f"{self.operation_type} #{self.pk}"


class BulkRowErrorRow(models.Model):
    operation = models.ForeignKey(BulkOperationRow, on_delete=models.CASCADE, related_name="errors", db_index=False)
    row = models.PositiveIntegerField(null=True, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    field = models.CharField(max_length=50, blank=True)
    code = models.CharField(max_length=40)
    message = models.CharField(max_length=500)

    class Meta:
        db_table = "bulk_row_error"
        indexes = [models.Index(fields=["operation", "id"], name="bulk_error_page")]

    def __str__(self) -> str:
        return f"{self.code} in #{self.operation_id}"


class BulkRowChangeRow(models.Model):
    """A dry run's changed row: the person and each field's value before and after ([[field, before, after]])."""

    operation = models.ForeignKey(BulkOperationRow, on_delete=models.CASCADE, related_name="changes", db_index=False)
    user_id = models.BigIntegerField()
    username = models.CharField(max_length=150, blank=True)
    row = models.PositiveIntegerField(null=True, blank=True)
    fields = models.JSONField(default=list)

    class Meta:
        db_table = "bulk_row_change"
        indexes = [models.Index(fields=["operation", "id"], name="bulk_change_page")]

    def __str__(self) -> str:
        return f"change of {self.user_id} in #{self.operation_id}"
