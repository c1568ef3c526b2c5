"""Reads past one database: the same read mix against the product with the primary alone, then with one streaming
replica (DATABASE_REPLICA_URLS). See docs/benchmarks.md and the README's scale-out section.

    .venv/bin/python bench/replica.py [--users 100000] [--seconds 30] [--clients 8,32] [--replica-port 5433]

The replica: a second PostgreSQL cluster on --replica-port, made when none answers there with
`pg_basebackup -R -X stream` from the primary (BENCH_PG_URL, else DATABASE_URL's server, else local trust) into
--replica-dir and started with `pg_ctl` (as the `postgres` user when run as root); --stop-replica stops it and
removes its folder at the end. The primary must allow replication connections from this host (pg_hba.conf:
`host replication all 127.0.0.1/32 trust` or a password) and have wal_level=replica (the default).

The product: production settings, `python -m config.web` (--workers processes, two threads each), a Redis of its
own, on BENCH_DATABASE (default bench_replica: --users learners, 5 activity rows each, seeded once). wrk keeps
--clients connections busy for --seconds with a read mix a support desk makes: profiles, activity pages, filtered
searches and the analytics cohorts, each with a platform admin's bearer token. Each read is audited (a write on the
primary) in both runs. The figures: requests/s, p50/p95 and how many transactions each server ran."""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
from load import free_port, need, process, save, wait_http, wrk
from prepare import STAFF_PASSWORD, STAFF_USER, Scale, database_url, ensure_staff, manage, prepare_database, server_url

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
MIX = {"profile": 4, "activity": 2, "search": 3, "analytics": 1}  # weights of the read mix


def replica_url(port: int, database: str) -> str:
    parts = urlsplit(server_url())
    user = parts.username or "postgres"
    return f"postgres://{user}@127.0.0.1:{port}/{database}"


def answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            return bool(conn.execute("SELECT pg_is_in_recovery()").fetchone()[0])  # type: ignore[index]
    except psycopg.OperationalError:
        return False


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start_replica(port: int, folder: Path) -> None:
    """pg_basebackup from the primary into `folder`, then start it on `port` as a hot standby."""
    primary = urlsplit(server_url())
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    if not (folder / "PG_VERSION").exists():
        print(f"pg_basebackup from {primary.hostname}:{primary.port or 5432} into {folder} ...", flush=True)
        started = time.perf_counter()
        backup = [str(PG_BIN / "pg_basebackup"), "-h", primary.hostname or "127.0.0.1", "-p", str(primary.port or 5432)]
        backup += ["-U", primary.username or "postgres", "-D", str(folder), "-R", "-X", "stream"]
        subprocess.run(as_postgres(backup), check=True)
        print(f"base backup in {time.perf_counter() - started:.0f} s", flush=True)
    conf = f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\nhot_standby = on\n"
    conf += "hot_standby_feedback = on\nshared_buffers = 128MB\nmax_connections = 100\n"
    files = {"postgresql.conf": conf, "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n"}
    files["pg_ident.conf"] = ""
    for name, text in files.items():
        (folder / name).write_text(text)
        if os.geteuid() == 0:
            shutil.chown(folder / name, "postgres", "postgres")
    start = [str(PG_BIN / "pg_ctl"), "-D", str(folder), "-l", str(folder / "log.txt"), "-w", "start"]
    subprocess.run(as_postgres(start), check=True, capture_output=True)


def stop_replica(folder: Path) -> None:
    subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(folder), "-m", "fast", "-w", "stop"]), check=False)
    shutil.rmtree(folder, ignore_errors=True)


def read_paths(url: str, rng: random.Random, count: int = 2000) -> list[str]:
    with psycopg.connect(url) as conn:
        people = [
            r[0] for r in conn.execute("SELECT user_id FROM accounts_userprofile ORDER BY md5(user_id::text) LIMIT 500")
        ]
    kinds = {
        "profile": [f"/api/users/profiles/{p}/" for p in people],
        "activity": [f"/api/users/activity/{p}/" for p in people],
        "search": [
            "/api/users/profiles/?status=active&sort=name",
            "/api/users/profiles/?status=suspended",
            "/api/users/profiles/?support_priority=high",
            "/api/users/profiles/?inactive_days=30",
        ],
        "analytics": ["/api/analytics/cohorts?by=signup_month", "/api/analytics/support-trends"],
    }
    weighted = [kind for kind, weight in MIX.items() for _ in range(weight)]
    return [rng.choice(kinds[rng.choice(weighted)]) for _ in range(count)]


def transactions(url: str, database: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [database])
        return int(row.fetchone()[0])  # type: ignore[index]


