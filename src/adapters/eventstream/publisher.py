"""Publishing events to SSE subscribers: through Redis pub/sub to every web process when REDIS_URL is set (the
message django-eventstream's listeners read), else straight to this process's listeners (a web process follows the
events other processes store: follower.py).

Publishing never blocks a request for long: the Redis client has 100 ms timeouts and no retries, and a circuit
breaker makes every publish fail at once for two seconds after a failure. A failed publish stays in the outbox
and the relay sends it later; the listeners replay stored events when Redis comes back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import redis
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django_eventstream.event import Event
from django_eventstream.views import get_listener_manager
from redis.backoff import NoBackoff
from redis.retry import Retry

from adapters.breaker import CircuitBreaker

REDIS_CHANNEL = "events_channel"  # django-eventstream's pub/sub channel


def redis_client(timeout: float) -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=30,
    )


class EventstreamPublisher:
    def __init__(self) -> None:
        self._client = redis_client(settings.EVENT_PUBLISH_TIMEOUT) if settings.REDIS_URL else None
        self.breaker = CircuitBreaker("redis", cool_off=settings.EVENT_PUBLISH_COOL_OFF)

    def publish(self, channel: str, event_type: str, data: Mapping[str, Any], event_id: int | None = None) -> None:
        encoded = json.dumps(dict(data), cls=DjangoJSONEncoder)
        if self._client is None:  # this process's listeners; the web process follows other processes' stored events
            manager = get_listener_manager()
            event = Event(channel, event_type, encoded, id=event_id)
            deliver = getattr(manager, "deliver_local", None)
            deliver(event) if deliver is not None else manager.add_to_queues(channel, event)
            return
        message = json.dumps(
            {
                "channel": channel,
                "event_type": event_type,
                "data": encoded,
                "pub_id": None if event_id is None else str(event_id),
            }
        )
        client = self._client
        self.breaker.call(lambda: client.publish(REDIS_CHANNEL, message))
