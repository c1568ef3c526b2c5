"""Production settings as a newcomer starts them: `uvicorn config.asgi:application` with only the project root on
the path, `python -m config.web` with settings missing (exits non-zero, once, saying why), and a Prometheus scrape
of `/metrics` over plain HTTP (not redirected to https; the API still is)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.live import ROOT, server_env

pytestmark = pytest.mark.server


def production(var_dir: Path) -> dict[str, str]:
    env = server_env(var_dir) | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "support.example.com",
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "AUDIT_CHAIN_KEY": "test-only-audit-key-0123456789abcdef",
        "FILES_ENCRYPTION_KEYS": "ab" * 32,
    }
    env["PYTHONPATH"] = str(ROOT)  # as uvicorn or gunicorn run from the project root: src/ is not on the path
    return env


def test_the_asgi_application_loads_with_production_settings_from_the_project_root(tmp_path: Path) -> None:
    code = "import config.asgi, sys; print(type(config.asgi.application).__name__, 'domain' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["PooledASGIHandler", "True"]


def test_the_web_process_exits_once_with_the_reason_when_settings_are_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in production(tmp_path).items() if k != "SECRET_KEY"} | {"WEB_CONCURRENCY": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "config.web"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.count("Production settings need: SECRET_KEY") == 1, done.stderr[-3000:]
    assert "Started" not in done.stderr  # no worker was started (and restarted) to fail the same way


def test_prometheus_scrapes_metrics_over_plain_http_and_the_api_still_goes_to_https(tmp_path: Path) -> None:
    check = """
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
security = SecurityMiddleware(lambda request: HttpResponse())
for path in ("/metrics", "/api/health", "/api/users/profiles/", "/admin/"):
    response = security.process_request(RequestFactory().get(path, HTTP_HOST="support.example.com"))
    print(response.status_code if response else "passed")
"""
    env = production(tmp_path) | {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", check],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # SECURE_SSL_REDIRECT is on; the scrape (docs/monitoring.md) and the health check are exempt, nothing else
    assert done.stdout.split() == ["passed", "passed", "301", "301"], done.stderr[-3000:]


def test_the_bare_host_steps_collect_the_static_files_the_admin_pages_need(tmp_path: Path) -> None:
    steps = (ROOT / "README.md").read_text().split("## Scaling out", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in steps.splitlines() if line.startswith("python")]
    assert commands.index("python manage.py collectstatic --noinput") < commands.index("python -m config.web")
    page = """
from django.test import Client
try:
    print(Client(HTTP_HOST="support.example.com", HTTP_X_FORWARDED_PROTO="https").get("/admin/login/").status_code)
except ValueError as error:  # the test client raises what the server would answer 500 with
    print(str(error).split("'")[0].strip())
"""
    env = production(tmp_path) | {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "STATIC_ROOT": str(tmp_path / "static")}

    def admin_login() -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", page],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stdout.strip() or done.stderr[-3000:]

    assert admin_login() == "Missing staticfiles manifest entry for"
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True, timeout=120)
    assert admin_login() == "200"
