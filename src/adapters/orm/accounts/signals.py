"""Keep a profile's folded search keys in step with its user (also for edits in /admin/), and give SQLite the
domain's match rule as the SQL function `search_tier` (adapters/orm/accounts/search.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.dispatch import receiver

from domain.accounts.search import SearchKeys, TextQuery

from .models import UserProfile, key_values


def search_keys(user: Any) -> dict[str, str]:
    return key_values(SearchKeys.of(user.username, user.email or "", user.first_name or "", user.last_name or ""))


@receiver(post_save, sender=get_user_model())
def refresh_search_keys(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created:
        UserProfile.objects.filter(user_id=instance.pk).update(**search_keys(instance))


def search_tier(term: str, username: str, email: str, first: str, last: str, user_id: int) -> int | None:
    """The person's tier for a folded query term, None when it does not match (domain.accounts.matching)."""
    tier = TextQuery(term).tier(SearchKeys(username, email, first, last), user_id)
    return None if tier is None else int(tier)


@receiver(connection_created)
def register_search_tier(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_tier", 6, search_tier, deterministic=True)
