from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    """A side effect written in the business transaction and delivered after it, with retries."""

    EVENT = "event"
    NOTIFICATION = "notification"
    KINDS = [(EVENT, "event"), (NOTIFICATION, "notification")]

    kind = models.CharField(max_length=20, choices=KINDS)
    channel = models.CharField(max_length=100, blank=True)  # an event's SSE channel (one row per channel)
    payload = models.JSONField()
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    available_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["available_at"],
                name="outbox_due",
                condition=models.Q(delivered_at__isnull=True, failed_at__isnull=True),
            ),
            # replay: a channel's events after a Last-Event-ID
            models.Index(fields=["channel", "id"], name="outbox_channel", condition=models.Q(kind="event")),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
