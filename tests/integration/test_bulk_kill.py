"""The kill test, short (bench/bulk_kill.py is the long one): a real consumer (`manage.py run_worker`) on PostgreSQL
is SIGKILLed while it imports 2,000 rows and then suspends those people in batches of 100, restarted each time and
the operation enqueued again (the sweeper's work, without its minute). At the end nothing is lost or doubled and
the operation's counters equal the tables. Every wait is on state in the database, with a timeout."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count

from adapters.orm.accounts.models import StatusChange, UserProfile
from adapters.orm.bulk.models import BulkOperationRow, BulkRowErrorRow
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.security.models import ThrottleValue
from tests.support.live import ROOT, server_env

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROWS, BATCH, KILLS, PREFIX = 2000, 100, 3, "killed_"


def wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)


def database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.proc = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "manage.py", "run_worker"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def report(self, operation_id: int) -> str:
        """What a failure shows: the operation row and the end of the consumers' output."""
        row = BulkOperationRow.objects.filter(pk=operation_id).values().first()
        return f"{row}\n{self.log.read_text(errors='replace')[-3000:]}"

    def job(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.support.bulk_jobs", *args], cwd=ROOT, env=self.env, capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
        lines = done.stdout.decode().strip().splitlines()  # the id is the last line, whatever was logged before it
        return lines[-1] if lines else ""

    def kill_and_restart(self, operation_id: int) -> None:
        """Enqueued again before the new consumer starts: it does a batch or two before the next kill, not a run."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.job("enqueue", str(operation_id))
        self.proc = self._start()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    if connection.vendor != "postgresql":
        pytest.skip("the kill test runs on PostgreSQL (DATABASE_URL)")
    env = server_env(tmp_path) | {
        "DATABASE_URL": database_url(),
        "HUEY_IMMEDIATE": "false",
        "HUEY_SQLITE_PATH": str(tmp_path / "huey.db"),
        "BULK_BATCH_SIZE": str(BATCH),
        "BULK_APPROVAL_THRESHOLD": "100000",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    w = Worker(env, tmp_path / "worker.log")
    yield w
    w.stop()


def operation(operation_id: int) -> BulkOperationRow:
    return BulkOperationRow.objects.get(pk=operation_id)


def moved(operation_id: int, seen: int) -> Callable[[], bool]:
    def check() -> bool:
        now = operation(operation_id)
        return now.checkpoint > seen or now.status not in ("pending", "in_progress")

    return check


def run_with_kills(worker: Worker, operation_id: int) -> int:
    """SIGKILL the consumer each time it has committed another batch (so the kill lands in the batch after it),
    KILLS times or until the operation ends; then wait for its end. The kills made."""
    kills = 0
    while kills < KILLS:
        wait_for(moved(operation_id, operation(operation_id).checkpoint), "a batch's commit")
        if operation(operation_id).status not in ("pending", "in_progress"):
            break
        worker.kill_and_restart(operation_id)
        kills += 1
    wait_for(lambda: operation(operation_id).status not in ("pending", "in_progress"), "the operation's end")
    return kills


def test_killed_consumers_lose_nothing_and_double_nothing(worker: Worker) -> None:
    imported = int(worker.job("import", str(ROWS), PREFIX))
    assert run_with_kills(worker, imported) == KILLS, worker.report(imported)
    op = operation(imported)
    assert (op.status, op.processed, op.success_count, op.error_count, op.skipped_count) == (
        "completed",
        ROWS,
        ROWS,
        0,
        0,
    ), worker.report(imported)
    assert not BulkRowErrorRow.objects.filter(operation_id=imported).exists()
    people = User.objects.filter(username__startswith=PREFIX)
    assert people.count() == ROWS and UserProfile.objects.filter(username_key__startswith=PREFIX).count() == ROWS
    invites = OutboxMessage.objects.filter(kind="notification", payload__to__startswith=PREFIX)
    assert invites.count() == ROWS and invites.values("payload__to").distinct().count() == ROWS
    assert ThrottleValue.objects.filter(key__startswith="reset:").count() == ROWS  # one link per invitation

    suspended = int(worker.job("status", PREFIX, "kill test"))
    assert run_with_kills(worker, suspended) == KILLS, worker.report(suspended)
    op = operation(suspended)
    assert (op.status, op.processed, op.success_count, op.error_count, op.skipped_count) == (
        "completed",
        ROWS,
        ROWS,
        0,
        0,
    ), worker.report(suspended)
    ids = list(people.values_list("id", flat=True))
    assert UserProfile.objects.filter(user_id__in=ids, account_status="suspended").count() == ROWS
    history = StatusChange.objects.filter(user_id__in=ids, reason="kill test").values("user_id").annotate(n=Count("id"))
    assert len(history) == ROWS and {h["n"] for h in history} == {1}
    events = OutboxMessage.objects.filter(
        kind="event", channel__startswith="user-", payload__type="account.status_changed"
    )
    assert events.count() == ROWS and events.values("channel").distinct().count() == ROWS
