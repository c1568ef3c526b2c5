"""A supervised Redis listener for django-eventstream.

django-eventstream's own listener subscribes once; on the first Redis error its task dies and nothing restarts
it, so that web process's subscribers never hear another event while health still says ok. This one reconnects
with backoff, reports its state for /api/health, and when it is back tells every local stream to re-read the
stored events it missed (the same path django-eventstream takes when a client's queue overflows)."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import structlog
from django.conf import settings
from django_eventstream import views
from django_eventstream.event import Event

from adapters.metrics import SSE_CONNECTIONS

from .follower import StoredEventFollower
from .publisher import REDIS_CHANNEL

log = structlog.get_logger("eventstream")
BACKOFF_FIRST, BACKOFF_MAX = 0.2, 2.0  # a restarted Redis is noticed within two seconds


@dataclass
class ListenerState:
    started: bool = False
    connected: bool = False
    since: float = 0.0  # monotonic time of the last change
    reconnects: int = 0
    last_error: str = ""

    def describe(self) -> str:
        if not self.started:
            return "idle"  # no subscriber in this process yet
        return "connected" if self.connected else "reconnecting"


STATE = ListenerState()


class SupervisedListenerManager(views.ListenerManager):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.redis_listener = None  # django-eventstream's unsupervised one is never started
        self.supervisor: asyncio.Task[None] | None = None
        self.follower = StoredEventFollower()

    def add_listener(self, listener: Any) -> None:
        with self.lock:
            if self.supervisor is None:  # one per process, kept referenced so it is never collected
                try:
                    loop = asyncio.get_running_loop()
                except RuntimeError:  # not a stream's (a test's direct call): nothing to supervise
                    loop = None
                if loop is not None:
                    task = self.start_redis_listener() if settings.REDIS_URL else self.follow_storage()
                    self.supervisor = loop.create_task(task)
        super().add_listener(listener)
        SSE_CONNECTIONS.inc()  # one listener per open stream, removed in the stream's `finally`

    def remove_listener(self, listener: Any) -> None:
        try:
            super().remove_listener(listener)
        finally:
            SSE_CONNECTIONS.dec()

    async def start_redis_listener(self) -> None:
        STATE.started = True
        delay = BACKOFF_FIRST
        while True:
            try:
                await self._listen()
                delay = BACKOFF_FIRST
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a dropped or refused connection: try again, never give up
                if STATE.connected:
                    log.warning("eventstream.redis_lost", error=type(exc).__name__)
                STATE.connected, STATE.since, STATE.last_error = False, time.monotonic(), type(exc).__name__
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)

    async def _listen(self) -> None:
        from redis.asyncio import Redis

        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, health_check_interval=5)
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(REDIS_CHANNEL)
            was_lost = STATE.since and not STATE.connected
            STATE.connected, STATE.since = True, time.monotonic()
            if was_lost:
                STATE.reconnects += 1
                log.info("eventstream.redis_back", reconnects=STATE.reconnects)
                self.resync()
            async for message in pubsub.listen():
                if message["type"] == "message":
                    self._deliver(message["data"])
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            await client.aclose()

    def _deliver(self, raw: bytes | str) -> None:
        try:
            m: dict[str, Any] = json.loads(raw)
            event = Event(m["channel"], m["event_type"], m["data"], id=m.get("pub_id"))
        except (ValueError, KeyError, TypeError):
            log.warning("eventstream.bad_message")
            return
        self.add_to_queues(event.channel, event)

    def deliver_local(self, event: Event) -> None:
        """An event published in this process, without Redis: to its listeners, unless the follower has already
        handed it over from storage."""
        if self.follower.first_delivery(event):
            self.add_to_queues(event.channel, event)

    async def follow_storage(self) -> None:
        """Without Redis: hand this process's listeners the stored events other processes wrote (the follower)."""
        while True:
            try:
                for event in await asyncio.to_thread(self.follower.poll):
                    self.add_to_queues(event.channel, event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is away for a moment: look again next time, never give up
                log.warning("eventstream.follow_failed", error=type(exc).__name__)
            await asyncio.sleep(settings.EVENT_POLL_SECONDS)

    def resync(self) -> None:
        """Make every local stream re-read what it missed from storage (events written while Redis was away)."""
        with self.lock:
            listeners = {listener for group in self.listeners_by_channel.values() for listener in group}
            for listener in listeners:
                listener.overflow = True
        for listener in listeners:
            listener.wake_threadsafe()


def install() -> None:
    """Put the supervised manager in place of django-eventstream's (before any stream starts)."""
    if not isinstance(views.listener_manager, SupervisedListenerManager):
        views.listener_manager = SupervisedListenerManager()
