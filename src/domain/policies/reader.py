"""The values in force, per process: the stored overrides are read again once they are `max_age` old, so a change
made by any web or worker process is in effect everywhere within that time. The defaults (the environment's
settings) are asked on every read, so they are never stale."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from domain.shared.clock import Clock

from .ports import PolicyStore, StoredGroup

Defaults = Callable[[], Mapping[str, Mapping[str, Any]]]


class PolicyReader:
    def __init__(self, store: PolicyStore, defaults: Defaults, clock: Clock, max_age: timedelta):
        self.store, self.defaults, self.clock, self.max_age = store, defaults, clock, max_age
        self._cached: tuple[datetime, dict[str, StoredGroup]] | None = None

    def stored(self) -> dict[str, StoredGroup]:
        """The overrides, read from the store when the copy is older than `max_age`."""
        now, cached = self.clock.now(), self._cached
        if cached is None or not now - self.max_age < cached[0] <= now:
            cached = (now, self.store.all())
            self._cached = cached
        return cached[1]

    def forget(self) -> None:
        """Drop the copy: this process's next read asks the store (after a write here)."""
        self._cached = None

    def current(self, group: str) -> dict[str, Any]:
        """The group's values in force: the override when there is one, else the defaults."""
        found = self.stored().get(group)
        values = dict(self.defaults()[group])
        if found is not None and found.values:
            values.update(found.values)
        return values
