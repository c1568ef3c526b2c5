"""Learner analytics benchmark on PostgreSQL: by default 1,000,000 learners and about 10,000,000 activity rows
(seed_demo's learners plus a tenth as validation learners with learning events, all loaded with COPY).

Measures, in one run: building the rollups from the activity log (`rebuild_rollups`), the nightly risk recompute
for everyone (`recompute_risk`), each analytics endpoint over HTTP for 90 days with the answer cache off (p50, p95,
p99) next to the same figures computed from the raw activity rows, and what rollup maintenance adds to ingestion.
Run: `.venv/bin/python bench/analytics.py [--learners N] [--activities M] [--requests K]` (part of `make bench`).
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from measure import Api, Stats, run_http, server
from prepare import ROOT, Scale, database_url, django_env, manage, server_facts, server_url

STAFF, PASSWORD = "bench_customer_success", "tidal-Orbit-7731-quartz"
ROWS_PER_COHORT_LEARNER = 27  # what seed_data's validation learners average
TIMEZONE = "Europe/Berlin"


def plan(learners: int, activities: int) -> tuple[Scale, int]:
    """seed_demo's learners and activities per learner, and the validation cohort (a tenth of the learners)."""
    cohort = learners // 10
    users = learners - cohort
    per_user = max(1, round((activities - cohort * ROWS_PER_COHORT_LEARNER) / users))
    return Scale(f"analytics_{learners // 1000}k", users, per_user), cohort


def seed(scale: Scale, cohort: int, env: dict[str, str]) -> float | None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scale.database]).fetchone():
            conn.execute(f'CREATE DATABASE "{scale.database}"')
    manage(env, "migrate", "--verbosity", "0")
    with psycopg.connect(database_url(scale)) as conn:
        row = conn.execute("SELECT count(*) FROM accounts_userprofile").fetchone()
    if row and row[0] >= scale.users + cohort:
        return None
    if row and row[0]:
        raise SystemExit(f"{scale.database} is partly seeded: dropdb -h 127.0.0.1 -U postgres {scale.database}")
    started = time.perf_counter()
    args = [
        "--users",
        str(scale.users),
        "--activities-per-user",
        str(scale.activities_per_user),
        "--seed",
        "42",
        "--cohort",
        str(cohort),
        "--cohort-span-days",
        "450",
        "--no-rollups",
    ]
    print(f"seeding {scale.database}: seed_demo {' '.join(args)}", flush=True)
    print(manage(env, "seed_demo", *args), flush=True)
    with psycopg.connect(database_url(scale), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) accounts_useractivitylog")
    return time.perf_counter() - started


def timed_manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    out = manage(env, *args)
    return time.perf_counter() - started, out


def counts(scale: Scale) -> dict[str, int]:
    with psycopg.connect(database_url(scale)) as conn:

        def one(q: str) -> int:
            row = conn.execute(q).fetchone()
            return int(row[0]) if row and row[0] is not None else 0

        return {
            "learners": one("SELECT count(*) FROM accounts_userprofile"),
            "activities": one("SELECT count(*) FROM accounts_useractivitylog"),
            "learner_days": one("SELECT count(*) FROM analytics_learnerday"),
            "summaries": one("SELECT count(*) FROM analytics_daysummary"),
        }


