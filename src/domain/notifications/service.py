"""A person's own notification preferences: read and changed by the signed-in person only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import Channel, Preferences, Topic, checked, defaults, topics_for
from .ports import PreferenceStore


@dataclass(frozen=True)
class PreferencesView:
    topics: tuple[Topic, ...]  # what can reach this person
    prefs: Preferences


class NotificationPreferences:
    def __init__(self, store: PreferenceStore, audit: AuditTrail, uow: UnitOfWork):
        self.store, self.audit, self.uow = store, audit, uow

    def mine(self, actor: Principal) -> PreferencesView:
        topics = topics_for(actor.roles, actor.is_superuser)
        stored = self.store.get(actor.user_id) or defaults()
        return PreferencesView(topics, _only(stored, topics))

    def change(
        self,
        actor: Principal,
        channels: Mapping[Topic, frozenset[Channel]],
        phone: str | None = None,
        webhook_url: str | None = None,
    ) -> PreferencesView:
        """Replace the person's channels per topic (a topic left out goes by e-mail). `phone` and `webhook_url`:
        None keeps the stored one, "" removes it. Neither is ever written to the audit trail (only whether one
        is set)."""
        topics = topics_for(actor.roles, actor.is_superuser)
        with self.uow:
            stored = self.store.get(actor.user_id) or defaults()
            prefs = Preferences(
                channels,
                stored.phone if phone is None else phone,
                stored.webhook_url if webhook_url is None else webhook_url,
            )
            valid = checked(prefs, topics)
            self.store.save(actor.user_id, valid)
            details = {
                "channels": {t.value: sorted(c.value for c in valid.on(t)) for t in topics},
                "phone_set": valid.phone is not None,
                "webhook_set": valid.webhook_url is not None,
            }
            self.audit.record(actor, "notifications.preferences", "user", actor.user_id, details)
            self.uow.commit()
        return PreferencesView(topics, _only(valid, topics))


def _only(prefs: Preferences, topics: tuple[Topic, ...]) -> Preferences:
    chans: dict[Topic, frozenset[Channel]] = {t: prefs.on(t) for t in topics}
    return Preferences(chans, prefs.phone, prefs.webhook_url)
