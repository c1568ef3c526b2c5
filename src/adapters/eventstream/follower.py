"""Event delivery without Redis (the embedded default: SQLite, `make run`). A web process hears the events it
publishes itself, but not those of another process (the worker: a bulk operation's progress, the SLA sweep). Every
event is stored, though: the outbox's event rows and the audit entries (the audit channel). While a stream is open,
the web process follows them: every EVENT_POLL_SECONDS it reads the rows written since its last look and hands the
ones no local publish delivered to its listeners.

A row committed a little after a later one (PostgreSQL without Redis: ids are taken before commit) is still found:
each look starts LOOKBACK seconds back, and what was delivered is remembered (by channel and id) for longer than
that, so nothing goes out twice."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Max
from django_eventstream.event import Event

from adapters.orm.audit.models import AuditEntry
from adapters.orm.audit.repository import to_entry
from adapters.orm.outbox.models import OutboxMessage
from domain.audit.events import AuditRecorded
from domain.shared.channels import AUDIT

LOOKBACK = 5.0  # seconds: how late a row may commit after a later one and still be delivered
REMEMBER = 60.0  # seconds a delivered event is remembered (longer than LOOKBACK)
BATCH = 500  # rows per source and look; more are read on the next look


def _outbox(ids: Any) -> list[Event]:
    rows = OutboxMessage.objects.filter(kind=OutboxMessage.EVENT, id__in=ids).order_by("id")
    return [
        Event(channel, p["type"], json.dumps(p["data"], cls=DjangoJSONEncoder), id=pk)
        for pk, channel, p in rows.values_list("id", "channel", "payload")
    ]


def _audit(ids: Any) -> list[Event]:
    rows = AuditEntry.objects.filter(id__in=ids).order_by("id")
    return [
        Event(AUDIT, AuditRecorded.TYPE, json.dumps(AuditRecorded.of(r.pk, to_entry(r).record).wire().data), id=r.pk)
        for r in rows
    ]


def _ids(model: Any, after: int, upto: int | None = None) -> list[tuple[str, int]]:
    """(channel, id) of the stored events after `after` (up to `upto`), oldest first, at most BATCH."""
    rows = model.objects.filter(id__gt=after).order_by("id")
    if upto is not None:
        rows = rows.filter(id__lte=upto)
    if model is AuditEntry:
        return [(AUDIT, pk) for pk in rows.values_list("id", flat=True)[:BATCH]]
    return list(rows.filter(kind=OutboxMessage.EVENT).values_list("channel", "id")[:BATCH])


def _newest() -> tuple[int, int]:
    outbox = OutboxMessage.objects.filter(kind=OutboxMessage.EVENT).aggregate(last=Max("id"))["last"]
    audit = AuditEntry.objects.aggregate(last=Max("id"))["last"]
    return int(outbox or 0), int(audit or 0)


class StoredEventFollower:
    """What this process has delivered, and where its look at the stored events stands. `poll` runs in a worker
    thread; `first_delivery` is called by the local publisher and by the manager around each delivery."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = False  # set by the first look: before it (and in a worker process) nothing is remembered
        self.cursor = (0, 0)  # the newest outbox event id and audit entry id looked at
        self.marks: deque[tuple[float, tuple[int, int]]] = deque()  # (when, cursor) of recent looks
        self.delivered: dict[tuple[str, str], float] = {}  # (channel, id) -> when

    def first_delivery(self, event: Event) -> bool:
        """Whether this event is new to this process's listeners (and from now on, not)."""
        if event.id is None:
            return True
        key = (event.channel, str(event.id))
        with self.lock:
            if not self.active:
                return True
            if key in self.delivered:
                return False
            self.delivered[key] = time.monotonic()
            return True

    def poll(self) -> list[Event]:
        """The stored events written since the last look (LOOKBACK seconds of them again) that were not delivered
        yet. The first look only notes where the store stands: a stream reads its own backlog when it opens."""
        try:
            now = time.monotonic()
            with self.lock:
                if not self.active:
                    self.cursor, self.active = _newest(), True
                    self.marks.append((now, self.cursor))
                    return []
                while len(self.marks) > 1 and self.marks[1][0] <= now - LOOKBACK:
                    self.marks.popleft()
                (outbox_floor, audit_floor), (outbox_seen, audit_seen) = self.marks[0][1], self.cursor
            outbox = _ids(OutboxMessage, outbox_floor, outbox_seen) + _ids(OutboxMessage, outbox_seen)
            audit = _ids(AuditEntry, audit_floor, audit_seen) + _ids(AuditEntry, audit_seen)
            with self.lock:
                self.cursor = (max([outbox_seen, *(i for _, i in outbox)]), max([audit_seen, *(i for _, i in audit)]))
                self.marks.append((now, self.cursor))
                self._forget(now)
                outbox = [(c, i) for c, i in outbox if (c, str(i)) not in self.delivered]
                audit = [(c, i) for c, i in audit if (c, str(i)) not in self.delivered]
            found = _outbox([i for _, i in outbox]) if outbox else []
            found += _audit([i for _, i in audit]) if audit else []
            return [e for e in found if self.first_delivery(e)]
        finally:
            if not connection.in_atomic_block:
                connection.close()  # a thread of the pool: give the connection back after each look

    def _forget(self, now: float) -> None:
        old = [key for key, at in self.delivered.items() if at < now - REMEMBER]
        for key in old:
            del self.delivered[key]

    def describe(self) -> dict[str, Any]:
        return {"active": self.active, "cursor": self.cursor, "remembered": len(self.delivered)}
