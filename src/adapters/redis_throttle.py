"""The ThrottleStore on Redis (used when REDIS_URL is set), and a failover to the database one while Redis is down.

Each value is stored with its expiry (read against the Clock, so a test's clock rules here too) and a Redis TTL to
the same moment, so Redis drops it itself. A change is a WATCH/MULTI transaction retried on conflict."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC
from typing import Any, TypeVar

import redis
import structlog
from redis.backoff import NoBackoff
from redis.retry import Retry

from adapters.breaker import CircuitBreaker
from domain.security.ports import Stored, ThrottleStore
from domain.shared.clock import Clock

log = structlog.get_logger(__name__)
T = TypeVar("T")
_GLOB = str.maketrans({c: f"\\{c}" for c in "*?[]\\"})


class RedisThrottleStore:
    def __init__(self, client: redis.Redis, clock: Clock, namespace: str = "throttle:"):
        self.client = client
        self.clock = clock
        self.namespace = namespace

    @classmethod
    def from_url(cls, url: str, clock: Clock, namespace: str = "throttle:") -> RedisThrottleStore:
        """Short timeouts and no retries: a login waits at most half a second on a dead Redis before the failover
        answers, and the next ones not at all while the circuit is open."""
        client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, retry=Retry(NoBackoff(), 0), health_check_interval=30
        )
        return cls(client, clock, namespace)

    def _key(self, key: str) -> str:
        return self.namespace + key

    def _live(self, raw: Any) -> str | None:
        if raw is None:
            return None
        data = json.loads(raw)
        return str(data["v"]) if data["exp"] > self.clock.now().timestamp() else None

    def _set(self, pipe: Any, key: str, new: Stored) -> None:
        value, expires = new
        ttl_ms = int((expires - self.clock.now()).total_seconds() * 1000)
        if ttl_ms <= 0:
            pipe.delete(key)
        else:
            pipe.set(key, json.dumps({"v": value, "exp": expires.astimezone(UTC).timestamp()}), px=ttl_ms)

    def read(self, keys: Sequence[str]) -> dict[str, str]:
        if not keys:
            return {}
        raws = self.client.mget([self._key(k) for k in keys])
        return {k: v for k, raw in zip(keys, raws, strict=True) if (v := self._live(raw)) is not None}

    def change(self, key: str, update: Callable[[str | None], Stored | None]) -> None:
        name = self._key(key)
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(name)  # type: ignore[no-untyped-call]
                    new = update(self._live(pipe.get(name)))
                    pipe.multi()
                    if new is None:
                        pipe.delete(name)
                    else:
                        self._set(pipe, name, new)
                    pipe.execute()
                    return
                except redis.WatchError:  # another process changed it first: read again
                    continue

    def put_all(self, values: Mapping[str, Stored]) -> None:
        with self.client.pipeline(transaction=False) as pipe:
            for key, new in values.items():
                self._set(pipe, self._key(key), new)
            pipe.execute()

    def take(self, key: str) -> str | None:
        return self._live(self.client.getdel(self._key(key)))

    def forget(self, keys: Sequence[str] = (), prefix: str = "") -> None:
        names = [self._key(k) for k in keys]
        if prefix:
            names += list(self.client.scan_iter(match=self._key(prefix).translate(_GLOB) + "*", count=500))
        if names:
            self.client.delete(*names)

    def purge(self) -> int:
        return 0  # Redis expires values itself


class FailoverThrottleStore:
    """Redis first; while it fails (the circuit is open for a few seconds after each failure), the database. Login
    protection keeps working through a Redis outage, on tallies that start afresh in the database."""

    def __init__(self, primary: ThrottleStore, fallback: ThrottleStore, breaker: CircuitBreaker | None = None):
        self.primary = primary
        self.fallback = fallback
        self.breaker = breaker or CircuitBreaker("throttle-redis", cool_off=5.0)

    def _either(self, call: Callable[[ThrottleStore], T]) -> T:
        try:
            return self.breaker.call(lambda: call(self.primary))
        except (redis.RedisError, ConnectionError, TimeoutError) as exc:
            log.warning("throttle.redis_unavailable", error=type(exc).__name__)
            return call(self.fallback)

    def read(self, keys: Sequence[str]) -> dict[str, str]:
        return self._either(lambda s: s.read(keys))

    def change(self, key: str, update: Callable[[str | None], Stored | None]) -> None:
        self._either(lambda s: s.change(key, update))

    def put_all(self, values: Mapping[str, Stored]) -> None:
        self._either(lambda s: s.put_all(values))

    def take(self, key: str) -> str | None:
        return self._either(lambda s: s.take(key))

    def forget(self, keys: Sequence[str] = (), prefix: str = "") -> None:
        self._either(lambda s: s.forget(keys, prefix))
        if self.primary is not self.fallback:
            self.fallback.forget(keys, prefix)  # what was counted there during an outage goes too

    def purge(self) -> int:
        return self.fallback.purge()
