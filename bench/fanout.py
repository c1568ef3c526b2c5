"""Real time at scale: one ticket update reaching 500 SSE subscribers spread over 4 web processes (part of
`make bench`).

    .venv/bin/python bench/fanout.py [--subscribers 500] [--processes 4] [--events 100]

Production settings, PostgreSQL (the load benchmark's database: bench/load.py seeds it), a Redis of its own,
`manage.py run_worker`, and --processes web processes (`python -m config.web`, one worker each, on ports of their
own, so that the spread is exact: subscriber i listens on process i mod N, each on the `tickets` channel with an
agent's bearer token). An agent then posts an internal note every --interval seconds; each note commits a new
ticket version, published through Redis to every process. For each note the benchmark records when it was sent
and when each subscriber received the event carrying that version; "send -> last" is the time until the last of
the subscribers had it (it includes the write's own handling before its commit, so it overstates commit -> last
client by a few milliseconds). The subscribers run in one asyncio process (uvloop), reading raw sockets.

Needs redis-server; PostgreSQL as for bench/load.py."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import uvloop
from load import SCALE, free_port, log_in_agents, need, prepare, process, production_env, save, wait_http
from prepare import database_url, manage, server_facts

TARGET_P95_MS = 100.0
DATA = re.compile(rb"^data: (.*)$", re.MULTILINE)


@dataclass
class Board:
    """Who received which version of the benchmark's ticket, and when (perf_counter seconds)."""

    ticket: int
    subscribers: int
    seen: dict[int, list[float]] = field(default_factory=dict)
    ready: int = 0
    arrived: dict[int, asyncio.Event] = field(default_factory=dict)

    def receive(self, version: int, at: float) -> None:
        times = self.seen.setdefault(version, [])
        times.append(at)
        if len(times) == self.subscribers and version in self.arrived:
            self.arrived[version].set()


