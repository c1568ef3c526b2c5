"""Benchmark data: one PostgreSQL database per scale, seeded once by `manage.py seed_demo` and reused on later
runs, the staff account the HTTP client logs in with, and search terms picked from the seeded rows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
STAFF_USER = "bench_admin"
# the product's password policy refuses one that contains the username or e-mail local part ("bench", "admin")
STAFF_PASSWORD = os.environ.get("BENCH_STAFF_PASSWORD", "quiet-lantern-orbits-harbour-5817")
SEED = 42
HEAVY_ACTIVITIES = 10_000
HEAVY_SESSION = "bench-heavy"  # marks activity rows this benchmark inserted itself
SEEDED_TABLES = [
    "auth_user",
    "accounts_userprofile",
    "accounts_course",
    "accounts_enrollment",
    "accounts_useractivitylog",
]


@dataclass(frozen=True)
class Scale:
    name: str
    users: int
    activities_per_user: int

    @property
    def database(self) -> str:
        """BENCH_DATABASE names it for a single-scale run (say one seeded earlier); else bench_<scale>."""
        return os.environ.get("BENCH_DATABASE") or f"bench_{self.name}"


SCALES = {s.name: s for s in (Scale("small", 2_000, 20), Scale("100k", 100_000, 50), Scale("1m", 1_000_000, 5))}


def server_url() -> str:
    """The PostgreSQL server without a database: BENCH_PG_URL, else DATABASE_URL's server, else local trust."""
    raw = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL") or ""
    if not raw.startswith("postgres"):
        raw = "postgres://postgres@127.0.0.1:5432"
    parts = urlsplit(raw)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def database_url(scale: Scale) -> str:
    return f"{server_url()}/{scale.database}"


def django_env(scale: Scale, var_dir: Path, secret_key: str) -> dict[str, str]:
    """Environment of manage.py, the server and the in-process baseline. Huey's SQLite file goes to a scratch
    directory so the benchmark never touches the developer's var/; Redis stays off (one web process)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=database_url(scale),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY=secret_key,
        VAR_DIR=str(var_dir),
        HUEY_SQLITE_PATH=str(var_dir / "huey.sqlite3"),
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout.strip()


def prepare_database(scale: Scale, env: dict[str, str]) -> float | None:
    """Create, migrate and seed the scale's database; the seeding time, or None when the data was reused."""
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scale.database]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scale.database)))
    manage(env, "migrate", "--verbosity", "0")
    with psycopg.connect(database_url(scale)) as conn:
        row = conn.execute("SELECT count(*) FROM accounts_userprofile").fetchone()
    profiles = row[0] if row else 0
    if profiles >= scale.users:
        return None
    if profiles:
        raise SystemExit(
            f"{scale.database} holds {profiles} profiles, fewer than {scale.users}: "
            f"drop it (dropdb -h 127.0.0.1 -U postgres {scale.database}) and run again"
        )
    args = [
        "--users",
        str(scale.users),
        "--activities-per-user",
        str(scale.activities_per_user),
        "--seed",
        str(SEED),
        "--no-rollups",
    ]
    print(f"seeding {scale.database}: seed_demo {' '.join(args)}", flush=True)
    started = time.perf_counter()
    print(manage(env, "seed_demo", *args), flush=True)
    return time.perf_counter() - started


def vacuum_if_never(scale: Scale) -> float | None:
    """VACUUM (ANALYZE) seeded tables that were never vacuumed (autovacuum may be off or not yet run): a COPY-loaded
    table has no visibility map and no hint bits, which would slow the first reads and every index-only scan."""
    with psycopg.connect(database_url(scale), autocommit=True) as conn:
        stale = [
            r[0]
            for r in conn.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
                "AND last_vacuum IS NULL AND last_autovacuum IS NULL",
                [SEEDED_TABLES],
            ).fetchall()
        ]
        if not stale:
            return None
        print(f"VACUUM (ANALYZE) {', '.join(stale)}: never vacuumed", flush=True)
        started = time.perf_counter()
        for table in stale:
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
    return time.perf_counter() - started


