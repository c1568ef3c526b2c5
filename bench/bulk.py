"""Bulk operations on PostgreSQL with a real Huey consumer (`manage.py run_worker`), part of `make bench`.

    .venv/bin/python bench/bulk.py [--import-rows 10000 100000] [--status-users 50000] [--export-users 1000000]

Each operation is started through the service (as the API does) in this process and run by the consumer; the
time is from the start to `completed` in the operation row, and the consumer's peak RSS is read from /proc.
The specification's bar, 1,000 users in 10 minutes, is printed beside each figure. Database: bulk_bench (or
BULK_BENCH_DB) on DATABASE_URL's server (or BENCH_PG_URL, or local trust), created afresh by the benchmark. The
export first tops the users up to --export-users with plain SQL (generate_series), then exports every one."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
SPEC_RATE = 1000 / 600  # the specification: 1,000 users within 10 minutes
DATABASE = os.environ.get("BULK_BENCH_DB", "bulk_bench")


def server_url() -> str:
    from urllib.parse import urlsplit, urlunsplit

    raw = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432"
    parts = urlsplit(raw)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def environment(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=f"{server_url()}/{DATABASE}",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        SECRET_KEY=secrets.token_urlsafe(40),
        VAR_DIR=str(var_dir),
        HUEY_IMMEDIATE="false",
        HUEY_SQLITE_PATH=str(var_dir / "huey.sqlite3"),
        HUEY_WORKERS="2",
        BULK_APPROVAL_THRESHOLD="100000000",
        BULK_MAX_ROWS="2000000",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    return env


def fresh_database(env: dict[str, str]) -> None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


def setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


class Consumer:
    """`manage.py run_worker` as a child process; its peak RSS (VmHWM) is read before it is stopped."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.peak_kb = 0

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=self.env)

    def sample(self) -> None:
        if self.proc is None:
            return
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    self.peak_kb = max(self.peak_kb, int(line.split()[1]))
        except FileNotFoundError:
            return

    def kill(self) -> None:
        if self.proc is not None:
            self.sample()
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.sample()
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


def admin() -> Any:
    from django.contrib.auth.models import Group, User

    from domain.shared.permissions import Role
    from entrypoints.bootstrap import container

    user, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"email": "bench@example.com", "is_staff": True}
    )
    user.groups.add(Group.objects.get_or_create(name=Role.PLATFORM_ADMIN.value)[0])
    principal = container().auth.principal_for_user(user.pk)
    assert principal is not None
    return principal


