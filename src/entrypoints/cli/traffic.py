"""The learners `manage.py simulate_traffic` keeps online: each tick, every open tab beats; some move to another
page, some leave and others arrive, and now and then one hits an error."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .demo_telemetry import PREFIX, heartbeat, send
from .demo_telemetry_data import DEVICES, ERRORS, PAGES, RELEASE, WEB, error_item


@dataclass
class Traffic:
    learners: list[int]
    tabs: int  # learners online at once
    error_rate: float  # chance a page view comes with an error
    rng: random.Random = field(default_factory=random.Random)
    open: dict[str, int] = field(default_factory=dict)  # tab key -> learner
    serial: int = 0

    def tick(self, now: datetime) -> list[dict[str, Any]]:
        """The items of one tick: arrivals up to `tabs`, a heartbeat per open tab, page views, errors, leavers."""
        items: list[dict[str, Any]] = []
        free = [u for u in self.learners if u not in self.open.values()]
        while len(self.open) < self.tabs and free:
            user = free.pop(self.rng.randrange(len(free)))
            self.serial += 1
            key = f"{PREFIX}sim-{user}-{self.serial}"
            self.open[key] = user
            device = self.rng.choice(DEVICES)
            items.append({"kind": "device", "session_id": key, "user_id": user, "at": now.isoformat(), **device})
        for key, user in list(self.open.items()):
            beat = heartbeat(key, user, now, self.rng)
            items.append(beat)
            if self.rng.random() < 0.2:
                path, title = self.rng.choice(PAGES)
                items.append(
                    {
                        "kind": "page_view",
                        "session_id": key,
                        "user_id": user,
                        "at": now.isoformat(),
                        "url": WEB + path,
                        "title": title,
                    }
                )
                if self.rng.random() < self.error_rate:
                    items.append(error_item(self.rng.choice(ERRORS), key, user, now.isoformat(), RELEASE))
            if self.rng.random() < 0.03:
                beat["leaving"] = True  # the tab closes: an exit of its page
                del self.open[key]
        return items

    def send(self, now: datetime) -> int:
        return send(self.tick(now))
