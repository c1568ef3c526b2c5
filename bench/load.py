"""The support desk under load, as the README's scale-out runs it (part of `make bench`).

    .venv/bin/python bench/load.py [--seconds 60] [--clients 20,200] [--workers N] [--threads N]

Production settings, `python -m config.web` (the Dockerfile's command: one uvicorn worker per CPU by default, two
request threads each), `manage.py run_worker`, a Redis of its own and
PostgreSQL with 20,000 learners (10 activity rows each) and 2,000 tickets. For each client count, wrk keeps that many
agents busy for --seconds (a closed loop: each sends its next request as soon as the last one answered): half
ticket-queue pages, half profile searches, each request with one of 200 agents' bearer tokens. Meanwhile
pg_stat_activity is sampled four times a second for connections in use and connections waiting on a lock.
Then the per-request floor: one connection, sequential, GET /api/health and GET /api/users/profiles/{id}/ for
learners with about ten activity rows.

Needs wrk (`apt-get install wrk`; installed here when missing and apt-get is at hand) and redis-server; PostgreSQL as
for bench/run.py (BENCH_PG_URL, else DATABASE_URL's server, else postgres://postgres@127.0.0.1:5432)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from prepare import ROOT, Scale, database_url, manage, prepare_database, server_facts, vacuum_if_never

SCALE = Scale("load", 20_000, 10)
TICKETS = 2_000
AGENTS = 200
PASSWORD = "bench-load-Passw0rd-5522"  # noqa: S105  (benchmark accounts on a benchmark database)
BASELINE_RPS = 81.0  # the measurement of the old code at 200 agents (p95 6.6 s)
TARGET_P95_MS, TARGET_RPS = 1000.0, 1.5 * BASELINE_RPS
TARGET_FLOOR_MS = 10.0
RESULTS = ROOT / "bench" / "results"
AGENTS_SCRIPT = """
import django, os, sys
django.setup()
from django.contrib.auth.models import Group, User
group, _ = Group.objects.get_or_create(name="support_agent")
have = set(User.objects.filter(username__startswith="load_agent_").values_list("username", flat=True))
for i in range(int(sys.argv[1])):
    name = f"load_agent_{i}"
    if name not in have:
        user = User.objects.create_user(name, f"{name}@example.com", os.environ["AGENT_PASSWORD"], is_staff=True)
        user.groups.add(group)
"""


def save(name: str, text: str) -> None:
    """Print a report and keep it in bench/results/NAME.md (git-ignored)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text(text)
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def need(binary: str, package: str) -> str:
    found = shutil.which(binary)
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print(f"{binary} is missing: apt-get install {package}", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=False, capture_output=True)
        found = shutil.which(binary)
    if not found:
        raise SystemExit(f"this benchmark needs {binary}: apt-get install {package}")
    return found


def production_env(redis_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_JSON", "HUEY_IMMEDIATE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(SCALE),
        REDIS_URL=redis_url,
        AUDIT_CHAIN_KEY="bench-load-audit-key-not-secret-0123456789",  # stable: the database keeps its entries
        VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        LOG_LEVEL="INFO",
    )
    return env


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_http(url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, headers={"X-Forwarded-Proto": "https"}, timeout=2).status_code in (200, 503):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer:\n{log.read_text()[-3000:]}")