def ensure_staff(scale: Scale, env: dict[str, str]) -> None:
    with psycopg.connect(database_url(scale)) as conn:
        if conn.execute("SELECT 1 FROM auth_user WHERE username = %s", [STAFF_USER]).fetchone():
            return
    staff_env = {**env, "STAFF_PASSWORD": STAFF_PASSWORD}
    manage(staff_env, "create_staff", STAFF_USER, "--role", "platform_admin", "--email", "bench_admin@example.com")


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    email: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Terms:
    """Everything the requests vary over, read from the seeded data before the timed loops."""

    people: list[Person]
    courses: list[str]
    light_users: list[tuple[int, int]]  # (user id, activity rows), closest to 10 first
    heavy_user: int
    heavy_rows: int
    heavy_inserted: bool
    joined: tuple[datetime, datetime]
    profiles: int
    activities: int

    def name_prefixes(self) -> list[str]:
        return [p.last_name[:4] for p in self.people]

    def email_fragments(self) -> list[str]:
        """Five characters from the middle of the local part (say `a.smi` of maria.smith12@...)."""
        out = []
        for p in self.people:
            local = p.email.split("@")[0]
            mid = len(local) // 2
            out.append(local[max(0, mid - 2) : mid + 3] if len(local) >= 5 else p.email[:5])
        return out

    def trigrams(self) -> list[str]:
        return [p.first_name[1:4] for p in self.people]

    def emails(self) -> list[str]:
        return [p.email for p in self.people]

    def swapped(self) -> list[str]:
        """The full name, surname first (`Meyer Freya`)."""
        return [f"{p.last_name} {p.first_name}" for p in self.people]

    def typos(self) -> list[str]:
        """The full name with one letter of the surname changed (`Freya Meeer`): a typo-tolerant search."""
        return [f"{p.first_name} {one_typo(p.last_name)}" for p in self.people]


def one_typo(word: str) -> str:
    i = len(word) // 2
    return word[:i] + ("a" if word[i].lower() == "e" else "e") + word[i + 1 :]


SAMPLE = """
SELECT u.id, u.username, u.email, u.first_name, u.last_name
FROM auth_user u TABLESAMPLE BERNOULLI (%s) REPEATABLE (42)
JOIN accounts_userprofile p ON p.user_id = u.id
WHERE length(u.first_name) >= 4 AND length(u.last_name) >= 4
ORDER BY md5(u.id::text) LIMIT %s
"""
ACTIVITY_COUNTS = """
WITH c AS MATERIALIZED (SELECT user_id, count(*) AS n FROM accounts_useractivitylog GROUP BY user_id)
(SELECT user_id, n FROM c ORDER BY abs(n - 10), md5(user_id::text) LIMIT %s)
UNION ALL (SELECT user_id, n FROM c ORDER BY n DESC, user_id LIMIT 1)
"""
INSERT_HEAVY = """
INSERT INTO accounts_useractivitylog
    (user_id, activity_type, activity_data, ip_address, user_agent, timestamp, session_id)
SELECT %s, 'course.view', '{}'::jsonb, '198.51.100.7', 'bench', now() - g * interval '37 minutes', %s
FROM generate_series(1, %s) AS g
"""


def pick_terms(scale: Scale, count: int) -> Terms:
    with psycopg.connect(database_url(scale), autocommit=True) as conn:
        percent = min(100.0, 400.0 * count / scale.users)
        people = [Person(*r) for r in conn.execute(SAMPLE, [percent, count]).fetchall()]
        if len(people) < count:
            raise SystemExit(f"found only {len(people)} sample users in {scale.database}")
        courses = [r[0] for r in conn.execute("SELECT code FROM accounts_course ORDER BY id").fetchall()]
        counts = conn.execute(ACTIVITY_COUNTS, [count]).fetchall()
        (heavy, heavy_rows), light = counts[-1], counts[:-1]
        inserted = heavy_rows >= HEAVY_ACTIVITIES and bool(
            conn.execute(
                "SELECT 1 FROM accounts_useractivitylog WHERE user_id = %s AND session_id = %s LIMIT 1",
                [heavy, HEAVY_SESSION],
            ).fetchone()
        )
        if heavy_rows < HEAVY_ACTIVITIES:
            print(f"no user has {HEAVY_ACTIVITIES} activity rows: inserting them for user {heavy}", flush=True)
            conn.execute(INSERT_HEAVY, [heavy, HEAVY_SESSION, HEAVY_ACTIVITIES])
            conn.execute("ANALYZE accounts_useractivitylog")
            heavy_rows, inserted = heavy_rows + HEAVY_ACTIVITIES, True
        joined = conn.execute("SELECT min(date_joined), max(date_joined) FROM accounts_userprofile").fetchone()
        totals = conn.execute(
            "SELECT (SELECT count(*) FROM accounts_userprofile), (SELECT count(*) FROM accounts_useractivitylog)"
        ).fetchone()
    assert joined is not None and totals is not None
    return Terms(people, courses, light, heavy, heavy_rows, inserted, (joined[0], joined[1]), totals[0], totals[1])


def server_facts(scale: Scale) -> str:
    with psycopg.connect(database_url(scale)) as conn:
        rows = conn.execute(
            "SELECT name, current_setting(name) FROM unnest(ARRAY['server_version', 'shared_buffers', 'work_mem', "
            "'effective_cache_size', 'max_parallel_workers_per_gather']) AS name"
        ).fetchall()
    facts: dict[str, str] = {str(k): str(v) for k, v in rows}
    version = facts.pop("server_version").split()[0]
    return f"PostgreSQL {version} (" + ", ".join(f"{k}={v}" for k, v in facts.items()) + ")"
