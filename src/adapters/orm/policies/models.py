"""Run-time policies: one row per group that was ever changed, its override and its version."""

from __future__ import annotations

from django.db import models


class PolicyRow(models.Model):
    group = models.CharField(max_length=40, unique=True)
    values = models.JSONField(default=dict)  # empty: back to the defaults
    version = models.PositiveIntegerField()
    updated_by = models.CharField(max_length=150)
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "runtime_policies_policy"

    def __str__(self) -> str:
        return f"{self.group} v{self.version}"
