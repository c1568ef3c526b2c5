"""Support-desk benchmark on PostgreSQL: 200,000 tickets and about 2,000,000 updates, through HTTP.

Measures queue pages, ticket creation, 90-day analytics, and the time from an update's commit to its
arrival at 50 SSE subscribers. Run: `.venv/bin/python bench/support.py [--requests K]` (part of `make bench`).
"""

from __future__ import annotations

import argparse
import json
import platform
import queue
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from measure import Api, Stats, server
from prepare import ROOT, Scale, database_url, django_env, manage, prepare_database, server_url

SCALE = Scale("support", 20_000, 2)
TICKETS, UPDATES_PER_TICKET = 200_000, 10
STAFF, PASSWORD = "bench_support_admin", "amber-kettle-violet-dune-4406"  # nothing of the username in it
SUBSCRIBERS = 50


def seed_tickets(env: dict[str, str]) -> float | None:
    with psycopg.connect(database_url(SCALE)) as conn:
        have = conn.execute("SELECT count(*) FROM support_supportticket").fetchone()
    if have and have[0] >= TICKETS:
        return None
    started = time.perf_counter()
    print(
        manage(
            env,
            "seed_demo",
            "--tickets-only",
            "--tickets",
            str(TICKETS),
            "--updates-per-ticket",
            str(UPDATES_PER_TICKET),
            "--seed",
            "42",
        ),
        flush=True,
    )
    with psycopg.connect(database_url(SCALE), autocommit=True) as conn:
        for table in ("support_supportticket", "support_supportticketupdate", "support_tickettag"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - started


def ensure_staff(env: dict[str, str]) -> None:
    with psycopg.connect(database_url(SCALE)) as conn:
        if conn.execute("SELECT 1 FROM auth_user WHERE username = %s", [STAFF]).fetchone():
            return
    manage({**env, "STAFF_PASSWORD": PASSWORD}, "create_staff", STAFF, "--role", "support_admin")


@dataclass(frozen=True)
class Facts:
    tickets: int
    updates: int
    agent: int
    learners: list[int]
    ticket: int  # the newest ticket
    open_ticket: int  # the newest ticket neither resolved nor closed (a closed one refuses notes: 409)


def facts() -> Facts:
    with psycopg.connect(database_url(SCALE)) as conn:

        def one(query: str) -> int:
            row = conn.execute(query).fetchone()
            return int(row[0]) if row and row[0] is not None else 0

        learners = conn.execute("SELECT user_id FROM accounts_userprofile ORDER BY user_id LIMIT 500 OFFSET 100")
        return Facts(
            tickets=one("SELECT count(*) FROM support_supportticket"),
            updates=one("SELECT count(*) FROM support_supportticketupdate"),
            agent=one("SELECT user_id FROM support_teammember ORDER BY user_id LIMIT 1"),
            learners=[int(r[0]) for r in learners.fetchall()],
            ticket=one("SELECT max(id) FROM support_supportticket"),
            open_ticket=one("SELECT max(id) FROM support_supportticket WHERE status NOT IN ('resolved', 'closed')"),
        )


def timed(client: httpx.Client, method: str, path: str, **kw: object) -> float:
    started = time.perf_counter()
    response = client.request(method, path, **kw)  # type: ignore[arg-type]
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code >= 400:
        raise SystemExit(f"{method} {path} -> {response.status_code}: {response.text[:400]}")
    return elapsed


def repeat(k: int, warmup: int, run: Callable[[int], float]) -> Stats:
    """`warmup` untimed calls, then `k` timed ones; `run` gets the repetition index."""
    for i in range(warmup):
        run(i)
    return Stats(tuple(run(i) for i in range(warmup, warmup + k)))


def queue_lines(c: httpx.Client, f: Facts, k: int, warmup: int) -> list[tuple[str, Stats]]:
    q = "/api/support/tickets/"
    lines: list[tuple[str, dict[str, Any]]] = [
        ("queue: default order, first page", {}),
        ("queue: status=open&status=in_progress", {"status": ["open", "in_progress"]}),
        ("queue: assigned_to=<agent>", {"assigned_to": str(f.agent)}),
        ("queue: sla_state=breached", {"sla_state": "breached"}),
        ("queue: team=technical&priority=high", {"team": "technical", "priority": "high"}),
        ("queue: q=refund", {"q": "refund"}),
        ("queue: tags=vip&status=open", {"tags": "vip", "status": "open"}),
    ]

    def get_with(params: dict[str, Any]) -> Callable[[int], float]:
        return lambda i: timed(c, "GET", q, params=params)

    out = [(name, repeat(k, warmup, get_with(params))) for name, params in lines]
    cursor, samples = None, []
    for _ in range(20):
        started = time.perf_counter()
        page = c.get(q, params={"cursor": cursor} if cursor else {})
        samples.append((time.perf_counter() - started) * 1000)
        cursor = page.json()["next_cursor"]
    out.append(("queue: 20 cursor follows, per page", Stats(tuple(samples))))
    return out


def sse_latency(base: str, token: str, ticket: int, posts: int) -> tuple[Stats, Stats]:
    """50 subscribers on ticket-<id>; each post's internal note, timed from the POST's start (an upper
    bound of the time from commit) and from its response (the commit happened before it)."""
    arrivals: queue.Queue[tuple[str, float]] = queue.Queue()
    opened = threading.Barrier(SUBSCRIBERS + 1, timeout=60)
    stop = threading.Event()

    def listen() -> None:
        with (
            httpx.Client(timeout=httpx.Timeout(10, read=60)) as client,
            client.stream(
                "GET", f"{base}/events/?channel=ticket-{ticket}", headers={"Authorization": f"Bearer {token}"}
            ) as stream,
        ):
            kind = ""
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    kind = line[6:].strip()
                    if kind == "stream-open":
                        opened.wait()
                elif line.startswith("data:") and kind == "ticket.update_added":
                    data = json.loads(line[5:])
                    arrivals.put((data["update"]["content"], time.perf_counter()))
                if stop.is_set():
                    return

    threads = [threading.Thread(target=listen, daemon=True) for _ in range(SUBSCRIBERS)]
    for t in threads:
        t.start()
    opened.wait()
    from_start, from_reply = [], []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as poster:
        for n in range(posts):
            text = f"bench note {n} {secrets.token_hex(4)}"
            started = time.perf_counter()
            posted = poster.post(
                f"/api/support/tickets/{ticket}/updates/", json={"update_type": "internal_note", "content": text}
            )
            replied = time.perf_counter()
            if posted.status_code != 201:  # no event follows a refused post: say why instead of timing out
                stop.set()
                raise SystemExit(f"POST to ticket {ticket} -> {posted.status_code}: {posted.text[:400]}")
            got = 0
            while got < SUBSCRIBERS:
                content, at = arrivals.get(timeout=10)
                if content == text:
                    got += 1
                    from_start.append((at - started) * 1000)
                    from_reply.append((at - replied) * 1000)
    stop.set()
    return Stats(tuple(from_start)), Stats(tuple(from_reply))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--posts", type=int, default=20, help="updates sent to the 50 SSE subscribers")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-support-"))
    env = django_env(SCALE, var_dir, secrets.token_urlsafe(32))
    seeded_learners = prepare_database(SCALE, env)
    seeded = seed_tickets(env)
    ensure_staff(env)
    f = facts()
    rows: list[tuple[str, Stats, str]] = []
    with server(env, var_dir / "server.log") as base:
        api = Api(base, STAFF, PASSWORD)
        c = api.client
        for name, stats in queue_lines(c, f, args.requests, args.warmup):
            rows.append((name, stats, "p95<100 " + ("PASS" if stats.p95 < 100 else "MISS")))
        learners = f.learners
        create = repeat(
            args.requests,
            args.warmup,
            lambda i: timed(
                c,
                "POST",
                "/api/support/tickets/",
                json={
                    "title": f"Bench ticket {i}",
                    "description": "The video player shows an error.",
                    "user_id": learners[i % len(learners)],
                },
            ),
        )
        rows.append(("ticket create (POST)", create, "p95<50 " + ("PASS" if create.p95 < 50 else "MISS")))
        detail = repeat(args.requests, args.warmup, lambda i: timed(c, "GET", f"/api/support/tickets/{f.ticket - i}/"))
        rows.append(("ticket detail (GET)", detail, ""))
        end = datetime.now(UTC)
        window = {"from": (end - timedelta(days=90)).isoformat(), "to": end.isoformat(), "group_by": "week"}
        analytics = repeat(
            max(5, args.requests // 6), 1, lambda i: timed(c, "GET", "/api/support/analytics/", params=window)
        )
        rows.append(("analytics, 90 days by week", analytics, "<500 " + ("PASS" if analytics.p95 < 500 else "MISS")))
        token = str(c.headers["Authorization"]).split(" ", 1)[1]
        if not f.open_ticket:
            raise SystemExit("no open ticket to post to: every seeded ticket is resolved or closed")
        start, reply = sse_latency(base, token, f.open_ticket, args.posts)
        rows.append(
            (
                f"SSE: POST start -> {SUBSCRIBERS} subscribers",
                start,
                "p95<200 " + ("PASS" if start.p95 < 200 else "MISS"),
            )
        )
        rows.append((f"SSE: POST response -> {SUBSCRIBERS} subscribers", reply, ""))
        api.close()
    lines = [
        f"# Support-desk benchmark: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/support.py --requests {args.requests} --warmup {args.warmup} "
        f"--posts {args.posts}`",
        f"- Machine: 2 CPUs, {platform.platform()}, Python {platform.python_version()}; PostgreSQL at {server_url()}",
        f"- Data ({SCALE.database}): {f.tickets:,} tickets, {f.updates:,} updates, {SCALE.users:,} learners"
        + (f"; tickets seeded in {seeded:.0f} s" if seeded else "; reused")
        + (f"; learners seeded in {seeded_learners:.0f} s" if seeded_learners else ""),
        "- HTTP through uvicorn (one process), one keep-alive client, sequential; milliseconds, nearest-rank.",
        "",
        "| request | p50 | p95 | p99 | n | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *[f"| {n} | {s.p50:.1f} | {s.p95:.1f} | {s.p99:.1f} | {len(s.samples_ms)} | {t} |" for n, s, t in rows],
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "support.md").write_text(text)


if __name__ == "__main__":
    main()
