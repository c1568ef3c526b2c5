"""Notification preferences on Django (the composition root calls `notifications_stores` through
entrypoints.modules)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from domain.notifications.model import Channel, Preferences, Topic
from domain.notifications.module import NotificationStores

from .models import NotificationPreference


class DjangoPreferences:
    def get(self, user_id: int) -> Preferences | None:
        row = NotificationPreference.objects.filter(user_id=user_id).first()
        return _prefs(row) if row else None

    def save(self, user_id: int, prefs: Preferences) -> None:
        channels = {t.value: sorted(c.value for c in chans) for t, chans in prefs.channels.items()}
        fields = {"channels": channels, "phone": prefs.phone or "", "webhook_url": prefs.webhook_url or ""}
        NotificationPreference.objects.update_or_create(user_id=user_id, defaults=fields)

    def for_address(self, email: str) -> Preferences | None:
        users = get_user_model().objects.filter(is_active=True, email__iexact=email.strip())
        row = NotificationPreference.objects.filter(user__in=users).order_by("user_id").first()
        return _prefs(row) if row else None


def _prefs(row: NotificationPreference) -> Preferences:
    topics = {t.value: t for t in Topic}
    known = {c.value: c for c in Channel}
    channels = {
        topics[t]: frozenset(known[c] for c in chans if c in known) for t, chans in row.channels.items() if t in topics
    }
    return Preferences(channels, row.phone or None, row.webhook_url or None)


def notifications_stores(container: Any) -> NotificationStores:
    return NotificationStores(DjangoPreferences())
