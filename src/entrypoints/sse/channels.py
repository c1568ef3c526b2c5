"""Who may read which event-stream channel: the domain's channel table, checked per principal."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django_eventstream.channelmanager import DefaultChannelManager

from domain.shared.channels import permission_for_channel
from domain.shared.principal import Principal
from entrypoints.bootstrap import container

_TTL = 5.0  # seconds a principal is trusted before it is looked up again (suspensions bite fast)
_cache: dict[int, tuple[float, Principal | None]] = {}


def principal_for_user_id(user_id: int) -> Principal | None:
    now = time.monotonic()
    hit = _cache.get(user_id)
    if hit and now - hit[0] < _TTL:
        return hit[1]
    principal = container().auth.principal_for_user(user_id)
    if not connection.in_atomic_block:
        connection.close()  # called from long-lived stream threads: do not keep a connection per stream
    _cache[user_id] = (now, principal)
    return principal


def can_read(principal: Principal | None, channel: str) -> bool:
    needed = permission_for_channel(channel)
    return principal is not None and needed is not None and principal.can(needed)


class PermissionChannelManager(DefaultChannelManager):  # type: ignore[misc]
    def can_read_channel(self, user: Any, channel: str) -> bool:
        if user is None:
            return False
        return can_read(principal_for_user_id(user.pk), channel)

    def is_channel_reliable(self, channel: str) -> bool:
        return True  # every event is kept for EVENT_REPLAY_WINDOW: Last-Event-ID resumes, a full queue re-reads
