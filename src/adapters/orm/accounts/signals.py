"""Keep a profile's lower-case search keys in step with its user (also for edits in /admin/)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from domain.accounts.search import SearchKeys

from .models import UserProfile, key_values


def search_keys(user: Any) -> dict[str, str]:
    return key_values(SearchKeys.of(user.username, user.email or "", user.first_name or "", user.last_name or ""))


@receiver(post_save, sender=get_user_model())
def refresh_search_keys(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created:
        UserProfile.objects.filter(user_id=instance.pk).update(**search_keys(instance))
