"""Saved views of the staff console: one row per view, the owner's and maybe shared with their team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class SavedViewRow(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(max_length=80)
    screen = models.CharField(max_length=20)
    params = models.JSONField(default=dict)
    shared = models.BooleanField(default=False)
    team = models.CharField(max_length=50, blank=True)  # the support team it is shared with ("" when not shared)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "saved_views_savedview"
        constraints = [
            models.UniqueConstraint("owner", "screen", Lower("name"), name="saved_view_name_unique"),
        ]
        indexes = [
            models.Index(fields=["team", "id"], name="saved_view_team", condition=models.Q(shared=True)),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.screen})"