def raw_figures(scale: Scale, first: date, last: date) -> list[tuple[str, Stats]]:
    """The same figures from the raw activity rows, as a report without rollups would compute them (in SQL, no
    HTTP): daily active learners, WAU and MAU at the end, minutes learned; and the journey funnel's milestones."""
    start = f"'{first - timedelta(days=29)}'::date"
    end = f"'{last + timedelta(days=1)}'::date"
    local = f"(a.timestamp AT TIME ZONE '{TIMEZONE}')"
    engagement = [
        f"SELECT {local}::date, count(DISTINCT a.user_id) FROM accounts_useractivitylog a "
        f"WHERE {local} >= {start} AND {local} < {end} GROUP BY 1",
        f"SELECT count(DISTINCT a.user_id) FROM accounts_useractivitylog a "
        f"WHERE {local} >= {end} - 7 AND {local} < {end}",
        f"SELECT count(DISTINCT a.user_id) FROM accounts_useractivitylog a "
        f"WHERE {local} >= {end} - 30 AND {local} < {end}",
        f"SELECT sum(coalesce((a.activity_data->>'time_spent')::bigint, 0)) / 60 FROM accounts_useractivitylog a "
        f"WHERE {local} >= '{first}'::date AND {local} < {end}",
    ]
    journey = (
        "SELECT count(*), count(l), count(e), count(p25), count(p50), count(p75), count(c) FROM ("
        " SELECT p.user_id, min(a.timestamp) FILTER (WHERE a.activity_type = 'login') AS l,"
        "  min(a.timestamp) FILTER (WHERE a.activity_type LIKE 'course.%%') AS e,"
        "  min(a.timestamp) FILTER (WHERE (a.activity_data->>'progress')::int >= 25) AS p25,"
        "  min(a.timestamp) FILTER (WHERE (a.activity_data->>'progress')::int >= 50) AS p50,"
        "  min(a.timestamp) FILTER (WHERE (a.activity_data->>'progress')::int >= 75) AS p75,"
        "  min(a.timestamp) FILTER (WHERE a.activity_type = 'course.completed') AS c"
        " FROM accounts_userprofile p LEFT JOIN accounts_useractivitylog a ON a.user_id = p.user_id"
        f" WHERE p.date_joined >= '{first}'::date AND p.date_joined < {end} GROUP BY p.user_id) j"
    )
    out = []
    with psycopg.connect(database_url(scale)) as conn:
        for name, queries in (("engagement (raw rows)", engagement), ("journeys (raw rows)", [journey])):
            samples = []
            for _ in range(3):
                started = time.perf_counter()
                for q in queries:
                    conn.execute(q).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            out.append((name, Stats(tuple(samples))))
    return out


INGEST = r"""
import json, random, statistics, sys, time
from datetime import UTC, datetime, timedelta
import django
django.setup()
from django.db import connection
from domain.accounts.ingest_service import ActivityIngestion
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container
from adapters.orm.accounts.repository import DjangoIngestionStore

batches, size = int(sys.argv[1]), int(sys.argv[2])
c = container()
plain = ActivityIngestion(DjangoIngestionStore(), c.audit, c.uow, c.clock, c.security)
rolled = c.ingestion  # the same, with analytics keeping its rollups
with connection.cursor() as cur:
    cur.execute("SELECT user_id FROM accounts_userprofile ORDER BY random() LIMIT 20000")
    users = [r[0] for r in cur.fetchall()]
    # learning events come from learners already enrolled (a first enrolment would re-summarize all their days)
    cur.execute("SELECT user_id FROM analytics_journey WHERE course = 'VAL-101' ORDER BY random() LIMIT 5000")
    enrolled = [r[0] for r in cur.fetchall()]
r = random.Random(7)
now = datetime.now(UTC)

def batch():
    items = []
    for _ in range(size):
        ts = (now - timedelta(minutes=r.uniform(1, 36 * 60))).isoformat()
        if r.random() < 0.3:
            items.append({"kind": "learning", "user_id": r.choice(enrolled), "course": "VAL-101", "event": "progress",
                          "progress": r.randint(1, 99), "time_spent": r.randint(60, 1800),
                          "course_module": f"module-{r.randint(1, 8)}", "timestamp": ts})
        else:
            kind = r.choice(["login", "video.play", "course.view", "quiz.submit"])
            items.append({"kind": "activity", "user_id": r.choice(users), "activity_type": kind, "timestamp": ts})
    return items

times = {"plain": [], "rolled": []}
for i in range(2):  # warm-up
    plain.ingest(SYSTEM, batch()); rolled.ingest(SYSTEM, batch())
for i in range(batches):
    for name, svc in (("plain", plain), ("rolled", rolled)) if i % 2 else (("rolled", rolled), ("plain", plain)):
        items = batch()
        started = time.perf_counter()
        svc.ingest(SYSTEM, items)
        times[name].append((time.perf_counter() - started) * 1000)
print(json.dumps(times))
"""


