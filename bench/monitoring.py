"""Monitoring benchmark on PostgreSQL (database bench_monitor), one web process, through HTTP:

- telemetry ingestion in batches of 100 items (heartbeats, page views, performance, client errors) from a service
  account, 4 concurrent senders: items per second (target >= 2,000);
- GET /api/monitoring/sessions/?online=true with 10,000 online sessions: p50/p95 (target p95 <= 100 ms), against
  the same request without the keyset index's help (online=false, which pages every session) as a same-run ratio;
- the time from a heartbeat's POST to the monitoring pulse carrying the online count at an SSE subscriber
  (target <= 5 s);
- the detection run (every rule's queries and evaluation) over 1,000,000 error events in the last 7 days (target
  <= 2 s), in process.

Run: `.venv/bin/python bench/monitoring.py` (part of `make bench`)."""

from __future__ import annotations

import json
import platform
import queue
import secrets
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from measure import Stats, server, setup_django
from prepare import Scale, database_url, django_env, manage, server_url

SCALE = Scale("monitor", 0, 0)
ADMIN, SERVICE, PASSWORD = "bench_monitor_admin", "bench_monitor_service", "quiet-harbour-lantern-7731"
LEARNERS, ONLINE, EVENTS = 10_000, 10_000, 1_000_000


def prepare(env: dict[str, str]) -> None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SCALE.database]).fetchone():
            conn.execute(f"CREATE DATABASE {SCALE.database}")
    manage(env, "migrate", "--verbosity", "0")
    with psycopg.connect(database_url(SCALE)) as conn:
        have = conn.execute("SELECT count(*) FROM auth_user WHERE username = %s", [ADMIN]).fetchone()
    if not have or not have[0]:
        manage({**env, "STAFF_PASSWORD": PASSWORD}, "create_staff", ADMIN, "--role", "support_admin")
        manage({**env, "STAFF_PASSWORD": PASSWORD}, "create_staff", SERVICE, "--role", "service")
    with psycopg.connect(database_url(SCALE), autocommit=True) as conn:
        learners = conn.execute("SELECT count(*) FROM auth_user WHERE username LIKE 'bml_%%'").fetchone()
        if not learners or learners[0] < LEARNERS:
            conn.execute(
                "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, "
                "is_active, date_joined) SELECT '!', false, 'bml_' || g, '', '', '', false, true, now() "
                "FROM generate_series(1, %s) g",
                [LEARNERS],
            )
        seed_events(conn)


def seed_events(conn: psycopg.Connection) -> None:
    """1M client errors over the last 7 days in 200 groups, with their hourly rollups (as ingestion keeps them)."""
    have = conn.execute("SELECT count(*) FROM monitoring_erroreventrow").fetchone()
    if have and have[0] >= EVENTS:
        return
    print("seeding 1,000,000 error events", flush=True)
    conn.execute(
        "INSERT INTO monitoring_errorgrouprow (fingerprint, source, title, culprit, error_type, status, first_seen, "
        "last_seen, count, users) SELECT 'bench-' || g, 'client', 'TypeError: bench ' || g, 'f (app.js)', "
        "'TypeError', 'unresolved', now() - interval '8 days', now(), 0, 0 FROM generate_series(1, 200) g "
        "ON CONFLICT DO NOTHING"
    )
    conn.execute(
        "INSERT INTO monitoring_erroreventrow (group_id, at, source, user_id, session_id, message, error_type, frames, "
        "url, release, browser, breadcrumbs, component) SELECT g.id, now() - (random() * interval '7 days'), "
        "'client', 1 + (random() * 9999)::int, (random() * 100000)::int, 'bench', 'TypeError', '[]', '/c', 'r1', "
        "'Chrome', '[]', '/courses/:id' FROM generate_series(1, %s) n "
        "JOIN monitoring_errorgrouprow g ON g.fingerprint = 'bench-' || (1 + n %% 200)",
        [EVENTS],
    )
    conn.execute(
        "INSERT INTO monitoring_grouphour (group_id, hour, count) SELECT group_id, date_trunc('hour', at), count(*) "
        "FROM monitoring_erroreventrow GROUP BY 1, 2 ON CONFLICT (group_id, hour) DO NOTHING"
    )
    conn.execute("VACUUM (ANALYZE) monitoring_erroreventrow")
    conn.execute("VACUUM (ANALYZE) monitoring_grouphour")