def prepare(env: dict[str, str]) -> float | None:
    seeded = prepare_database(SCALE, env)
    with psycopg.connect(database_url(SCALE)) as conn:
        row = conn.execute("SELECT count(*) FROM support_supportticket").fetchone()
    if not row or row[0] < TICKETS:
        started = time.perf_counter()
        print(manage(env, "seed_demo", "--tickets-only", "--tickets", str(TICKETS), "--seed", "42"), flush=True)
        seeded = (seeded or 0) + time.perf_counter() - started
    vacuum_if_never(SCALE)
    with psycopg.connect(database_url(SCALE), autocommit=True) as conn:  # autovacuum may be off (it is here)
        for table in ("support_supportticket", "support_tickettag"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
    agent_env = {**env, "AGENT_PASSWORD": PASSWORD}
    subprocess.run([sys.executable, "-c", AGENTS_SCRIPT, str(AGENTS)], cwd=ROOT, env=agent_env, check=True)
    return seeded


def request_paths(rng: random.Random) -> list[str]:
    """Half queue pages, half profile searches, varied as agents vary them."""
    with psycopg.connect(database_url(SCALE)) as conn:
        names = [r[0] for r in conn.execute("SELECT last_name FROM auth_user WHERE length(last_name) >= 4 LIMIT 2000")]
        firsts = [
            r[0] for r in conn.execute("SELECT first_name FROM auth_user WHERE length(first_name) >= 4 LIMIT 2000")
        ]
        words = [r[0].split()[0] for r in conn.execute("SELECT title FROM support_supportticket LIMIT 500")]
    queue = [
        "/api/support/tickets/?status=open",
        "/api/support/tickets/?status=open&status=in_progress",
        "/api/support/tickets/?status=pending_user",
        "/api/support/tickets/?assigned_to=me",
        "/api/support/tickets/?assigned_to=none&status=open",
        "/api/support/tickets/?priority=high",
        "/api/support/tickets/?priority=urgent&status=open",
        "/api/support/tickets/?sla_state=at_risk",
        "/api/support/tickets/?sla_state=breached",
        "/api/support/tickets/?team=general",
    ]
    queue += [f"/api/support/tickets/?q={w.lower()}" for w in words[:100]]
    searches = [f"/api/users/profiles/?q={n[:4].lower()}" for n in names[:400]]
    searches += [f"/api/users/profiles/?q={f[1:4].lower()}" for f in firsts[:200]]
    searches += [
        "/api/users/profiles/?status=active&sort=name",
        "/api/users/profiles/?status=suspended",
        "/api/users/profiles/?risk_min=70&sort=-risk_score",
        "/api/users/profiles/?inactive_days=30",
    ]
    n = 2000
    return [rng.choice(queue) for _ in range(n // 2)] + [rng.choice(searches) for _ in range(n // 2)]


def log_in_agents(base: str, count: int = AGENTS) -> list[str]:
    tokens = []
    with httpx.Client(base_url=base, timeout=60, headers={"X-Forwarded-Proto": "https"}) as client:
        for i in range(count):
            r = client.post("/api/auth/login", json={"username": f"load_agent_{i}", "password": PASSWORD})
            if r.status_code != 200:
                raise SystemExit(f"login of load_agent_{i} failed: {r.status_code} {r.text[:200]}")
            tokens.append(r.json()["token"])
    return tokens


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by each kind of process on the machine (Linux /proc; empty elsewhere)."""
    groups: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in (p for p in os.listdir("/proc") if p.isdigit()) if os.path.isdir("/proc") else []:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / tick
        kind = next((k for k, marks in CPU_GROUPS if any(m in cmd for m in marks)), "other")
        groups[kind] = groups.get(kind, 0.0) + used
    return groups


def children_cpu() -> float:
    """CPU seconds of this process's children that have exited and been waited for (wrk, once it is done)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU_GROUPS = [
    ("web", ("uvicorn", "multiprocessing")),
    ("worker", ("run_worker",)),
    ("postgres", ("postgres",)),
    ("redis", ("redis-server",)),
    ("wrk", ("wrk ",)),
]


@dataclass
class Sampler:
    """pg_stat_activity four times a second: connections of the benchmark database, and those waiting on a lock."""

    samples: list[tuple[int, int, int]] = field(default_factory=list)  # (connections, waiting on a lock, on audit)
    cpu: dict[str, float] = field(default_factory=dict)  # cores in use per kind of process, over the run
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with psycopg.connect(database_url(SCALE), autocommit=True) as conn:
            while not self._stop.wait(0.25):
                row = conn.execute(
                    "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock'), "
                    "count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%%audit%%') "
                    "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [SCALE.database],
                ).fetchone()
                if row:
                    self.samples.append((int(row[0]), int(row[1]), int(row[2])))

    def __enter__(self) -> Sampler:
        self._cpu, self._started, self._children = cpu_seconds(), time.monotonic(), children_cpu()
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        after, seconds = cpu_seconds(), time.monotonic() - self._started
        self.cpu = {k: (after.get(k, 0) - self._cpu.get(k, 0)) / seconds for k in after}  # cores in use
        # wrk has exited (and been waited for) by now: /proc no longer lists it, our children's total does
        self.cpu["wrk"] = (children_cpu() - self._children) / seconds

    def peak(self, i: int) -> int:
        return max((s[i] for s in self.samples), default=0)


@dataclass(frozen=True)
class Run:
    clients: int
    result: dict[str, float]
    connections: int
    lock_waits: int
    audit_lock_waits: int
    cpu: dict[str, float]

    def cpu_ms(self, kind: str) -> float:
        """CPU milliseconds per request spent in `kind` processes."""
        return self.cpu.get(kind, 0.0) * 1000 / self.rps

    @property
    def rps(self) -> float:
        return self.result["requests"] / self.result["seconds"]

    @property
    def errors(self) -> int:
        r = self.result
        return int(r["non_2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"])


def wrk(base: str, clients: int, seconds: int, paths: Path, tokens: Path) -> dict[str, float]:
    threads = str(min(2, clients))
    command = ["wrk", "-t", threads, "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s"]
    command += ["-s", str(ROOT / "bench" / "load.lua"), base, "--", str(paths), str(tokens)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    return dict(json.loads(line))


def load_run(base: str, clients: int, seconds: int, paths: Path, tokens: Path) -> Run:
    print(f"{clients} agents for {seconds} s ...", flush=True)
    with Sampler() as sampler:
        result = wrk(base, clients, seconds, paths, tokens)
    return Run(clients, result, sampler.peak(0), sampler.peak(1), sampler.peak(2), sampler.cpu)


def floor(base: str, token: str, seconds: int, tmp: Path) -> dict[str, dict[str, float]]:
    with psycopg.connect(database_url(SCALE)) as conn:
        light = [
            r[0]
            for r in conn.execute(
                "SELECT user_id FROM accounts_useractivitylog GROUP BY user_id HAVING count(*) BETWEEN 8 AND 12 "
                "ORDER BY md5(user_id::text) LIMIT 300"
            )
        ]
    out: dict[str, dict[str, float]] = {}
    for name, paths in (
        ("GET /api/health", ["/api/health"]),
        ("GET /api/users/profiles/{id}/", [f"/api/users/profiles/{uid}/" for uid in light]),
    ):
        file = tmp / f"floor-{len(out)}.txt"
        file.write_text("\n".join(paths))
        (tmp / "one-token.txt").write_text(token)
        wrk(base, 1, 3, file, tmp / "one-token.txt")  # warm-up
        out[name] = wrk(base, 1, seconds, file, tmp / "one-token.txt")
    return out


def report(runs: list[Run], floors: dict[str, dict[str, float]], seeded: float | None, args: argparse.Namespace) -> str:
    lines = [
        f"# Load benchmark: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/load.py --seconds {args.seconds} --clients "
        f"{','.join(map(str, args.clients))} --workers {args.workers} --threads {args.threads}`",
        f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"{server_facts(SCALE)}; wrk, PostgreSQL, Redis and the product on the same machine.",
        f"- Set-up: production settings, python -m config.web with WEB_CONCURRENCY={args.workers} and "
        f"WEB_THREADS={args.threads}, run_worker, Redis; {SCALE.users:,} learners "
        f"({SCALE.activities_per_user} activities each), {TICKETS:,} tickets; {AGENTS} agents' tokens; "
        + ("data seeded by this run" if seeded is not None else "data reused from an earlier run")
        + ".",
        "- Closed loop: each of N connections sends its next request when the last answered; half ticket-queue pages, "
        "half profile searches (every search writes its audit entry and event). Milliseconds.",
        "",
        "| agents | requests/s | p50 | p95 | p99 | max | errors | connections used (peak) | waiting on a lock (peak) "
        "| on an audit lock (peak) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        x = r.result
        lines.append(
            f"| {r.clients} | {r.rps:.1f} | {x['p50']:.0f} | {x['p95']:.0f} | {x['p99']:.0f} | {x['max']:.0f} | "
            f"{r.errors} | {r.connections} | {r.lock_waits} | {r.audit_lock_waits} |"
        )
    big = max(runs, key=lambda r: r.clients)
    small = min(runs, key=lambda r: r.clients)
    checks = [
        (f"p95 at {big.clients} <= {TARGET_P95_MS:.0f} ms", big.result["p95"] <= TARGET_P95_MS),
        (f"0 errors at {big.clients}", big.errors == 0),
        (f">= {TARGET_RPS:.0f} requests/s at {big.clients} (1.5 x {BASELINE_RPS:.0f})", big.rps >= TARGET_RPS),
        ("no connection waiting on an audit lock", all(r.audit_lock_waits == 0 for r in runs)),
    ]
    lines += [
        "",
        "Where the CPU went (milliseconds of CPU per request, by kind of process):",
        "",
        "| agents | web | PostgreSQL | worker | Redis | wrk | other | cores busy |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        kinds = ("web", "postgres", "worker", "redis", "wrk", "other")
        cells = " | ".join(f"{r.cpu_ms(k):.1f}" for k in kinds)
        lines.append(f"| {r.clients} | {cells} | {sum(r.cpu.values()):.2f} of {os.cpu_count()} |")
    lines += [
        "",
        f"Same-run ratio p95 at {big.clients} / p95 at {small.clients}: {big.result['p95'] / small.result['p95']:.1f}x",
        "",
    ]
    lines += [
        "Per-request floor (one connection, sequential, same server):",
        "",
        "| request | p50 | p95 | p99 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, x in floors.items():
        lines.append(f"| {name} | {x['p50']:.1f} | {x['p95']:.1f} | {x['p99']:.1f} |")
    profile = floors["GET /api/users/profiles/{id}/"]["p50"]
    checks.append((f"profile p50 <= {TARGET_FLOOR_MS:.0f} ms", profile <= TARGET_FLOOR_MS))
    lines += ["", "Targets: " + "; ".join(f"{name} {'PASS' if ok else 'MISS'}" for name, ok in checks), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[20, 200])
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="WEB_CONCURRENCY (CPUs)")
    parser.add_argument("--threads", type=int, default=2, help="WEB_THREADS (the default: 2)")
    parser.add_argument("--floor-seconds", type=int, default=15)
    parser.add_argument("--logs", type=Path, help="keep the server's, the worker's and Redis's logs in this folder")
    args = parser.parse_args()
    need("wrk", "wrk")
    redis_bin = need("redis-server", "redis-server")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp_name:
        tmp = Path(tmp_name)
        redis_port = free_port()
        redis_cmd = [redis_bin, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        env = production_env(f"redis://127.0.0.1:{redis_port}/0", tmp)
        manage(env, "collectstatic", "--noinput", "-v0")
        seeded = prepare(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        web_env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(args.workers)}
        web_env["WEB_THREADS"] = str(args.threads)
        with (
            process(redis_cmd, env, tmp / "redis.log"),
            process([sys.executable, "-m", "config.web"], web_env, tmp / "web.log") as server,
            process([sys.executable, "manage.py", "run_worker"], env, tmp / "worker.log"),
        ):
            wait_http(f"{base}/api/health", tmp / "web.log")
            tokens = log_in_agents(base)
            (tmp / "tokens.txt").write_text("\n".join(tokens))
            (tmp / "paths.txt").write_text("\n".join(request_paths(random.Random(42))))
            wrk(base, 20, 5, tmp / "paths.txt", tmp / "tokens.txt")  # warm-up: plans, pools, caches
            runs = [load_run(base, c, args.seconds, tmp / "paths.txt", tmp / "tokens.txt") for c in args.clients]
            floors = floor(base, tokens[0], args.floor_seconds, tmp)
            if server.poll() is not None:
                raise SystemExit(f"the server died:\n{(tmp / 'web.log').read_text()[-3000:]}")
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            for log in ("web.log", "worker.log", "redis.log"):
                shutil.copy(tmp / log, args.logs / log)
    save("load", report(runs, floors, seeded, args))


if __name__ == "__main__":
    main()
