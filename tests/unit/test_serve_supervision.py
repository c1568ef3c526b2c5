"""`make run` (the serve command): a worker that dies is restarted with a growing pause, and says so; the web
server dying ends the run."""

from __future__ import annotations

import io
import subprocess
import sys

from entrypoints.cli.management.commands.serve import Supervisor

WAIT = [sys.executable, "-c", "import time; time.sleep(60)"]
DIE = [sys.executable, "-c", "import sys; sys.exit(3)"]


def test_a_dead_worker_is_restarted_with_backoff_and_the_web_server_stays() -> None:
    out, pauses = io.StringIO(), []
    supervisor = Supervisor(web=WAIT, worker=DIE, out=out, sleep=pauses.append)
    supervisor.start()
    web = supervisor.web
    try:
        restarts = 0
        while restarts < 3:
            supervisor.worker.wait(timeout=10)
            assert supervisor.step() is True
            if supervisor.restarts > restarts:
                restarts = supervisor.restarts
        assert supervisor.web is web and web.poll() is None  # the web server never went down
        assert [p for p in pauses if p >= 1] == [1, 2, 4]
        lines = out.getvalue().splitlines()
        assert lines[0] == "worker exited with code 3; restarting it in 1 s (restart 1)"
        assert len(lines) == 3
    finally:
        supervisor.stop()
    assert web.poll() is not None


def test_the_web_server_dying_ends_the_run() -> None:
    out = io.StringIO()
    supervisor = Supervisor(web=DIE, worker=WAIT, out=out, sleep=lambda s: None)
    supervisor.start()
    try:
        supervisor.web.wait(timeout=10)
        assert supervisor.step() is False
    finally:
        supervisor.stop()
    assert supervisor.worker.poll() is not None and "web server exited with code 3" in out.getvalue()
    assert isinstance(supervisor.web, subprocess.Popen)
