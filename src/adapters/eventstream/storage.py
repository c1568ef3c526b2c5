"""django-eventstream's event storage, read from the outbox: every event row is kept for EVENT_REPLAY_WINDOW after
it was written, so a client that reconnects with Last-Event-ID (or a listener that lost Redis for a while) gets what
it missed, from any web process. Event ids are outbox row ids: increasing, shared by every process."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Max, Min
from django_eventstream.event import Event
from django_eventstream.storage import EventDoesNotExist, StorageBase

from adapters.orm.audit.models import AuditEntry
from adapters.orm.audit.repository import to_entry
from adapters.orm.outbox.models import OutboxMessage
from domain.audit.events import AuditRecorded
from domain.shared.channels import AUDIT

REPLAY_LIMIT = 100


def _release() -> None:
    # called from long-lived stream threads: give the connection back to the pool after each read
    if not connection.in_atomic_block:
        connection.close()


class OutboxEventStorage(StorageBase):  # type: ignore[misc]
    """Events of every channel from the outbox, except the `audit` channel's: those are the audit entries
    themselves (an entry announces itself without an outbox row; its seq is its event id)."""

    def append_event(self, channel: str, event_type: str, data: Any) -> Event:
        raise RuntimeError("events are written by the unit of work, in the business transaction")

    def get_events(self, channel: str, last_id: int, limit: int = REPLAY_LIMIT) -> list[Event]:
        if channel == AUDIT:
            return self._audit_events(last_id, limit)
        events = OutboxMessage.objects.filter(kind=OutboxMessage.EVENT, channel=channel)
        try:
            oldest = events.aggregate(first=Min("id"))["first"]
            if last_id and oldest is not None and last_id < oldest:
                # the client's last event is no longer kept, nor maybe the ones after it: it must re-fetch over REST
                # (django-eventstream sends it stream-reset)
                raise EventDoesNotExist(f"event {last_id} is no longer kept", self._current(channel))
            rows = list(events.filter(id__gt=last_id).order_by("id").values_list("id", "payload")[:limit])
        finally:
            _release()
        return [Event(channel, p["type"], json.dumps(p["data"], cls=DjangoJSONEncoder), id=pk) for pk, p in rows]

    def get_current_id(self, channel: str) -> int:
        try:
            if channel == AUDIT:
                return int(AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0)
            return self._current(channel)
        finally:
            _release()

    @staticmethod
    def _audit_events(last_id: int, limit: int) -> list[Event]:
        try:
            rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:limit])
        finally:
            _release()
        return [
            Event(
                AUDIT, AuditRecorded.TYPE, json.dumps(AuditRecorded.of(r.pk, to_entry(r).record).wire().data), id=r.pk
            )
            for r in rows
        ]

    @staticmethod
    def _current(channel: str) -> int:
        newest = OutboxMessage.objects.filter(kind=OutboxMessage.EVENT, channel=channel).aggregate(last=Max("id"))
        return int(newest["last"] or 0)
