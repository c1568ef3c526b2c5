"""`make bench`: the staff console's speed in a browser, on PostgreSQL with 1M learners and 200k tickets.

Reuses (or seeds once) the 1M-learner database of bench/run.py, adds 200,000 tickets (COPY, through seed_demo
--tickets-only), starts the product as `make run` does (`manage.py serve`: uvicorn, the task consumer, the built
console/dist) and drives Debian's chromium-headless-shell with Playwright (console/e2e/bench/console.mjs), which
times each screen inside the page. Prints p50/p95 per measure against the targets of docs/benchmarks.md.

    .venv/bin/python bench/console.py [--searches N] [--loads N] [--changes N] [--events N]

BENCH_DATABASE names the database (default bench_1m); BENCH_PG_URL or DATABASE_URL's server holds it."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from prepare import (
    ROOT,
    SCALES,
    Scale,
    database_url,
    django_env,
    manage,
    pick_terms,
    prepare_database,
    server_facts,
    vacuum_if_never,
)

SCALE = SCALES["1m"]
TICKETS, UPDATES_PER_TICKET = 200_000, 3
AGENT, WATCHER = "demo_support_agent", "demo_support_admin"  # created by `manage.py serve` (ensure_staff)
E2E = ROOT / "console" / "e2e"
SCRIPT = E2E / "bench" / "console.mjs"
RESULTS = ROOT / "bench" / "results"
READY_TIMEOUT_S = 300.0
TARGETS = {  # measure: (statistic, limit, unit)
    "shell": ("total", 200.0, "KB"),
    "search": ("p95", 300.0, "ms"),
    "queue": ("p95", 1000.0, "ms"),
    "ticket": ("p95", 500.0, "ms"),
    "live": ("p95", 1000.0, "ms"),
    "heap": ("total", 150.0, "MB"),
}


def seed_tickets(scale: Scale, env: dict[str, str]) -> float | None:
    """200,000 tickets for the seeded learners, once: seed_demo --tickets-only loads them with COPY."""
    with psycopg.connect(database_url(scale)) as conn:
        row = conn.execute("SELECT count(*) FROM support_supportticket").fetchone()
    if row and row[0] >= TICKETS:
        return None
    started = time.perf_counter()
    args = ["--tickets-only", "--tickets", str(TICKETS), "--updates-per-ticket", str(UPDATES_PER_TICKET)]
    print(f"seeding tickets: seed_demo {' '.join(args)}", flush=True)
    print(manage(env, "seed_demo", *args, "--seed", "42"), flush=True)
    return time.perf_counter() - started


def pick_tickets(scale: Scale, count: int, still_open: bool = False) -> list[int]:
    """Tickets of the agent's team with a conversation, spread over the table; open ones take new notes."""
    where = "AND t.status IN ('open', 'in_progress', 'pending_user')" if still_open else ""
    with psycopg.connect(database_url(scale)) as conn:
        rows = conn.execute(
            f"SELECT t.id FROM support_supportticket t WHERE t.team = 'general' {where} AND EXISTS "
            "(SELECT 1 FROM support_supportticketupdate u WHERE u.ticket_id = t.id) ORDER BY md5(t.id::text) LIMIT %s",
            [count],
        ).fetchall()
    return [r[0] for r in rows]


def counts(scale: Scale) -> tuple[int, int, int]:
    with psycopg.connect(database_url(scale)) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM accounts_userprofile), (SELECT count(*) FROM support_supportticket), "
            "(SELECT count(*) FROM support_supportticketupdate)"
        ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def fragments(scale: Scale, n: int) -> list[str]:
    """Distinct search terms as a person types them: last-name prefixes, e-mail fragments and three-letter parts
    of first names, in turn (never one twice: a repeat would come from the console's cache)."""
    terms = pick_terms(scale, n * 2)
    pools = [terms.name_prefixes(), terms.email_fragments(), terms.trigrams()]
    out: list[str] = []
    for i in range(n * 2):
        for pool in pools:
            word = pool[i].strip().lower()
            if len(word) >= 3 and word not in out and len(out) < n:
                out.append(word)
    return out


