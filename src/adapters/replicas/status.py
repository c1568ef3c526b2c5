"""How far each replica is behind, checked cheaply and kept for DATABASE_REPLICA_CHECK_SECONDS per process.

A replica is fit when it answers and its lag is within DATABASE_REPLICA_MAX_LAG_SECONDS. The lag is measured
against the primary, not the replica's own clock alone: when the replica has replayed everything the primary had
written when asked (`pg_last_wal_replay_lsn() >= pg_current_wal_lsn()`), it is not behind however long ago its last
replayed transaction was (an idle primary writes nothing to replay); otherwise it is behind by the age of its last
replayed transaction. A replica that refuses the connection (or takes longer than CONNECT_TIMEOUT) is unfit until
the next check. One thread checks at a time; the others meanwhile go by the last reading, never wait."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg.conninfo import make_conninfo

CONNECT_TIMEOUT = 2  # seconds: libpq's smallest; a closed port refuses at once
REPLICA_FACTS = (
    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
    "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8"
)


@dataclass(frozen=True)
class Reading:
    fit: bool
    lag: float | None  # seconds behind the primary, None when unknown
    reason: str  # why it is unfit ("" when fit)
    at: float  # monotonic time of the check


def lsn(text: str) -> int:
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def conninfo(alias: str) -> str:
    params: dict[str, Any] = connections.settings[alias]
    given = {"host": params.get("HOST"), "port": params.get("PORT"), "user": params.get("USER")}
    given.update(password=params.get("PASSWORD"), dbname=params.get("NAME"))
    return make_conninfo(connect_timeout=CONNECT_TIMEOUT, **{k: v for k, v in given.items() if v})


def probe_lag(alias: str) -> float:
    """Seconds the replica `alias` is behind the primary (0 when it has replayed all the primary has written)."""
    with psycopg.connect(conninfo(alias), autocommit=True) as replica:
        primary = connections[DEFAULT_DB_ALIAS]
        if primary.vendor != "postgresql":
            raise RuntimeError("replicas need a PostgreSQL primary")
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            written = lsn(cursor.fetchone()[0])
        row = replica.execute(REPLICA_FACTS).fetchone()
    assert row is not None
    recovering, replayed, age = row
    if not recovering or replayed is None or lsn(replayed) >= written:
        return 0.0
    return float(age) if age is not None else math.inf


class ReplicaStatus:
    def __init__(self, probe: Callable[[str], float] = probe_lag, now: Callable[[], float] = time.monotonic):
        self.probe, self.now = probe, now
        self._readings: dict[str, Reading] = {}
        self._lock = threading.Lock()
        self._turn = 0

    def pick(self, aliases: tuple[str, ...]) -> str | None:
        """A fit replica, in turn; None when none is."""
        fit = [a for a in aliases if self.reading(a).fit]
        if not fit:
            return None
        self._turn = (self._turn + 1) % len(fit)
        return fit[self._turn]

    def reading(self, alias: str) -> Reading:
        last = self._readings.get(alias)
        if last is not None and self.now() - last.at < settings.DATABASE_REPLICA_CHECK_SECONDS:
            return last
        if not self._lock.acquire(blocking=False):  # another thread is checking: go by what is known
            return last or Reading(False, None, "not checked yet", self.now())
        try:
            reading = self._check(alias)
        finally:
            self._lock.release()
        self._readings[alias] = reading
        return reading

    def _check(self, alias: str) -> Reading:
        try:
            lag = self.probe(alias)
        except Exception as exc:  # refused, timed out, gone: skipped until the next check
            return Reading(False, None, f"unreachable ({type(exc).__name__})", self.now())
        bound = settings.DATABASE_REPLICA_MAX_LAG_SECONDS
        if lag > bound:
            return Reading(False, lag, f"{lag:.1f} s behind (bound {bound:g} s)", self.now())
        return Reading(True, lag, "", self.now())

    def last(self, alias: str) -> Reading | None:
        """The last reading, without checking again."""
        return self._readings.get(alias)

    def mark_down(self, alias: str, reason: str) -> None:
        """A read on `alias` failed: skip it until the next check."""
        self._readings[alias] = Reading(False, None, reason, self.now())

    def forget(self) -> None:
        self._readings.clear()


STATUS = ReplicaStatus()
