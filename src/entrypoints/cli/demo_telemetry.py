"""A live hour of browser telemetry for `make run` (sessions online now on several devices, error groups, a
regression and an open alert), and the traffic `manage.py simulate_traffic` keeps sending. Items go through the
same ingestion as the browser SDK's, sent by the system on the learners' behalf."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from domain.monitoring.model import GroupStatus
from domain.monitoring.queries import GroupFilter
from domain.monitoring.tracking import GroupChange
from domain.shared.pagination import PageRequest
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container

from .demo_telemetry_data import API_ROUTES, DEVICES, ERRORS, PAGES, REGRESSING, RELEASE, RELEASE_OLD, WEB, error_item

PREFIX = "demo-"
ONLINE = 8  # learners online at the end of the seeded hour
HISTORY = 14  # learners whose sessions ended during the hour


def _iso(at: datetime) -> str:
    return at.isoformat()


def demo_learners(count: int) -> list[int]:
    users = get_user_model().objects.filter(is_staff=False, is_superuser=False, is_active=True)
    return list(users.order_by("pk").values_list("pk", flat=True)[:count])


def send(items: list[dict[str, Any]]) -> int:
    """Ingest in batches as the system (each item names its learner), then nudge the dashboard's pulse."""
    monitoring = container().monitoring
    accepted = 0
    for start in range(0, len(items), 500):
        accepted += monitoring.telemetry.ingest(SYSTEM, items[start : start + 500]).accepted
    if accepted:
        monitoring.pulse.beat()
    return accepted


def visit(key: str, user: int, device: dict[str, Any], start: datetime, end: datetime, rng: random.Random) -> list[Any]:
    """One tab's visit from `start` to `end`: its device, a page view every few minutes with its timings, and a
    heartbeat every 15 s of the last two minutes (earlier heartbeats add nothing the page views do not say)."""
    items: list[dict[str, Any]] = [{"kind": "device", "session_id": key, "user_id": user, "at": _iso(start), **device}]
    at = start
    while at < end:
        path, title = rng.choice(PAGES)
        base = {"session_id": key, "user_id": user, "at": _iso(at)}
        items.append({"kind": "page_view", **base, "url": WEB + path, "title": title})
        calls = [{"route": r, "duration_ms": int(rng.lognormvariate(5.3, 0.6))} for r in rng.sample(API_ROUTES, 2)]
        perf = {"page_load_ms": int(rng.lognormvariate(7.2, 0.4)), "api_calls": calls, "cache_hits": rng.randint(0, 20)}
        items.append({"kind": "performance", **base, **perf})
        at += timedelta(seconds=rng.randint(90, 420))
    beat = max(start, end - timedelta(minutes=2))
    while beat <= end:
        items.append(heartbeat(key, user, beat, rng))
        beat += timedelta(seconds=15)
    return items


def windows(items: list[dict[str, Any]], minutes: int = 5) -> list[list[dict[str, Any]]]:
    """The items in time order, in batches of at most `minutes` each, as browsers would have sent them over the hour
    (a batch's items join the sessions they find when the batch arrives)."""
    batches: list[list[dict[str, Any]]] = []
    for item in sorted(items, key=lambda i: i["at"]):
        if not batches or item["at"] >= batches[-1][0]["at_end"] or len(batches[-1]) > 500:
            end = datetime.fromisoformat(item["at"]) + timedelta(minutes=minutes)
            batches.append([{"at_end": end.isoformat()}])
        batches[-1].append(item)
    return [batch[1:] for batch in batches]


def heartbeat(key: str, user: int, at: datetime, rng: random.Random) -> dict[str, Any]:
    path, title = rng.choice(PAGES)
    rage = 1 if rng.random() < 0.05 else 0
    return {
        "kind": "heartbeat",
        "session_id": key,
        "user_id": user,
        "at": _iso(at),
        "url": WEB + path,
        "title": title,
        "visible": True,
        "rage_clicks": rage,
    }


def demo_group(release: str | None = None) -> int | None:
    """The id of the demo's regressing error group (it exists once the hour is seeded)."""
    page = container().monitoring.errors.groups(SYSTEM, GroupFilter(release=release), PageRequest(limit=100))
    return next((g.id for g in page.items if REGRESSING[1] in g.title), None)


def ensure_telemetry(now: datetime | None = None, seed: int = 25) -> int:
    """The demo's hour of telemetry, once; on later runs only the online learners' heartbeats (so the dashboard is
    alive on every start). The items accepted."""
    learners = demo_learners(ONLINE + HISTORY)
    if len(learners) < ONLINE:
        return 0
    now = now or container().clock.now()
    rng = random.Random(seed)
    online = learners[:ONLINE]
    if demo_group() is not None:
        return send([heartbeat(f"{PREFIX}{u}-live", u, now, rng) for u in online])
    items: list[dict[str, Any]] = []
    for i, user in enumerate(online):
        start = now - timedelta(minutes=rng.randint(10, 55))
        items += visit(f"{PREFIX}{user}-live", user, DEVICES[i % len(DEVICES)], start, now, rng)
    for i, user in enumerate(learners[ONLINE:]):
        start = now - timedelta(minutes=rng.randint(35, 60))
        device = DEVICES[(i + 2) % len(DEVICES)]
        items += visit(f"{PREFIX}{user}-past", user, device, start, start + timedelta(minutes=20), rng)
    accepted = sum(send(batch) for batch in windows(items))
    return accepted + _errors(online, learners[ONLINE:], now, rng)


def _errors(online: list[int], past: list[int], now: datetime, rng: random.Random) -> int:
    """A few groups (one learner hitting the same error three times), then a regression: an error seen in the old
    release, resolved, and back in the new one. The detection run that follows raises the alerts."""
    items = []
    for n, error in enumerate(ERRORS):
        for user in rng.sample(online, 2 + n):
            at = now - timedelta(minutes=rng.randint(1, 25))
            items.append(error_item(error, f"{PREFIX}{user}-live", user, _iso(at), RELEASE))
    first = online[0]
    items += [
        error_item(ERRORS[0], f"{PREFIX}{first}-live", first, _iso(now - timedelta(minutes=m)), RELEASE)
        for m in (6, 4, 2)
    ]
    before = _iso(now - timedelta(minutes=50))
    old = [error_item(REGRESSING, f"{PREFIX}{u}-past", u, before, RELEASE_OLD) for u in past[:3]]
    accepted = send(old)
    group = demo_group(RELEASE_OLD)
    if group is not None:
        container().monitoring.errors.change(SYSTEM, group, GroupChange(status=GroupStatus.RESOLVED))
    back = _iso(container().clock.now())  # after the resolution: that is what makes it a regression
    items.append(error_item(REGRESSING, f"{PREFIX}{online[1]}-live", online[1], back, RELEASE))
    accepted += send(sorted(items, key=lambda item: item["at"]))
    container().monitoring.detection.run()
    return accepted
