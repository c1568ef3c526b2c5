"""`make bench`: the accounts search and profile API on PostgreSQL at a stated scale, against what a plain
Django admin would run. See docs/benchmarks.md.

    .venv/bin/python bench/run.py [--scale small|100k|1m ...] [--requests K] [--warmup W] [--baseline-requests B]

Each scale runs in a process of its own, since Django binds one database per process."""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from measure import (
    Api,
    Params,
    Request,
    Stats,
    admin_deep_page,
    admin_search,
    run_http,
    run_http_parallel,
    run_local,
    server,
    setup_django,
    walk_pages,
)
from prepare import (
    ROOT,
    SCALES,
    STAFF_PASSWORD,
    STAFF_USER,
    Scale,
    Terms,
    django_env,
    ensure_staff,
    pick_terms,
    prepare_database,
    server_facts,
    vacuum_if_never,
)

RESULTS = ROOT / "bench" / "results"
PROFILES = "/api/users/profiles/"
TARGET_MS = 150.0
TARGET_RATIO = 10.0
CLIENTS = 8  # concurrent agents for the text searches' second measurement
DEEP_FOLLOWS = 50  # the 50th next_cursor with limit=25 is page 51: rows 1,251-1,275
PAGE = 25
MONTH = timedelta(days=30)
STATUSES = ["active", "suspended", "pending", "disabled", "archived"]


@dataclass
class Row:
    name: str
    ours: Stats
    target: str = ""  # "search" or "profile": p95 under TARGET_MS at 1M users
    fragment: bool = False  # at least TARGET_RATIO times faster than the baseline
    admin: Callable[[Any], object] | None = None  # the baseline, timed after the HTTP lines
    admin_args: Sequence[Any] = field(default_factory=list)
    baseline: Stats | None = None
    goal_ms: float | None = None  # issue 27's p95 for text searches: 25 ms (fragment, name), 50 ms (typo)

    def checks(self) -> list[tuple[str, bool]]:
        out = [(f"p95<{TARGET_MS:.0f}", self.ours.p95 < TARGET_MS)] if self.target else []
        if self.goal_ms is not None:
            out.append((f"p95<={self.goal_ms:.0f}", self.ours.p95 <= self.goal_ms))
        if self.fragment and self.baseline:
            out.append((f">={TARGET_RATIO:.0f}x", self.baseline.p50 / self.ours.p50 >= TARGET_RATIO))
        return out


def text_searches(terms: Terms) -> list[tuple[str, list[Params], float]]:
    """The text searches issue 27 sets a p95 for, with it: also measured with CLIENTS clients at once."""
    return [
        ("q: name prefix (4 letters of a last name)", [{"q": t} for t in terms.name_prefixes()], 25.0),
        ("q: email fragment (5 middle chars)", [{"q": t} for t in terms.email_fragments()], 25.0),
        ("q: three-letter fragment", [{"q": t} for t in terms.trigrams()], 25.0),
        ("q: full name, surname first", [{"q": t} for t in terms.swapped()], 25.0),
        ("q: full name, one typo in the surname", [{"q": t} for t in terms.typos()], 50.0),
    ]


