"""`manage.py run_worker` as a real process on its own SQLite database: it seals the audit trail within about a
second of a commit, beats for its health check, and stops cleanly."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import ROOT, prepare, server_env

pytestmark = pytest.mark.server


def wait_for(check: object, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.05)


def unsealed(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_auditentry WHERE chain_seq IS NULL").fetchone()[0])


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    prepare(tmp_path, ["olivia:compliance_officer"])  # migrates, and records staff.create in the audit trail
    env = server_env(tmp_path) | {"AUDIT_SEAL_INTERVAL": "0.2", "HUEY_IMMEDIATE": "false"}
    proc = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env)
    try:
        yield proc, tmp_path
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_the_worker_seals_beats_and_stops(worker: tuple[subprocess.Popen[bytes], Path]) -> None:
    proc, var = worker
    db, beat = var / "db.sqlite3", var / "worker-heartbeat"
    assert unsealed(db) >= 1
    wait_for(lambda: unsealed(db) == 0)
    wait_for(beat.exists)
    env = server_env(var)
    health = subprocess.run(
        [sys.executable, "-m", "config.healthcheck", "worker"], cwd=ROOT, env=env, capture_output=True
    )
    assert health.returncode == 0, health.stderr
    verify = subprocess.run([sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True)
    assert verify.returncode == 0 and b"intact" in verify.stdout, verify.stderr
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
    assert not beat.exists()
    stale = subprocess.run(
        [sys.executable, "-m", "config.healthcheck", "worker"], cwd=ROOT, env=env, capture_output=True
    )
    assert stale.returncode != 0 and b"no heartbeat" in stale.stderr
