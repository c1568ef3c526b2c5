from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django_eventstream import send_event


class EventstreamPublisher:
    """Publishes to django-eventstream; through Redis pub/sub to every web process when
    EVENTSTREAM_REDIS is configured, else to this process's listeners."""

    def publish(self, channel: str, event_type: str, data: Mapping[str, Any]) -> None:
        send_event(channel, event_type, dict(data))