def ingestion_overhead(env: dict[str, str], batches: int, size: int) -> tuple[Stats, Stats]:
    done = subprocess.run(
        [sys.executable, "-c", INGEST, str(batches), str(size)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}", "HUEY_IMMEDIATE": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"ingestion run failed:\n{done.stdout}{done.stderr[-3000:]}")
    times = json.loads(done.stdout.strip().splitlines()[-1])
    return Stats(tuple(times["plain"])), Stats(tuple(times["rolled"]))


CLIENTS = (2, 4)
WORKERS = 2


def run_together(base: str, requests: list[tuple[str, dict[str, Any]]], clients: int, k: int) -> Stats:
    """`clients` keep-alive clients at once, each cycling through `requests` k times (after one untimed round)."""

    def client(offset: int) -> list[float]:
        api = Api(base, STAFF, PASSWORD)
        try:
            for path, params in requests:
                api.timed_get(path, params)
            n = len(requests)
            return [api.timed_get(*requests[(offset + i) % n])[0] for i in range(k)]
        finally:
            api.close()

    with ThreadPoolExecutor(clients) as pool:
        found = list(pool.map(client, range(clients)))
    return Stats(tuple(t for samples in found for t in samples))


def ensure_staff(scale: Scale, env: dict[str, str]) -> None:
    with psycopg.connect(database_url(scale)) as conn:
        if conn.execute("SELECT 1 FROM auth_user WHERE username = %s", [STAFF]).fetchone():
            return
    manage({**env, "STAFF_PASSWORD": PASSWORD}, "create_staff", STAFF, "--role", "customer_success")


def sample_ids(scale: Scale) -> tuple[list[int], str]:
    with psycopg.connect(database_url(scale)) as conn:
        ids = [r[0] for r in conn.execute("SELECT user_id FROM analytics_riskscore ORDER BY score DESC LIMIT 200")]
        course = conn.execute("SELECT course FROM analytics_courseday GROUP BY course ORDER BY count(*) DESC LIMIT 1")
        row = course.fetchone()
    return ids, row[0] if row else "VAL-101"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batches", type=int, default=20, help="ingestion batches of 1,000 events, each way")
    parser.add_argument("--output", type=Path, default=None, help="also write the report (markdown) here")
    args = parser.parse_args()
    scale, cohort = plan(args.learners, args.activities)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-analytics-"))
    env = django_env(scale, var_dir, secrets.token_urlsafe(32))
    env.update(ANALYTICS_TIMEZONE=TIMEZONE, ANALYTICS_CACHE_SECONDS="0", DB_POOL_MAX="4")
    seeded = seed(scale, cohort, env)
    have = counts(scale)
    rebuild_s = None
    if not have["learner_days"]:
        print("rebuild_rollups ...", flush=True)
        rebuild_s, out = timed_manage(env, "rebuild_rollups")
        print(out, flush=True)
    # what the every-minute refresh task would have done by now (after an upgrade: every signup day's funnel)
    pending_s, pending_out = timed_manage(env, "rebuild_rollups", "--pending")
    print(pending_out, f"in {pending_s:.0f} s", flush=True)
    print("recompute_risk ...", flush=True)
    nightly_s, nightly_out = timed_manage(env, "recompute_risk")
    print(nightly_out, flush=True)
    have = counts(scale)
    ensure_staff(scale, env)
    ids, course = sample_ids(scale)
    last = datetime.now(UTC).date()
    first = last - timedelta(days=89)
    window = {"from": first.isoformat(), "to": last.isoformat()}
    six_months = (last.replace(day=1) - timedelta(days=150)).replace(day=1).isoformat()
    endpoints: list[tuple[str, str, dict[str, Any]]] = [
        ("engagement, 90 days by day", "/api/analytics/engagement", {**window, "interval": "day"}),
        ("engagement, 90 days by week", "/api/analytics/engagement", {**window, "interval": "week"}),
        (
            "engagement, segment platform_role",
            "/api/analytics/engagement",
            {**window, "interval": "week", "segment": "platform_role:learner"},
        ),
        (
            "engagement, segment course",
            "/api/analytics/engagement",
            {**window, "interval": "week", "segment": f"course:{course}"},
        ),
        ("journeys, 90 days", "/api/analytics/journeys", window),
        ("journeys, one course", "/api/analytics/journeys", {**window, "course": course}),
        (
            "cohorts, 6 signup months by month",
            "/api/analytics/cohorts",
            {"by": "signup_month", "period": "month", "from": six_months},
        ),
        ("support trends, 90 days", "/api/analytics/support-trends", window),
        ("at-risk list, band high", "/api/analytics/at-risk", {"band": "high", "limit": 50}),
    ]
    rows: list[tuple[str, Stats]] = []
    with server(env, var_dir / "server.log") as base:
        api = Api(base, STAFF, PASSWORD)
        for name, path, params in endpoints:
            print(f"  {name} ...", flush=True)
            rows.append((name, run_http(api, [(path, params)], args.requests, args.warmup)))
        risk: list[tuple[str, dict[str, Any]]] = [(f"/api/users/profiles/{uid}/risk", {}) for uid in ids]
        rows.append(("a learner's risk (audited)", run_http(api, risk, args.requests, args.warmup)))
        api.close()
    mixed = [(path, params) for _, path, params in endpoints]
    together: list[tuple[int, Stats]] = []
    with server(env, var_dir / "web.log", workers=WORKERS) as base:
        for clients in CLIENTS:
            print(f"  {clients} clients at once, {WORKERS} web workers ...", flush=True)
            together.append((clients, run_together(base, mixed, clients, args.requests)))
    raw = raw_figures(scale, first, last)
    print("ingestion overhead ...", flush=True)
    plain, rolled = ingestion_overhead(env, args.batches, 1000)
    overhead = (sum(rolled.samples_ms) / sum(plain.samples_ms) - 1) * 100
    by_name = dict(rows)
    ratio_e = raw[0][1].p50 / by_name["engagement, 90 days by day"].p50
    ratio_j = raw[1][1].p50 / by_name["journeys, 90 days"].p50
    lines = [
        f"# Learner analytics benchmark: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/analytics.py --learners {args.learners} --activities {args.activities} "
        f"--requests {args.requests}`",
        f"- Machine: 2 CPUs, {platform.platform()}, Python {platform.python_version()}; {server_facts(scale)}",
        f"- Data ({scale.database}): {have['learners']:,} learners ({cohort:,} validation learners with learning "
        f"events), {have['activities']:,} activity rows, {have['learner_days']:,} learner-days, "
        f"{have['summaries']:,} day summaries" + (f"; seeded in {seeded:.0f} s" if seeded else "; reused"),
        "- Rollups from the activity log (`rebuild_rollups`): "
        + (f"{rebuild_s:.0f} s" if rebuild_s else "reused")
        + f"; pending summaries and funnels (`rebuild_rollups --pending`): {pending_out} in {pending_s:.0f} s"
        + f"; nightly risk recompute for everyone (`recompute_risk`): {nightly_s:.0f} s "
        f"({'PASS' if nightly_s <= 300 else 'MISS'} <= 300 s)",
        f"- Time zone {TIMEZONE}; answer cache off (ANALYTICS_CACHE_SECONDS=0), so every request computes; HTTP "
        "through uvicorn (one process), one keep-alive client, sequential; milliseconds, nearest-rank.",
        "",
        "| request (90 days) | p50 | p95 | p99 | n | target p95 <= 100 ms |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *[
            f"| {n} | {s.p50:.1f} | {s.p95:.1f} | {s.p99:.1f} | {len(s.samples_ms)} | "
            f"{'PASS' if s.p95 <= 100 else 'MISS'} |"
            for n, s in rows
        ],
        "",
        f"The nine analytics requests above in turn, several clients at once, against the production web server "
        f"(`python -m config.web`, {WORKERS} uvicorn workers on the 2 CPUs, PostgreSQL on the same CPUs):",
        "",
        "| clients at once | p50 | p95 | p99 | n | p95 <= 100 ms |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
        *[
            f"| {n} | {t.p50:.1f} | {t.p95:.1f} | {t.p99:.1f} | {len(t.samples_ms)} | "
            f"{'PASS' if t.p95 <= 100 else 'MISS'} |"
            for n, t in together
        ],
        "",
        "| from raw activity rows, same run (SQL, no HTTP) | p50 | ratio to the endpoint's p50 |",
        "| --- | ---: | ---: |",
        f"| {raw[0][0]}: daily active, WAU, MAU, minutes | {raw[0][1].p50:.0f} | {ratio_e:.0f}x |",
        f"| {raw[1][0]}: the funnel's milestones | {raw[1][1].p50:.0f} | {ratio_j:.0f}x |",
        "",
        f"Ingestion, {args.batches} batches of 1,000 events each way, alternating: without rollups p50 "
        f"{plain.p50:.0f} ms, with rollups p50 {rolled.p50:.0f} ms; total time +{overhead:.1f}% "
        f"({'PASS' if overhead <= 20 else 'MISS'} <= 20%).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text)


if __name__ == "__main__":
    main()
