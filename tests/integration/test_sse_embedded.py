"""Live events on the embedded default (SQLite, no Redis, as `make run`): what the worker process publishes reaches
a browser on the web process, because the web process follows the stored events; what the web process publishes
itself is not sent twice. A real uvicorn server, a real `manage.py run_worker` and a browser session's SSE stream."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live import PASSWORD, ROOT, LiveServer, SseClient, prepare, server_env

pytestmark = pytest.mark.server
QUEUED = {"HUEY_IMMEDIATE": "false"}  # tasks go to the worker, never run inline in the web process


@pytest.fixture(scope="module")
def web_and_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp_path: Path = tmp_path_factory.mktemp("embedded")
    prepare(tmp_path, ["sam:support_admin", "pat:platform_admin"])
    web = LiveServer(tmp_path, env=QUEUED).start(timeout=60)
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=server_env(tmp_path) | QUEUED)
    try:
        yield web
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        web.stop()


def browser_session(web: LiveServer, username: str) -> httpx.Cookies:
    """Signed in the console's way: the CSRF token, then the password step; the cookies a browser keeps."""
    with httpx.Client(base_url=web.url, timeout=10) as browser:
        csrf = browser.get("/api/auth/csrf").json()["csrf_token"]
        signed_in = browser.post(
            "/api/auth/browser/login",
            json={"username": username, "password": PASSWORD},
            headers={"X-CSRFToken": csrf},
        )
        assert signed_in.status_code == 200, signed_in.text
        return browser.cookies


def test_bulk_progress_from_the_worker_reaches_a_browser_without_redis(web_and_worker: LiveServer) -> None:
    web = web_and_worker
    admin = {"Authorization": f"Bearer {web.login('pat')}"}
    learners = [
        httpx.post(
            f"{web.url}/api/users/profiles/",
            json={"username": f"lea{i}", "email": f"lea{i}@example.com"},
            headers=admin,
        ).json()["id"]
        for i in range(3)
    ]
    with SseClient(f"{web.url}/events/?channel=bulk", None, cookies=browser_session(web, "sam")) as sse:
        assert sse.opened() == 200
        started = httpx.post(
            f"{web.url}/api/users/bulk-operations/",
            json={
                "operation_type": "update_status",
                "dry_run": False,
                "parameters": {"user_ids": learners, "status": "suspended", "reason": "term ended"},
            },
            headers={"Authorization": f"Bearer {web.login('sam')}"},
        )
        assert started.status_code == 202 and started.json()["status"] == "pending", started.text
        op = started.json()["operation_id"]
        done = sse.expect(
            "bulk.progress", timeout=20, where=lambda d: d["operation_id"] == op and d["status"] == "completed"
        )
        assert done["success_count"] == 3 and done["progress"] == 100.0
        time.sleep(0.6)  # two more looks of the follower: nothing it delivered comes again
        assert len(sse.ids) == len(set(sse.ids)), sse.ids


def test_the_web_processs_own_events_arrive_once(web_and_worker: LiveServer) -> None:
    web = web_and_worker
    admin = {"Authorization": f"Bearer {web.login('pat')}"}
    with SseClient(f"{web.url}/events/?channel=users", None, cookies=browser_session(web, "sam")) as sse:
        assert sse.opened() == 200
        for i in range(3):
            body = {"username": f"once{i}", "email": f"once{i}@example.com"}
            assert httpx.post(f"{web.url}/api/users/profiles/", json=body, headers=admin).status_code == 201
        created = [sse.expect("account.created")["user_id"] for _ in range(3)]
        time.sleep(0.6)  # the follower looks at these rows too: it must not send them again
        assert len(set(created)) == 3 and sse.events.empty() and len(sse.ids) == len(set(sse.ids)) == 3