def searches(terms: Terms, n: int) -> list[tuple[str, list[Params], list[str] | None]]:
    """(name, query of each request, the baseline's terms if a fragment search) for each search but the deep page."""
    lo, hi = terms.joined
    starts = [lo + (hi - lo - MONTH) / n * i for i in range(n)]
    joined = [{"joined_after": w.isoformat(), "joined_before": (w + MONTH).isoformat()} for w in starts]
    prefixes, fragments, trigrams = terms.name_prefixes(), terms.email_fragments(), terms.trigrams()
    completed = [{"enrollment_status": "completed", "course": c} for c in terms.courses]
    recent = [{"last_active_after": (datetime.now(UTC) - timedelta(days=1 + i % 30)).isoformat()} for i in range(n)]
    return [
        ("q: name prefix (4 letters of a last name)", [{"q": t} for t in prefixes], prefixes),
        ("q: email fragment (5 middle chars)", [{"q": t} for t in fragments], fragments),
        ("q: three-letter fragment", [{"q": t} for t in trigrams], trigrams),
        ("q: exact email", [{"q": t} for t in terms.emails()], None),
        ("status=active&inactive_days=90", [{"status": "active", "inactive_days": 90}], None),
        ("enrollment_status=completed&course=CODE", completed, None),
        ("last_active_after=1..30 days ago", recent, None),
        ("risk_min=70&risk_max=90&sort=-risk_score", [{"risk_min": 70, "risk_max": 90, "sort": "-risk_score"}], None),
        ("status=S&sort=name (S cycles)", [{"status": s, "sort": "name"} for s in STATUSES], None),
        ("joined_after/before (30 days)&sort=-date_joined", [{**j, "sort": "-date_joined"} for j in joined], None),
    ]


def measure_http(api: Api, terms: Terms, k: int, warmup: int) -> list[Row]:
    rows = []
    goals = {name: goal for name, _, goal in text_searches(terms)}
    for name, queries, words in searches(terms, k + warmup):
        stats = run_http(api, [(PROFILES, q) for q in queries], k, warmup)
        fragment = words is not None
        row = Row(name, stats, "search", fragment, admin_search if fragment else None, words or [])
        rows.append(replace(row, goal_ms=goals.get(name)))
    for name, queries, goal in text_searches(terms)[3:]:
        rows.append(Row(name, run_http(api, [(PROFILES, q) for q in queries], k, warmup), "search", goal_ms=goal))
    for name, queries, goal in text_searches(terms):
        stats = run_http_parallel(api, [(PROFILES, q) for q in queries], k, warmup, CLIENTS)
        rows.append(Row(f"{name}, {CLIENTS} clients at once", stats, "search", goal_ms=goal))
    walk, cursor = walk_pages(api, {"sort": "name", "limit": PAGE}, DEEP_FOLLOWS)
    rows.append(Row(f"sort=name: {DEEP_FOLLOWS} cursor follows, per page", walk, "search"))
    deep = run_http(api, [(PROFILES, {"sort": "name", "limit": PAGE, "cursor": cursor})], k, warmup)
    name = f"sort=name: page {DEEP_FOLLOWS + 1} by cursor (the 50th follow)"
    rows.append(Row(name, deep, "search", admin=admin_deep_page, admin_args=[DEEP_FOLLOWS * PAGE]))
    light: list[Request] = [(f"{PROFILES}{uid}/", {}) for uid, _ in terms.light_users]
    rows.append(Row("profile: user with ~10 activities", run_http(api, light, k, warmup), "profile"))
    heavy: list[Request] = [(f"{PROFILES}{terms.heavy_user}/", {})]
    rows.append(Row(f"profile: user with {terms.heavy_rows:,} activities", run_http(api, heavy, k, warmup), "profile"))
    pages = [(f"/api/users/activity/{p.id}/", {"limit": 50}) for p in terms.people]
    rows.append(Row("activity page limit=50", run_http(api, pages, k, warmup)))
    heavy_page = [(f"/api/users/activity/{terms.heavy_user}/", {"limit": 50})]
    rows.append(Row("activity page limit=50, heavy user", run_http(api, heavy_page, k, warmup)))
    return rows


def add_baselines(rows: list[Row], k: int, warmup: int) -> None:
    for r in rows:
        if r.admin:
            r.baseline = run_local(r.admin, r.admin_args, k, warmup)


def fmt(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}"


