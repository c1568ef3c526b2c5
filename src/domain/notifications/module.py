"""Notifications assembled from their ports (the composition root calls `Notifications.build`)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.uow import UnitOfWork

from .ports import PreferenceStore
from .service import NotificationPreferences


@dataclass(frozen=True)
class NotificationStores:
    preferences: PreferenceStore


@dataclass(frozen=True)
class Notifications:
    service: NotificationPreferences  # a person's own choice of channels per topic

    @staticmethod
    def build(*, stores: NotificationStores, audit: AuditTrail, uow: UnitOfWork) -> Notifications:
        return Notifications(NotificationPreferences(stores.preferences, audit, uow))
