"""Delivers outbox messages: at once after commit, and again by a periodic task until they go."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import structlog
from django.db import connection, transaction
from django.db.models import F, Q

from domain.notifications.ports import DeliveryRefused
from domain.shared.clock import Clock
from domain.shared.events import EventPublisher, Notification, Notifier

from .models import OutboxMessage

log = structlog.get_logger(__name__)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts * 5, 3600))


def error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


# how long a message committed by this process is left to the immediate delivery before the periodic relay
# takes it: the two never race for a fresh message, and one lost with its process is sent 30 s late
IMMEDIATE_GRACE = timedelta(seconds=30)
NOTIFICATIONS_KEPT = timedelta(days=30)  # delivered or failed notifications, for operators to look back on


@dataclass(frozen=True)
class Committed:
    """A message this process has just committed, delivered from memory. An announced event has no outbox row
    (pk 0) and its own stream id (the audit entry's)."""

    pk: int
    kind: str
    channel: str
    payload: dict[str, Any]
    event_id: int | None = None


class OutboxRelay:
    def __init__(self, publisher: EventPublisher, notifier: Notifier, clock: Clock, max_attempts: int = 12):
        self.publisher = publisher
        self.notifier = notifier
        self.clock = clock
        self.max_attempts = max_attempts

    def deliver(self, batch: int = 200) -> int:
        """Deliver every due message; the number delivered."""
        delivered = 0
        while True:
            with transaction.atomic():
                qs = OutboxMessage.objects.filter(
                    delivered_at__isnull=True, failed_at__isnull=True, available_at__lte=self.clock.now()
                )
                if connection.features.has_select_for_update_skip_locked:
                    qs = qs.select_for_update(skip_locked=True)
                rows = list(qs.order_by("id")[:batch])
                for row in rows:
                    delivered += self._deliver_one(row)
            if len(rows) < batch:
                return delivered

    def deliver_committed(self, messages: list[Committed]) -> int:
        """Send messages this process has just committed, from memory, then mark the sent ones in one UPDATE
        (no transaction, no row lock: the periodic relay leaves them alone for IMMEDIATE_GRACE). A message that
        could not be sent is left to the periodic relay, after a back-off."""
        now = self.clock.now()
        sent, failed, refused, error = [], [], [], ""
        for m in messages:
            try:
                self._send(m.kind, m.channel, m.payload, m.event_id or m.pk)
            except DeliveryRefused as exc:  # the provider said no for good: recorded, never retried
                refused.append(m.pk)
                error = error_text(exc)
                continue
            except Exception as exc:
                if m.pk:
                    failed.append(m.pk)
                error = error_text(exc)
                continue
            if m.pk:
                sent.append(m.pk)
        if sent:
            OutboxMessage.objects.filter(pk__in=sent, delivered_at__isnull=True).update(
                delivered_at=now, attempts=F("attempts") + 1
            )
        if failed:
            OutboxMessage.objects.filter(pk__in=failed, delivered_at__isnull=True).update(
                attempts=F("attempts") + 1, last_error=error, available_at=now + backoff(1)
            )
        if refused:
            OutboxMessage.objects.filter(pk__in=refused, delivered_at__isnull=True).update(
                attempts=F("attempts") + 1, last_error=error, failed_at=now
            )
        if error:  # an announced event is not retried: listeners replay it from where it is stored
            log.warning("outbox.delivery_failed", message_ids=failed, attempts=1, error=error.split(":")[0])
        return len(sent)

    def purge(self, replay_window: timedelta) -> int:
        """Forget delivered events older than the replay window, and delivered or failed notifications after
        NOTIFICATIONS_KEPT. Undelivered events stay until they are delivered (or fail for good)."""
        now = self.clock.now()
        events = Q(kind=OutboxMessage.EVENT, created_at__lt=now - replay_window) & (
            Q(delivered_at__isnull=False) | Q(failed_at__isnull=False)
        )
        notes = Q(kind=OutboxMessage.NOTIFICATION, created_at__lt=now - NOTIFICATIONS_KEPT) & (
            Q(delivered_at__isnull=False) | Q(failed_at__isnull=False)
        )
        deleted, _ = OutboxMessage.objects.filter(events | notes).delete()
        return deleted

    def _deliver_one(self, row: OutboxMessage) -> int:
        now = self.clock.now()
        try:
            self._send(row.kind, row.channel, row.payload, row.pk)
        except Exception as exc:  # any transport failure: keep the message and retry later
            row.attempts += 1
            row.last_error = error_text(exc)
            row.available_at = now + backoff(row.attempts)
            if row.attempts >= self.max_attempts or isinstance(exc, DeliveryRefused):
                row.failed_at = now
            row.save(update_fields=["attempts", "last_error", "available_at", "failed_at"])
            log.warning("outbox.delivery_failed", message_id=row.pk, kind=row.kind, attempts=row.attempts)
            return 0
        row.attempts += 1
        row.delivered_at = now
        row.save(update_fields=["attempts", "delivered_at"])
        return 1

    def _send(self, kind: str, channel: str, payload: dict[str, Any], pk: int) -> None:
        if kind == OutboxMessage.EVENT:
            self.publisher.publish(channel, payload["type"], payload["data"], event_id=pk)
        elif kind == OutboxMessage.NOTIFICATION:
            # the row is the delivery key: a provider that honours it never sends one message twice
            self.notifier.send(replace(Notification(**payload), key=f"outbox-{pk}"))
        else:
            raise ValueError(f"unknown outbox kind {kind!r}")
