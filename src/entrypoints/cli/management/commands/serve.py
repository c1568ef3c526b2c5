"""`make run`: migrate, load demo data, then run the web server and a Huey consumer together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from entrypoints.cli.demo import demo_password, ensure_articles, ensure_staff, ensure_tickets
from entrypoints.cli.demo_access import align_demo_passwords, demo_password_refusal
from entrypoints.cli.demo_telemetry import ensure_telemetry


class Command(BaseCommand):
    help = "Run the product on its embedded defaults: web (uvicorn) and a Huey consumer. Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--demo-users", type=int, default=int(os.environ.get("DEMO_USERS", "200")))

    def handle(self, *args: Any, **opts: Any) -> None:
        password = checked_demo_password()  # before anything is migrated or seeded
        call_command("migrate", interactive=False, verbosity=0)
        self._seed_learners(opts["demo_users"])  # first: the demo learner below would make it look seeded
        staff = ensure_staff(password)
        self._align_passwords(password)
        ensure_articles()  # before the tickets: a new ticket's category may come from the knowledge base
        ensure_tickets()
        ensure_telemetry()  # after the learners: an hour of browsing, errors and an alert on the dashboard
        base = f"http://{opts['host']}:{opts['port']}"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "  User management and support back end is starting.",
                    *console_lines(base, password),
                    f"  API docs (Swagger):  {base}/api/docs",
                    f"  OpenAPI document:    {base}/api/openapi.json",
                    f"  Health:              {base}/api/health",
                    f"  Event stream (SSE):  {base}/events/?channel=users",
                    f"  Django admin:        {base}/admin/  (superuser 'admin')",
                    f"  Logins:              {', '.join(staff)}  (demo_learner is a learner)",
                    f"  Password (all):      {password}",
                    mfa_line(settings.MFA_REQUIRED_ROLES),
                    "  Log in:  curl -s -X POST "
                    f"{base}/api/auth/login -H 'Content-Type: application/json' "
                    f'-d \'{{"username": "demo_support_admin", "password": "{password}"}}\'',
                    "  Ctrl-C stops the web server and the task consumer.",
                    "",
                ]
            )
        )
        self.stdout.flush()
        self._run(opts["host"], opts["port"])

    def _align_passwords(self, password: str) -> None:
        changed = align_demo_passwords(password)
        if changed:
            self.stdout.write(f"  The demo password changed: set on {len(changed)} existing demo accounts.")

    def _seed_learners(self, count: int) -> None:
        from django.apps import apps

        if count > 0 and apps.is_installed("adapters.orm.accounts"):
            call_command("seed_demo", users=count, activities_per_user=20, seed=1, if_empty=True, cohort=300)

    def _run(self, host: str, port: int) -> None:
        supervisor = Supervisor(uvicorn_args(host, port), [sys.executable, "manage.py", "run_worker"], self.stdout)
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        supervisor.start()
        try:
            while not stopping and supervisor.step():
                time.sleep(0.2)
        finally:
            supervisor.stop()
        self.stdout.write("stopped web server and task consumer")
        if not stopping:
            raise SystemExit(1)


def console_lines(base: str, password: str) -> list[str]:
    """The banner's first lines: where the staff console is and how to sign in, or how to get it."""
    if (Path(settings.CONSOLE_DIST) / "index.html").is_file():
        return [
            f"  Staff console:       {base}/console/",
            f"  Sign in as:          demo_support_agent (or demo_support_admin, ...), password {password}",
        ]
    return [
        "  Staff console:       not built: it needs Node.js 20+ and npm (https://nodejs.org/en/download);",
        f"                       install them and run make run again, then open {base}/console/",
    ]


def checked_demo_password() -> str:
    """The demo password, or a one-line CommandError (no traceback) when the password policy refuses it."""
    password = demo_password()
    refusal = demo_password_refusal(password)
    if refusal:
        raise CommandError(refusal)
    return password


class Supervisor:
    """The web server and the worker of `make run`. A worker that dies is started again after a pause that doubles
    (1 s up to MAX_PAUSE, back to 1 s once a worker has lived STABLE seconds), and each restart is said; the web
    server dying ends the run, the worker with it."""

    MAX_PAUSE = 60.0
    STABLE = 60.0

    def __init__(
        self,
        web: list[str],
        worker: list[str],
        out: IO[str] | OutputWrapper,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.web_args, self.worker_args, self.out, self.sleep = web, worker, out, sleep
        self.restarts, self.pause, self.started = 0, 1.0, 0.0

    def start(self) -> None:
        self.web = subprocess.Popen(self.web_args)
        self.worker = self._worker()

    def _worker(self) -> subprocess.Popen[bytes]:
        self.started = time.monotonic()
        return subprocess.Popen(self.worker_args)

    def step(self) -> bool:
        """One look at both processes: False when the run is over (the web server exited)."""
        if self.web.poll() is not None:
            self.out.write(f"web server exited with code {self.web.returncode}; stopping\n")
            return False
        code = self.worker.poll()
        if code is None:
            return True
        if time.monotonic() - self.started > self.STABLE:
            self.pause = 1.0
        self.restarts += 1
        self.out.write(f"worker exited with code {code}; restarting it in {self.pause:g} s (restart {self.restarts})\n")
        self.sleep(self.pause)
        self.pause = min(self.MAX_PAUSE, self.pause * 2)
        self.worker = self._worker()
        return True

    def stop(self) -> None:
        procs = [p for p in (getattr(self, "web", None), getattr(self, "worker", None)) if p is not None]
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def uvicorn_args(host: str, port: int) -> list[str]:
    """The web server's command line: no `server` header, and X-Forwarded-For trusted only from the proxies
    FORWARDED_ALLOW_IPS names (unset: from nobody; uvicorn's own default trusts 127.0.0.1, so any local process
    could pick its own address for the login protection)."""
    proxies = os.environ.get("FORWARDED_ALLOW_IPS", "").strip()
    trust = ["--forwarded-allow-ips", proxies] if proxies else ["--no-proxy-headers"]
    return [
        *[sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", host, "--port", str(port)],
        *["--no-access-log", "--no-server-header", "--lifespan", "off"],
        *["--http", "config.uvicorn_http:NoDelayProtocol", *trust],
    ]


def mfa_line(required: list[str]) -> str:
    """What the banner says about MFA: production requires it of the human staff roles, development by default not."""
    if required:
        roles = ", ".join(required)
        return f"  MFA:                 required for {roles} (MFA_REQUIRED_ROLES); enrol: POST /api/auth/mfa/totp"
    return (
        "  MFA:                 not required in development (MFA_REQUIRED_ROLES is empty; production requires it of "
        "all staff).\n                       To try it: MFA_REQUIRED_ROLES=support_admin,platform_admin make run"
    )
