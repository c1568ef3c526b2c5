"""A real ASGI server (uvicorn in a subprocess) and an SSE client, for end-to-end tests."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
STAFF_SCRIPT = """
import django, os, sys
django.setup()
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container
for spec in sys.argv[1:]:
    name, role = spec.split(":")
    container().staff.create_staff(SYSTEM, name, name + "@example.com", os.environ["STAFF_PASSWORD"], Role(role))
"""
PASSWORD = "live-server-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(var_dir: Path, redis_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(var_dir),
        PYTHONPATH=f"{ROOT / 'src'}:{ROOT}",
        STAFF_PASSWORD=PASSWORD,
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(var_dir: Path, staff: list[str], redis_url: str = "") -> None:
    env = server_env(var_dir, redis_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-c", STAFF_SCRIPT, *staff], cwd=ROOT, env=env, check=True)


@dataclass
class LiveServer:
    var_dir: Path
    redis_url: str = ""
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    args: list[str] = field(default_factory=list)  # more uvicorn options
    command: list[str] = field(default_factory=list)  # instead of uvicorn (it gets PORT and HOST)
    env: dict[str, str] = field(default_factory=dict)  # over server_env()
    health_headers: dict[str, str] = field(default_factory=dict)  # what the readiness probe sends
    log_path: Path | None = None  # where stdout and stderr go (default: inherited)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> LiveServer:  # generous: a busy CI machine starts Django slowly
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(self.port)]
        command += ["--no-access-log", "--timeout-graceful-shutdown", "2", *self.args]
        command = self.command or command
        output = self.log_path.open("wb") if self.log_path else None
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_env(self.var_dir, self.redis_url) | {"HOST": "127.0.0.1", "PORT": str(self.port)} | self.env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # readiness: wait until the port answers
            if self.proc.poll() is not None:
                raise RuntimeError("server exited during start")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1, headers=self.health_headers).status_code in (
                    200,
                    503,
                ):
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()  # a server that never answered is not left running after the test
        raise TimeoutError("server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def login(self, username: str) -> str:
        r = httpx.post(f"{self.url}/api/auth/login", json={"username": username, "password": PASSWORD}, timeout=10)
        r.raise_for_status()
        return str(r.json()["token"])


class SseClient:
    """Reads an SSE stream in a thread; events arrive on `events` as (type, data)."""

    def __init__(self, url: str, token: str | None, last_event_id: str = "", cookies: httpx.Cookies | None = None):
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        if last_event_id:
            self.headers["Last-Event-ID"] = last_event_id
        self.last_id = ""  # the id of the latest event received (what a browser sends back on reconnect)
        self.ids: list[str] = []  # every event's id, in order (a browser session's stream: `cookies`)
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.status: queue.Queue[int] = queue.Queue()
        self._client = httpx.Client(timeout=httpx.Timeout(10, read=30), cookies=cookies)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._closed = False

    def __enter__(self) -> SseClient:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed = True
        self._client.close()

    def _run(self) -> None:
        try:
            with self._client.stream("GET", self.url, headers=self.headers) as response:
                self.status.put(response.status_code)
                if response.status_code != 200:
                    return
                event_type, data = "message", ""
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        event_type = line[6:].strip()
                    elif line.startswith("id:"):
                        self.last_id = line[3:].strip()
                        self.ids.append(self.last_id)
                    elif line.startswith("data:"):
                        data += line[5:].strip()
                    elif line == "":
                        if event_type or data:
                            self.events.put((event_type, json.loads(data) if data else None))
                        event_type, data = "", ""
        except (httpx.HTTPError, RuntimeError):
            if not self._closed:
                raise

    def opened(self, timeout: float = 10) -> int:
        status = self.status.get(timeout=timeout)
        if status == 200:
            self.expect("stream-open", timeout)
        return status

    def expect(self, event_type: str, timeout: float = 5, where: Any = None) -> Any:
        """The data of the next event of `event_type` (matching `where` when given)."""
        deadline = time.monotonic() + timeout
        while True:
            kind, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if kind == event_type and (where is None or where(data)):
                return data


def servers(var_dir: Path, n: int, redis_url: str = "") -> Iterator[list[LiveServer]]:
    started = [LiveServer(var_dir, redis_url).start() for _ in range(n)]
    try:
        yield started
    finally:
        for s in started:
            s.stop()
