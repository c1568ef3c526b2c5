"""A Redis outage under production settings (part of `make bench`): writes stay fast, no event is lost.

    .venv/bin/python bench/outage.py [--outage 5] [--subscribers 20]

Two web processes (`python -m config.web`, one worker each), `manage.py run_worker`, PostgreSQL (bench/load.py's
database) and a Redis of this benchmark's own. Subscribers listen on the `tickets` channel, half on each process.
An agent posts internal notes on one ticket: 20 before the outage, then Redis is stopped for --outage seconds
while notes keep coming (one every 0.1 s), then Redis starts again on the same port and 20 more notes follow.
Each note is a new ticket version; the benchmark prints the write latency in each phase, what /api/health said,
and whether every subscriber received every version, with the time from Redis's restart to the last delivery.

Needs redis-server; PostgreSQL as for bench/load.py."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvloop
from fanout import Redis, an_open_ticket, start_product, subscribers
from load import SCALE, log_in_agents, save
from prepare import server_facts

PHASE_WRITES = 20


async def health(client: httpx.AsyncClient, port: int) -> str:
    r = await client.get(f"http://127.0.0.1:{port}/api/health")
    c = r.json()["components"]
    return f"{r.status_code} {r.json()['status']} (redis {c.get('redis')}, event_stream {c.get('event_stream')})"


async def run(
    ports: list[int], tokens: list[str], ticket: int, redis: Redis, args: argparse.Namespace
) -> dict[str, Any]:
    board, tasks = await subscribers(ports, tokens, ticket, args.subscribers)
    headers = {"Authorization": f"Bearer {tokens[0]}", "X-Forwarded-Proto": "https"}
    out: dict[str, Any] = {"latency": {}, "health": {}}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[0]}", headers=headers, timeout=30) as client:
        first = int((await client.get(f"/api/support/tickets/{ticket}/")).json()["version"]) + 1

        async def write(n: int) -> float:
            started = time.perf_counter()
            note = {"update_type": "internal_note", "content": f"outage {n}"}
            r = await client.post(f"/api/support/tickets/{ticket}/updates/", json=note)
            if r.status_code != 201:
                raise SystemExit(f"a note was refused: {r.status_code} {r.text[:300]}")
            return (time.perf_counter() - started) * 1000

        async def phase(name: str, count: int, seconds: float = 0) -> None:
            started, times = time.monotonic(), list[float]()
            while len(times) < count or time.monotonic() - started < seconds:
                times.append(await write(sum(len(v) for v in out["latency"].values()) + len(times)))
                await asyncio.sleep(0.1)
            out["latency"][name] = times

        await phase("before the outage", PHASE_WRITES)
        out["health"]["before"] = await health(client, ports[1])
        redis.stop()
        await phase("Redis down", PHASE_WRITES, args.outage)
        out["health"]["during"] = await health(client, ports[1])
        redis.start()
        restarted = time.perf_counter()
        await phase("after the restart", PHASE_WRITES)
        written = sum(len(v) for v in out["latency"].values())
        versions = range(first, first + written)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(len(board.seen.get(v, [])) >= args.subscribers for v in versions):
            await asyncio.sleep(0.05)
        out["health"]["after"] = await health(client, ports[1])
    for task in tasks:
        task.cancel()
    during = versions[len(out["latency"]["before the outage"]) :][: len(out["latency"]["Redis down"])]
    out["expected"] = written * args.subscribers
    out["delivered"] = sum(min(len(board.seen.get(v, [])), args.subscribers) for v in versions)
    complete = [v for v in during if len(board.seen.get(v, [])) >= args.subscribers]
    out["recovered_ms"] = (max(max(board.seen[v]) for v in complete) - restarted) * 1000 if complete else None
    return out


def report(out: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        f"# Redis outage benchmark: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/outage.py --outage {args.outage} --subscribers {args.subscribers}`",
        f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"{server_facts(SCALE)}.",
        f"- Set-up: production settings, 2 web processes, run_worker, Redis stopped for {args.outage} s; "
        f"{args.subscribers} subscribers of `tickets` (half on each process); internal notes one every 0.1 s.",
        "",
        "| phase | notes written | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, times in out["latency"].items():
        q = statistics.quantiles(times, n=20, method="inclusive")
        lines.append(f"| {name} | {len(times)} | {statistics.median(times):.1f} | {q[18]:.1f} | {max(times):.1f} |")
    lines += ["", "/api/health on the second process:", ""]
    lines += [f"- {when}: {said}" for when, said in out["health"].items()]
    lost = out["expected"] - out["delivered"]
    lines += [
        "",
        f"Delivered: {out['delivered']} of {out['expected']} (note, subscriber) pairs"
        + (
            f"; the notes written while Redis was down reached every subscriber {out['recovered_ms']:.0f} ms after "
            "Redis restarted."
            if out["recovered_ms"] is not None and lost == 0
            else "."
        ),
        "",
        f"Targets: nothing lost {'PASS' if lost == 0 else 'MISS'}; writes during the outage within 100 ms of before "
        + (
            "PASS"
            if statistics.quantiles(out["latency"]["Redis down"], n=20)[18]
            <= statistics.quantiles(out["latency"]["before the outage"], n=20)[18] + 100
            else "MISS"
        ),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage", type=float, default=5.0)
    parser.add_argument("--subscribers", type=int, default=20)
    parser.add_argument("--logs", type=Path, help="keep the web processes', the worker's and Redis's logs here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-outage-") as tmp_name, ExitStack() as stack:
        tmp = Path(tmp_name)
        redis, ports = start_product(stack, tmp, 2)
        tokens = log_in_agents(f"http://127.0.0.1:{ports[0]}", count=4)
        out = uvloop.run(run(ports, tokens, an_open_ticket(), redis, args))
        stack.close()
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            for log in tmp.glob("*.log"):
                shutil.copy(log, args.logs / log.name)
    save("outage", report(out, args))


if __name__ == "__main__":
    main()