def one_run(
    label: str, env: dict[str, str], args: argparse.Namespace, tmp: Path, urls: dict[str, str]
) -> dict[str, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web_env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(args.workers), "WEB_THREADS": "2"}
    with process([sys.executable, "-m", "config.web"], web_env, tmp / f"web-{label}.log") as server:
        wait_http(f"{base}/api/health", tmp / f"web-{label}.log")
        with httpx.Client(base_url=base, timeout=60, headers={"X-Forwarded-Proto": "https"}) as client:
            tokens = []
            for _ in range(4):
                answer = client.post("/api/auth/login", json={"username": STAFF_USER, "password": STAFF_PASSWORD})
                if answer.status_code != 200:
                    raise SystemExit(f"login failed: {answer.status_code} {answer.text[:300]}")
                tokens.append(answer.json()["token"])
            health = client.get("/api/health").json()
        (tmp / "tokens.txt").write_text("\n".join(tokens))
        wrk(base, 8, 5, tmp / "paths.txt", tmp / "tokens.txt")  # warm-up: plans, pools, caches
        out: dict[str, float] = {}
        for clients in args.clients:
            before = {name: transactions(url, args.database) for name, url in urls.items()}
            print(f"{label}: {clients} clients for {args.seconds} s ...", flush=True)
            result = wrk(base, clients, args.seconds, tmp / "paths.txt", tmp / "tokens.txt")
            errors = result["non_2xx"] + result["connect"] + result["read"] + result["timeout"]
            out[f"{clients}:rps"] = result["requests"] / result["seconds"]
            out[f"{clients}:p50"], out[f"{clients}:p95"], out[f"{clients}:errors"] = (
                result["p50"],
                result["p95"],
                errors,
            )
            for name, url in urls.items():
                out[f"{clients}:tx:{name}"] = transactions(url, args.database) - before[name]
        if server.poll() is not None:
            raise SystemExit(f"the server died:\n{(tmp / f'web-{label}.log').read_text()[-3000:]}")
        out["replicas_health"] = 1.0 if health["components"].get("replicas", "ok") == "ok" else 0.0
    return out


def report(runs: dict[str, dict[str, float]], args: argparse.Namespace) -> str:
    lines = [
        f"# Reads past one database ({args.users:,} learners, {args.workers} web processes, {os.cpu_count()} CPUs)",
        "",
        f"Read mix (weights): {', '.join(f'{k} {v}' for k, v in MIX.items())}; every read audited on the primary.",
        "",
        "| Set-up | Clients | Requests/s | p50 ms | p95 ms | Errors | Primary tx | Replica tx |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, r in runs.items():
        for c in args.clients:
            lines.append(
                f"| {label} | {c} | {r[f'{c}:rps']:.0f} | {r[f'{c}:p50']:.1f} | {r[f'{c}:p95']:.1f} | "
                f"{r[f'{c}:errors']:.0f} | {r[f'{c}:tx:primary']:.0f} | {r[f'{c}:tx:replica']:.0f} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[8, 32])
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--replica-dir", type=Path, default=Path(tempfile.gettempdir()) / "bench-replica")
    parser.add_argument("--stop-replica", action="store_true", help="stop the replica and remove its folder at the end")
    args = parser.parse_args()
    need("wrk", "wrk")
    redis_bin = need("redis-server", "redis-server")
    scale = Scale("replica", args.users, 5)
    args.database = scale.database
    primary = database_url(scale)
    replica = replica_url(args.replica_port, scale.database)
    with tempfile.TemporaryDirectory(prefix="bench-replica-") as tmp_name:
        tmp = Path(tmp_name)
        redis_port = free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "LOG_JSON", "HUEY_IMMEDIATE", "DATABASE_REPLICA_URLS"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(48),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=primary,
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            AUDIT_CHAIN_KEY="bench-replica-audit-key-not-secret-0123456789",
            FILES_ENCRYPTION_KEYS=secrets.token_hex(32),
            MFA_REQUIRED_ROLES="service",
            VAR_DIR=str(tmp),
            STATIC_ROOT=str(tmp / "static"),
            LOG_LEVEL="WARNING",
        )
        manage(env, "collectstatic", "--noinput", "-v0")
        prepare_database(scale, env)
        ensure_staff(scale, env)
        if not answers(replica):
            start_replica(args.replica_port, args.replica_dir)
        (tmp / "paths.txt").write_text("\n".join(read_paths(primary, random.Random(42))))
        urls = {"primary": primary, "replica": replica}
        redis_cmd = [redis_bin, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        try:
            with process(redis_cmd, env, tmp / "redis.log"):
                runs = {"primary alone": one_run("primary", env, args, tmp, urls)}
                runs["primary + 1 replica"] = one_run(
                    "replica", {**env, "DATABASE_REPLICA_URLS": replica}, args, tmp, urls
                )
        finally:
            if args.stop_replica:
                stop_replica(args.replica_dir)
    if not runs["primary + 1 replica"]["replicas_health"]:
        print("warning: the health check reported the replica skipped", flush=True)
    save("replica", report(runs, args))


if __name__ == "__main__":
    main()