def token(base: str, username: str) -> str:
    answer = httpx.post(f"{base}/api/auth/login", json={"username": username, "password": PASSWORD}, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["token"])


def batch(users: list[int], n: int) -> list[dict[str, object]]:
    at = datetime.now(UTC).isoformat()
    items: list[dict[str, object]] = []
    for i in range(100):
        user, session = users[(n * 25 + i // 4) % len(users)], f"bench-{n}-{i // 4}"
        kind = ("heartbeat", "page_view", "performance", "client_error")[i % 4]
        item: dict[str, object] = {"kind": kind, "session_id": session, "at": at, "user_id": user}
        if kind in ("heartbeat", "page_view"):
            item.update(url=f"https://learn.example.com/courses/{i}", title="Course")
        elif kind == "performance":
            item.update(page_load_ms=900 + i, api_calls=[{"route": "/api/courses/{id}", "duration_ms": 120}])
        else:
            item.update(
                message=f"x{i} is undefined",
                type="TypeError",
                stack=[{"filename": "/static/app.js", "function": f"f{i % 7}", "lineno": 1, "in_app": True}],
            )
        items.append(item)
    return items


def ingestion(base: str, service: str, users: list[int], batches: int) -> tuple[float, Stats]:
    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {service}"}, timeout=60)
    payloads = [batch(users, n) for n in range(batches)]

    def send(items: list[dict[str, object]]) -> float:
        started = time.perf_counter()
        answer = client.post("/api/telemetry/", json={"items": items})
        if answer.status_code != 200 or answer.json()["accepted"] != 100:
            raise SystemExit(f"telemetry -> {answer.status_code}: {answer.text[:300]}")
        return (time.perf_counter() - started) * 1000

    for p in payloads[:5]:
        send(p)
    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        samples = list(pool.map(send, payloads[5:]))
    return (batches - 5) * 100 / (time.perf_counter() - started), Stats(tuple(samples))


def online_sessions(base: str, admin: str, requests: int) -> tuple[Stats, Stats]:
    with psycopg.connect(database_url(SCALE), autocommit=True) as conn:
        conn.execute("DELETE FROM monitoring_monitoredsession WHERE key LIKE 'online-%%'")
        conn.execute(
            "INSERT INTO monitoring_monitoredsession (key, user_id, started_at, last_seen_at, last_heartbeat_at, url, "
            "title, visible, browser, browser_version, os, os_version, device, hints, page_views, errors, slow_calls, "
            "slow_pages, rage_clicks, cache_hits, cache_misses, replay_bytes, health) SELECT 'online-' || g, "
            "u.id, now() - interval '10 minutes', now(), now() - (random() * interval '5 seconds'), '/c', 'C', true, "
            "'Chrome', '120', 'Windows', '10', 'Other', '{}', 1, 0, 0, 0, 0, 0, 0, 0, 100 "
            "FROM generate_series(1, %s) g JOIN auth_user u ON u.username = 'bml_' || g",
            [ONLINE],
        )
        conn.execute("ANALYZE monitoring_monitoredsession")
    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=60)

    def timed(params: dict[str, str]) -> float:
        started = time.perf_counter()
        answer = client.get("/api/monitoring/sessions/", params=params)
        if answer.status_code != 200:
            raise SystemExit(f"sessions -> {answer.status_code}: {answer.text[:300]}")
        return (time.perf_counter() - started) * 1000

    for _ in range(10):
        timed({"online": "true"})
    online = Stats(tuple(timed({"online": "true", "limit": "50"}) for _ in range(requests)))
    offline = Stats(tuple(timed({"online": "false", "browser": "Chrome", "limit": "50"}) for _ in range(requests // 4)))
    return online, offline


def pulse_latency(base: str, admin: str, service: str, user: int, trials: int) -> Stats:
    arrivals: queue.Queue[float] = queue.Queue()
    opened = threading.Event()

    def listen() -> None:
        with (
            httpx.Client(timeout=httpx.Timeout(10, read=120)) as c,
            c.stream(
                "GET", f"{base}/events/?channel=monitoring", headers={"Authorization": f"Bearer {admin}"}
            ) as stream,
        ):
            kind = ""
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    kind = line[6:].strip()
                    opened.set() if kind == "stream-open" else None
                elif line.startswith("data:") and kind == "monitoring.pulse" and json.loads(line[5:])["online"] > 0:
                    arrivals.put(time.perf_counter())

    threading.Thread(target=listen, daemon=True).start()
    opened.wait(30)
    samples = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {service}"}, timeout=30) as poster:
        for n in range(trials):
            time.sleep(5.5)  # past the last pulse's 5-second window
            while not arrivals.empty():
                arrivals.get()
            started = time.perf_counter()
            at = datetime.now(UTC).isoformat()
            item = {
                "kind": "heartbeat",
                "session_id": f"pulse-{n}-{secrets.token_hex(3)}",
                "at": at,
                "url": "/c",
                "user_id": user,
            }
            poster.post("/api/telemetry/", json={"items": [item]}).raise_for_status()
            samples.append((arrivals.get(timeout=30) - started) * 1000)
    return Stats(tuple(samples))


def detection(env: dict[str, str], runs: int) -> Stats:
    setup_django(env)
    from datetime import timedelta

    from entrypoints.bootstrap import container

    monitoring = container().monitoring
    samples = []
    for _ in range(runs):
        now = monitoring.telemetry.clock.now()
        started = time.perf_counter()
        book = monitoring.detection.rulebook.effective()  # the rules in force, read each run as detection does
        monitoring.detection.findings(now, now - timedelta(minutes=1), book)
        samples.append((time.perf_counter() - started) * 1000)
    return Stats(tuple(samples))


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    env = django_env(SCALE, var_dir, secrets.token_urlsafe(50))
    prepare(env)
    with psycopg.connect(database_url(SCALE)) as conn:
        users = [r[0] for r in conn.execute("SELECT id FROM auth_user WHERE username LIKE 'bml_%%' ORDER BY id")]
    with server({**env, "WEB_CONCURRENCY": "1"}, var_dir / "server.log") as base:
        admin, service = token(base, ADMIN), token(base, SERVICE)
        rate, batch_ms = ingestion(base, service, users, 125)
        online, offline = online_sessions(base, admin, 200)
        pulse = pulse_latency(base, admin, service, users[0], 5)
    detect = detection(env, 5)
    print(f"\n## Monitoring benchmark ({platform.processor() or platform.machine()}, PostgreSQL {SCALE.database})")
    print("| measure | p50 | p95 | figure | target |\n| --- | --- | --- | --- | --- |")
    rows = [
        ("ingestion, batches of 100, 4 senders", batch_ms, f"{rate:,.0f} items/s", ">= 2,000 items/s"),
        (
            f"sessions?online=true, {ONLINE:,} online",
            online,
            f"p95 ratio to online=false {online.p95 / offline.p95:.2f}",
            "p95 <= 100 ms",
        ),
        ("heartbeat -> pulse at an SSE subscriber", pulse, f"max {max(pulse.samples_ms):.0f} ms", "<= 5 s"),
        (f"detection over {EVENTS:,} events", detect, f"max {max(detect.samples_ms):.0f} ms", "<= 2 s"),
    ]
    for name, stats, figure, target in rows:
        print(f"| {name} | {stats.p50:.1f} ms | {stats.p95:.1f} ms | {figure} | {target} |")


if __name__ == "__main__":
    main()