async def subscribe(board: Board, port: int, token: str, connected: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /events/?channel=tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\nX-Forwarded-Proto: https\r\n\r\n".encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"subscription refused: {head[:200]!r}")
    board.ready += 1
    if board.ready == board.subscribers:
        connected.set()
    pending = b""  # an event split across two reads is matched when its end arrives
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        now = time.perf_counter()
        *events, pending = (pending + chunk).split(b"\n\n")
        for match in DATA.finditer(b"\n".join(events)):
            data = json.loads(match.group(1))
            if isinstance(data, dict) and data.get("id") == board.ticket and "version" in data:
                board.receive(int(data["version"]), now)


@dataclass(frozen=True)
class Sample:
    write_ms: float
    first_ms: float
    last_ms: float


async def subscribers(
    ports: list[int], tokens: list[str], ticket: int, count: int
) -> tuple[Board, list[asyncio.Task[None]]]:
    """`count` subscribers spread over the ports in turn, all connected when this returns."""
    board, connected = Board(ticket, count), asyncio.Event()
    tasks = [
        asyncio.create_task(subscribe(board, ports[i % len(ports)], tokens[i % len(tokens)], connected))
        for i in range(count)
    ]
    await asyncio.wait_for(connected.wait(), 120)
    return board, tasks


async def run(ports: list[int], tokens: list[str], ticket: int, args: argparse.Namespace) -> list[Sample]:
    board, tasks = await subscribers(ports, tokens, ticket, args.subscribers)
    samples: list[Sample] = []
    headers = {"Authorization": f"Bearer {tokens[0]}", "X-Forwarded-Proto": "https"}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[0]}", headers=headers, timeout=30) as client:
        for n in range(args.events + args.warmup):
            sent = time.perf_counter()
            r = await client.post(
                f"/api/support/tickets/{ticket}/updates/",
                json={"update_type": "internal_note", "content": f"fan-out check {n}"},
            )
            answered = time.perf_counter()
            if r.status_code != 201:
                raise SystemExit(f"the note was refused: {r.status_code} {r.text[:300]}")
            version = int(r.json()["ticket_version"])  # the version the note's ticket.updated carries
            board.arrived[version] = event = asyncio.Event()
            if len(board.seen.get(version, [])) >= args.subscribers:
                event.set()
            try:
                await asyncio.wait_for(event.wait(), 10)
            except TimeoutError:
                got = len(board.seen.get(version, []))
                raise SystemExit(f"version {version} reached {got} of {args.subscribers} subscribers in 10 s") from None
            times = board.seen[version]
            if n >= args.warmup:
                samples.append(Sample((answered - sent) * 1000, (min(times) - sent) * 1000, (max(times) - sent) * 1000))
            await asyncio.sleep(args.interval)
    for task in tasks:
        task.cancel()
    return samples


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(samples: list[Sample], args: argparse.Namespace) -> str:
    last = [s.last_ms for s in samples]
    rows = [
        ("write answered (POST .../updates/)", [s.write_ms for s in samples]),
        ("send -> first subscriber", [s.first_ms for s in samples]),
        ("send -> last subscriber", last),
    ]
    lines = [
        f"# SSE fan-out benchmark: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/fanout.py --subscribers {args.subscribers} --processes {args.processes} "
        f"--events {args.events}`",
        f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"{server_facts(SCALE)}; subscribers, PostgreSQL, Redis and the product on the same machine.",
        f"- Set-up: production settings, {args.processes} web processes (python -m config.web, one worker each), "
        f"run_worker, Redis; {args.subscribers} subscribers of `tickets`, {args.subscribers // args.processes} per "
        f"process; {args.events} internal notes, one every {args.interval:.2f} s (after {args.warmup} warm-up notes). "
        "Milliseconds.",
        "",
        "| measure | p50 | p95 | p99 | max |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, values in rows:
        lines.append(
            f"| {name} | {pct(values, 50):.1f} | {pct(values, 95):.1f} | {pct(values, 99):.1f} | {max(values):.1f} |"
        )
    ok = pct(last, 95) <= TARGET_P95_MS
    lines += ["", f"Target: send -> last subscriber p95 <= {TARGET_P95_MS:.0f} ms {'PASS' if ok else 'MISS'}", ""]
    return "\n".join(lines)


class Redis:
    """A redis-server of the benchmark's own on a spare port, which it may stop and start again."""

    def __init__(self, binary: str, log: Path):
        self.port, self.log = free_port(), log
        self.command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def start_product(stack: ExitStack, tmp: Path, processes: int) -> tuple[Redis, list[int]]:
    """Prepare the load database, then start a Redis of our own, run_worker and `processes` web processes of one
    worker each, on ports of their own (returned); `stack` stops them all."""
    redis = Redis(need("redis-server", "redis-server"), tmp / "redis.log")
    env = production_env(redis.url, tmp)
    manage(env, "collectstatic", "--noinput", "-v0")
    prepare(env)
    redis.start()
    stack.callback(redis.stop)
    stack.enter_context(process([sys.executable, "manage.py", "run_worker"], env, tmp / "worker.log"))
    ports = [free_port() for _ in range(processes)]
    for i, port in enumerate(ports):
        web_env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"}
        stack.enter_context(process([sys.executable, "-m", "config.web"], web_env, tmp / f"web-{i}.log"))
    for i, port in enumerate(ports):
        wait_http(f"http://127.0.0.1:{port}/api/health", tmp / f"web-{i}.log")
    return redis, ports


def an_open_ticket() -> int:
    with psycopg.connect(database_url(SCALE)) as conn:
        row = conn.execute("SELECT min(id) FROM support_supportticket WHERE status = 'open'").fetchone()
    if row is None or row[0] is None:
        raise SystemExit("no open ticket to comment on")
    return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp, ExitStack() as stack:
        _, ports = start_product(stack, Path(tmp), args.processes)
        tokens = log_in_agents(f"http://127.0.0.1:{ports[0]}", count=20)
        samples = uvloop.run(run(ports, tokens, an_open_ticket(), args))
    save("fanout", report(samples, args))


if __name__ == "__main__":
    main()
