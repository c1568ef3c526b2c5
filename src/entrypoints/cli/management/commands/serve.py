"""`make run`: migrate, load demo data, then run the web server and a Huey consumer together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from entrypoints.cli.demo import demo_password, ensure_articles, ensure_staff, ensure_tickets


class Command(BaseCommand):
    help = "Run the product on its embedded defaults: web (uvicorn) and a Huey consumer. Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--demo-users", type=int, default=int(os.environ.get("DEMO_USERS", "200")))

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self._seed_learners(opts["demo_users"])  # first: the demo learner below would make it look seeded
        password = demo_password()
        staff = ensure_staff(password)
        ensure_articles()  # before the tickets: a new ticket's category may come from the knowledge base
        ensure_tickets()
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

    def _seed_learners(self, count: int) -> None:
        from django.apps import apps

        if count > 0 and apps.is_installed("adapters.orm.accounts"):
            call_command("seed_demo", users=count, activities_per_user=20, seed=1, if_empty=True, cohort=300)

    def _run(self, host: str, port: int) -> None:
        manage = [sys.executable, "manage.py"]
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "config.asgi:application",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--no-access-log",
                    "--lifespan",
                    "off",
                    "--http",
                    "config.uvicorn_http:NoDelayProtocol",
                ]
            ),
            subprocess.Popen([*manage, "run_worker"]),
        ]
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in procs):
                time.sleep(0.2)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGINT)
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        self.stdout.write("stopped web server and task consumer")
        codes = [p.returncode for p in procs]
        if not stopping and any(codes):
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


def mfa_line(required: list[str]) -> str:
    """What the banner says about MFA: production requires it of the human staff roles, development by default not."""
    if required:
        roles = ", ".join(required)
        return f"  MFA:                 required for {roles} (MFA_REQUIRED_ROLES); enrol: POST /api/auth/mfa/totp"
    return (
        "  MFA:                 not required in development (MFA_REQUIRED_ROLES is empty; production requires it of "
        "all staff).\n                       To try it: MFA_REQUIRED_ROLES=support_admin,platform_admin make run"
    )
