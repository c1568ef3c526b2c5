from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationPreference(models.Model):
    """One person's choice of channels per topic ({"ticket_reply": ["email", "sms"], ...}), and where SMS and
    Slack go. The phone number and webhook URL are the person's secrets: shown to them alone, never logged."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channels = models.JSONField(default=dict)
    phone = models.CharField(max_length=16, blank=True)
    webhook_url = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"notification preferences of user {self.user_id}"
