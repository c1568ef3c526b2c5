"""Storage of telemetry: sessions (bulk insert and update), pages, performance samples, replays."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Max

from domain.monitoring.model import Device, Session
from domain.monitoring.records import PageHour, PageRow, PerfRow, ReplayRow

from .models import MonitoredSession, PageHourRollup, PerfSample, ReplayChunkRow, SessionPage

FIELDS = (
    "last_seen_at",
    "last_heartbeat_at",
    "url",
    "title",
    "visible",
    "browser",
    "browser_version",
    "os",
    "os_version",
    "device",
    "screen_width",
    "screen_height",
    "hints",
    "page_views",
    "errors",
    "slow_calls",
    "slow_pages",
    "rage_clicks",
    "cache_hits",
    "cache_misses",
    "replay_bytes",
    "health",
)


def to_session(r: MonitoredSession) -> Session:
    device = Device(
        r.browser,
        r.browser_version,
        r.os,
        r.os_version,
        r.device,
        r.screen_width,
        r.screen_height,
        tuple(sorted(r.hints.items())),
    )
    return Session(
        r.pk,
        r.key,
        r.user_id,
        r.started_at,
        r.last_seen_at,
        r.last_heartbeat_at,
        r.url,
        r.title,
        r.visible,
        device,
        r.page_views,
        r.errors,
        r.slow_calls,
        r.slow_pages,
        r.rage_clicks,
        r.cache_hits,
        r.cache_misses,
        r.replay_bytes,
        r.health,
        staff=r.staff,
    )


def _row(s: Session) -> MonitoredSession:
    d = s.device
    return MonitoredSession(
        id=s.id,
        key=s.key,
        user_id=s.user_id,
        started_at=s.started_at,
        last_seen_at=s.last_seen_at,
        last_heartbeat_at=s.last_heartbeat_at,
        url=s.url[:2048],
        title=s.title[:300],
        visible=s.visible,
        browser=d.browser[:100],
        browser_version=d.browser_version[:50],
        os=d.os[:100],
        os_version=d.os_version[:50],
        device=d.device[:100],
        screen_width=d.screen_width,
        screen_height=d.screen_height,
        hints=dict(d.hints),
        page_views=s.page_views,
        errors=s.errors,
        slow_calls=s.slow_calls,
        slow_pages=s.slow_pages,
        rage_clicks=s.rage_clicks,
        cache_hits=s.cache_hits,
        cache_misses=s.cache_misses,
        replay_bytes=s.replay_bytes,
        health=s.health,
        staff=s.staff,
    )


class DjangoTelemetryStore:
    def known_users(self, user_ids: Collection[int]) -> set[int]:
        return set(User.objects.filter(pk__in=list(user_ids)).values_list("pk", flat=True)) if user_ids else set()

    def latest_sessions(self, keys: Collection[str]) -> dict[str, Session]:
        if not keys:
            return {}
        newest = MonitoredSession.objects.filter(key__in=list(keys)).values("key").annotate(m=Max("started_at"))
        wanted = {(r["key"], r["m"]) for r in newest}
        rows = MonitoredSession.objects.filter(key__in=[k for k, _ in wanted], started_at__in=[m for _, m in wanted])
        return {r.key: to_session(r) for r in rows.order_by("started_at", "id") if (r.key, r.started_at) in wanted}

    def save_sessions(self, sessions: Sequence[Session]) -> None:
        new = [s for s in sessions if s.id is None]
        changed = sorted((s for s in sessions if s.id is not None and s.changed), key=lambda s: s.id or 0)
        if new:
            for s, row in zip(new, MonitoredSession.objects.bulk_create([_row(s) for s in new]), strict=True):
                s.id = row.pk
        if changed:
            MonitoredSession.objects.bulk_update([_row(s) for s in changed], FIELDS)

    def add_pages(self, rows: Sequence[PageRow], hours: Sequence[PageHour]) -> None:
        SessionPage.objects.bulk_create(
            [SessionPage(session_id=r.session_id, at=r.at, url=r.url[:2048], title=r.title[:300]) for r in rows]
        )
        if hours:
            table = PageHourRollup._meta.db_table
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (page, hour, views, exits, rage_clicks) VALUES (%s, %s, %s, %s, %s) "
                    f"ON CONFLICT (page, hour) DO UPDATE SET views = {table}.views + excluded.views, "
                    f"exits = {table}.exits + excluded.exits, rage_clicks = {table}.rage_clicks + excluded.rage_clicks",
                    [
                        (h.page, h.hour, h.views, h.exits, h.rage_clicks)
                        for h in sorted(hours, key=lambda h: (h.page, h.hour))
                    ],
                )

    def add_performance(self, rows: Sequence[PerfRow]) -> None:
        PerfSample.objects.bulk_create(
            [
                PerfSample(
                    session_id=r.session_id, at=r.at, metric=r.metric, route=r.route[:300], duration_ms=r.duration_ms
                )
                for r in rows
            ]
        )

    def add_replay(self, rows: Sequence[ReplayRow]) -> None:
        ReplayChunkRow.objects.bulk_create(
            [
                ReplayChunkRow(session_id=r.session_id, seq=r.seq, at=r.at, data=r.data, truncated=r.truncated)
                for r in rows
            ]
        )

    def purge_replays(self, before: datetime) -> int:
        return ReplayChunkRow.objects.filter(at__lt=before).delete()[0]

    def delete_replays(self, user_id: int) -> int:
        theirs = MonitoredSession.objects.filter(user_id=user_id).values("id")
        return ReplayChunkRow.objects.filter(session_id__in=theirs).delete()[0]