def table(rows: list[Row]) -> str:
    head = ["request", *(f"{who} {p}" for who in ("ours", "baseline") for p in ("p50", "p95", "p99"))]
    lines = ["| " + " | ".join([*head, "baseline/ours p50", "targets"]) + " |", "| --- |" + " ---: |" * 7 + " --- |"]
    for r in rows:
        b = r.baseline
        ratio = f"{b.p50 / r.ours.p50:.1f}x" if b else ""
        checks = ", ".join(f"{name} {'PASS' if ok else 'MISS'}" for name, ok in r.checks())
        cells = [r.name, fmt(r.ours.p50), fmt(r.ours.p95), fmt(r.ours.p99)]
        cells += [fmt(b.p50 if b else None), fmt(b.p95 if b else None), fmt(b.p99 if b else None), ratio, checks]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(
    scale: Scale, rows: list[Row], terms: Terms, prep: tuple[float | None, float | None], k: int, bk: int, warmup: int
) -> str:
    checks = [ok for r in rows for _, ok in r.checks()]
    seeded, vacuumed = prep
    data = f"seeded in {seeded:.1f} s by this run" if seeded is not None else "reused (seeded by an earlier run)"
    if vacuumed is not None:
        data += f", then VACUUM (ANALYZE) in {vacuumed:.1f} s (the tables had never been vacuumed)"
    heavy = "inserted by the benchmark" if terms.heavy_inserted else "from seed_demo"
    scope = "" if scale.name == "1m" else " (the targets are stated for 1M users; shown here for orientation)"
    return "\n".join(
        [
            f"# Benchmark at scale {scale.name}: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"- Command: `.venv/bin/python bench/run.py --scale {scale.name} --requests {k} --warmup {warmup} "
            f"--baseline-requests {bk}`",
            f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
            f"{server_facts(scale)}",
            f"- Data ({scale.database}): {terms.profiles:,} profiles, {terms.activities:,} activity rows, "
            f"{len(terms.courses)} courses; {data}. Heavy user {terms.heavy_user}: {terms.heavy_rows:,} activity rows "
            f"({heavy}).",
            f"- Ours: HTTP through uvicorn (one process), one keep-alive httpx client, sequential; {warmup} warm-up "
            f"then {k} timed requests per line, terms varying per request. Baseline: the ORM in this process "
            f"(no HTTP, which favours it), {warmup} warm-up then {bk} timed runs. Milliseconds, nearest-rank "
            "percentiles.",
            "",
            table(rows),
            "",
            f"Targets: {sum(checks)}/{len(checks)} PASS{scope}.",
            "",
        ]
    )


def run_scale(scale: Scale, k: int, bk: int, warmup: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-var-") as tmp:
        env = django_env(scale, Path(tmp), secrets.token_urlsafe(48))
        seeded = prepare_database(scale, env)
        if seeded is not None:
            print(f"seeding {scale.database} took {seeded:.1f} s", flush=True)
        vacuumed = vacuum_if_never(scale)
        ensure_staff(scale, env)
        terms = pick_terms(scale, k + warmup)
        with server(env, Path(tmp) / "server.log") as base:
            api = Api(base, STAFF_USER, STAFF_PASSWORD)
            try:
                rows = measure_http(api, terms, k, warmup)
            finally:
                api.close()
        setup_django(env)
        add_baselines(rows, bk, warmup)
    text = report(scale, rows, terms, (seeded, vacuumed), k, bk, warmup)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{scale.name}.md").write_text(text)
    print(text, flush=True)
    print(f"written to {(RESULTS / f'{scale.name}.md').relative_to(ROOT)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", action="append", choices=list(SCALES), help="repeatable; default: 100k and 1m")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per line (default 60)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per line first (default 5)")
    parser.add_argument("--baseline-requests", type=int, help="timed baseline runs per line (default: --requests)")
    args = parser.parse_args()
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be at least 1 and --warmup not negative")
    scales = list(dict.fromkeys(args.scale or ["100k", "1m"]))
    bk = args.baseline_requests or args.requests
    if len(scales) == 1:
        run_scale(SCALES[scales[0]], args.requests, bk, args.warmup)
        return
    for name in scales:
        opts = ["--requests", str(args.requests), "--warmup", str(args.warmup), "--baseline-requests", str(bk)]
        subprocess.run([sys.executable, __file__, "--scale", name, *opts], check=True)


if __name__ == "__main__":
    main()
