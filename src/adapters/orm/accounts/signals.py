"""Keep a profile's lower-case search keys in step with its user (also for edits in /admin/)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import UserProfile


def search_keys(user: Any) -> dict[str, str]:
    keys = {
        "username_key": user.username.lower(),
        "email_key": (user.email or "").lower(),
        "first_key": (user.first_name or "").lower(),
        "last_key": (user.last_name or "").lower(),
    }
    keys["search_text"] = " ".join(v for v in keys.values() if v)
    return keys


@receiver(post_save, sender=get_user_model())
def refresh_search_keys(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created:
        UserProfile.objects.filter(user_id=instance.pk).update(**search_keys(instance))