@contextlib.contextmanager
def serve(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """The product as `make run` starts it (`manage.py serve`), on a free port; stopped with its process group."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    cmd = [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                tail = log_path.read_text()[-3000:]
                raise SystemExit(f"the server was not healthy in {READY_TIMEOUT_S:.0f} s:\n{tail}")
            time.sleep(0.5)
        yield base
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything of the group that outlived serve


def ensure_built() -> None:
    if not (ROOT / "console" / "dist" / "index.html").exists():
        subprocess.run(["make", "--no-print-directory", "console"], cwd=ROOT, check=True)
    if not (E2E / "node_modules" / "playwright-core").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=E2E, check=True)


def browse(base: str, password: str, plan: dict[str, Any], out: Path) -> dict[str, Any]:
    env = {**os.environ, "BENCH_BASE_URL": base, "BENCH_PASSWORD": password, "BENCH_OUT": str(out)}
    env["BENCH_PLAN"] = json.dumps(plan)
    done = subprocess.run(["node", str(SCRIPT)], cwd=E2E, env=env, check=False)
    result: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    if done.returncode != 0:
        raise SystemExit(f"the browser run failed ({done.returncode}); what it measured: {json.dumps(result)}")
    return result


def verdict(name: str, m: dict[str, Any]) -> tuple[str, bool]:
    stat, limit, unit = TARGETS[name]
    value = float(m[stat])
    ok = value <= limit
    over = "" if ok else f", {value - limit:.0f} {unit} ({(value / limit - 1) * 100:.0f} %) over"
    return f"{stat} {value:.1f} {unit} vs ≤ {limit:.0f} {unit}: {'PASS' if ok else 'FAIL'}{over}", ok


def report(result: dict[str, Any], args: argparse.Namespace, data: str) -> str:
    lines = [
        f"# Console benchmark: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/console.py --searches {args.searches} --loads {args.loads} "
        f"--changes {args.changes} --events {args.events}`",
        f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}, {server_facts(SCALE)}; {result.get('browser', '')}",
        f"- Data: {data}",
        "",
        "| measure | n | p50 | p95 | max | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    passed = 0
    for name in TARGETS:
        m = result[name]
        text, ok = verdict(name, m)
        passed += ok
        unit = TARGETS[name][2]
        cells = [m.get("label", name), str(m.get("n", 1))]
        cells += [f"{m[k]:.1f} {unit}" if k in m else "" for k in ("p50", "p95", "max")]
        lines.append("| " + " | ".join([*cells, text]) + " |")
    lines += ["", f"Targets: {passed}/{len(TARGETS)} PASS.", ""]
    lines += [f"- {note}" for note in result.get("notes", [])]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=45, help="timed searches, each a new term (default 45)")
    parser.add_argument("--loads", type=int, default=30, help="timed loads of the queue and of a ticket (default 30)")
    parser.add_argument("--changes", type=int, default=20, help="another agent's changes timed (default 20)")
    parser.add_argument("--events", type=int, default=1000, help="live events for the heap measure (default 1000)")
    args = parser.parse_args()
    if min(args.searches, args.loads, args.changes) < 1 or args.events < 0:
        parser.error("counts must be positive")
    ensure_built()
    password = f"Quiet-harbour-lantern-{secrets.token_hex(6)}"
    with tempfile.TemporaryDirectory(prefix="bench-console-") as tmp:
        env = django_env(SCALE, Path(tmp), secrets.token_urlsafe(48))
        env.update(DEMO_PASSWORD=password, DEMO_USERS="0", PYTHONUNBUFFERED="1")
        seeded = prepare_database(SCALE, env)
        ticketed = seed_tickets(SCALE, env)
        vacuum_if_never(SCALE)
        learners, tickets, updates = counts(SCALE)
        how = "seeded by this run" if seeded is not None or ticketed is not None else "reused"
        data = f"{SCALE.database}: {learners:,} learners, {tickets:,} tickets, {updates:,} ticket updates ({how})"
        print(data, flush=True)
        plan = {
            "agent": AGENT,
            "watcher": WATCHER,
            "fragments": fragments(SCALE, args.searches + 3),
            "tickets": pick_tickets(SCALE, args.loads + 3),
            "open": pick_tickets(SCALE, 50, still_open=True),
            "loads": args.loads,
            "changes": args.changes,
            "events": args.events,
            "dist": str(ROOT / "console" / "dist"),
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        with serve(env, Path(tmp) / "server.log") as base:
            result = browse(base, password, plan, RESULTS / "console.json")
    text = report(result, args, data)
    (RESULTS / "console.md").write_text(text)
    print(text, flush=True)


if __name__ == "__main__":
    main()