def top_up(users: int) -> None:
    """Synthetic learners (seed_<n>) until `users` accounts exist, written by SQL in one statement per table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM auth_user")
        have, top = cursor.fetchone()
        more = users - have
        if more <= 0:
            return
        began = time.perf_counter()
        cursor.execute(
            """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                   is_active, date_joined)
               SELECT '!', false, 'seed_' || g, 'First' || g, CASE WHEN g %% 100 = 0 THEN '=cmd' ELSE 'Last' || g END,
                   'seed_' || g || '@example.com', false, true, now() - (g %% 1000) * interval '1 hour'
               FROM generate_series(%s, %s) g""",
            [top + 1, top + more],
        )
        cursor.execute(
            """INSERT INTO accounts_userprofile (user_id, account_status, status_reason, last_activity, risk_score,
                   support_priority, platform_role, date_joined, marketing_consent, enrollment_count,
                   completed_count, completion_rate, total_learning_time, username_key, email_key, first_key,
                   last_key, search_text)
               SELECT u.id, 'active', '', u.date_joined, (u.id %% 100) / 100.0, 'normal', 'learner', u.date_joined,
                   u.id %% 2 = 0, 0, 0, 0, 0, lower(u.username), lower(u.email), lower(u.first_name),
                   lower(u.last_name), lower(u.username || ' ' || u.email || ' ' || u.first_name || ' ' || u.last_name)
               FROM auth_user u WHERE u.id > %s""",
            [top],
        )
        cursor.execute("ANALYZE auth_user; ANALYZE accounts_userprofile")
    print(f"  {more:,} users added in {time.perf_counter() - began:.0f} s", flush=True)


def csv_file(rows: int, prefix: str) -> bytes:
    lines = ["username,email,first_name,last_name,support_priority"]
    lines += [f"{prefix}{i},{prefix}{i}@example.com,First{i},Last{i},normal" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


class Upload:
    def __init__(self, name: str, data: bytes):
        self.name, self.size, self.data = name, len(data), data

    def chunks(self) -> Any:
        yield self.data


def start(request: Any) -> int:
    from entrypoints.bootstrap import container

    return int(container().bulk.start(admin(), request).id)


def wait(operation_id: int, consumer: Consumer, timeout: float = 3600) -> tuple[float, Any]:
    from entrypoints.bootstrap import container

    began, op = time.perf_counter(), None
    while time.perf_counter() - began < timeout:
        consumer.sample()
        op = container().bulk_runner.store.get(operation_id)
        if op is not None and op.status.value in ("completed", "failed", "cancelled"):
            return time.perf_counter() - began, op
        time.sleep(0.2)
    raise SystemExit(f"operation {operation_id} did not finish: {op}")


def line(what: str, items: int, seconds: float, consumer: Consumer, target: str) -> str:
    rate = items / seconds if seconds else 0
    return (
        f"| {what} | {items:,} | {seconds:.1f} s | {rate:,.0f}/s | {consumer.peak_kb / 1024:.0f} MB | {target} | "
        f"{items / SPEC_RATE:,.0f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--import-rows", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--status-users", type=int, default=50_000)
    parser.add_argument("--export-users", type=int, default=0, help="top the users up to this many, export them all")
    args = parser.parse_args()
    env = environment(Path(tempfile.mkdtemp(prefix="bulk-bench-")))
    fresh_database(env)
    setup(env)
    from domain.accounts.model import AccountStatus
    from domain.accounts.search import ProfileSearch
    from domain.bulk import parameters as p
    from domain.bulk.model import OperationType as T
    from domain.bulk.service import StartRequest

    rows = [
        "| operation | items | time | rate | consumer peak RSS | issue's bar | spec's bar (1,000 in 10 min) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for count in args.import_rows:
        consumer = Consumer(env)
        consumer.start()
        upload = Upload("bench.csv", csv_file(count, f"imp{count}_"))
        op_id = start(StartRequest(T.IMPORT_USERS, False, mode=p.ImportMode.UPSERT, upload=upload))
        seconds, op = wait(op_id, consumer)
        consumer.stop()
        assert op.success_count == count, op
        rows.append(
            line(
                "import_users (upsert, invitations queued)",
                count,
                seconds,
                consumer,
                "≤ 30 s" if count <= 10_000 else "≤ 120 s",
            )
        )
        print(rows[-1], flush=True)
    if args.status_users:
        from adapters.orm.accounts.models import UserProfile

        ids = list(UserProfile.objects.order_by("user_id").values_list("user_id", flat=True)[: args.status_users])
        consumer = Consumer(env)
        consumer.start()
        params = p.StatusParams(p.Targets.of_ids(ids), AccountStatus.SUSPENDED, "bench")
        seconds, op = wait(start(StartRequest(T.UPDATE_STATUS, False, params)), consumer)
        consumer.stop()
        rows.append(line("update_status (history, revocation, events)", op.success_count, seconds, consumer, "≤ 60 s"))
        print(rows[-1], flush=True)
    if args.export_users:
        top_up(args.export_users)
        consumer = Consumer(env)
        consumer.start()
        export = p.ExportParams(
            ProfileSearch(),
            ("id", "username", "email", "first_name", "last_name", "account_status", "date_joined"),
            p.ExportFormat.CSV,
        )
        seconds, op = wait(start(StartRequest(T.EXPORT, False, export)), consumer)
        consumer.stop()
        rows.append(line("export to CSV", op.success_count, seconds, consumer, "≤ 15 s, ≤ 200 MB"))
        print(rows[-1], flush=True)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
