"""The deployment as documented: production settings refuse to start without what they need; under them the
container's command serves (two workers) and its health check passes, client IPs behind a trusted proxy reach the audit trail, the API documents need
staff, and uvicorn's own lines are JSON like everything else."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyotp
import pytest

from tests.support.live import ROOT, LiveServer, prepare, server_env
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.server
HOST = "support.example.com"
PROXIED = {"Host": HOST, "X-Forwarded-Proto": "https"}
REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "AUDIT_CHAIN_KEY", "FILES_ENCRYPTION_KEYS"]


def production_env(var_dir: Path, redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "REDIS_URL": redis_url,
        "AUDIT_CHAIN_KEY": "test-only-audit-key-0123456789abcdef",
        "FILES_ENCRYPTION_KEYS": "ab" * 32,
        "LOG_LEVEL": "INFO",
        "HUEY_IMMEDIATE": "false",
    }


def test_production_settings_name_everything_they_miss(tmp_path: Path) -> None:
    env = {k: v for k, v in server_env(tmp_path).items() if k not in REQUIRED}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert all(name in done.stderr for name in REQUIRED), done.stderr[-2000:]
    short = env | production_env(tmp_path, "redis://127.0.0.1:1/0") | {"AUDIT_CHAIN_KEY": "too-short"}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=short, capture_output=True, text=True)
    assert done.returncode != 0 and "at least 32 characters" in done.stderr
    bad_key = short | {"AUDIT_CHAIN_KEY": "test-only-audit-key-0123456789abcdef", "FILES_ENCRYPTION_KEYS": "ab" * 31}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=bad_key, capture_output=True, text=True)
    assert done.returncode != 0 and "64 hex characters" in done.stderr


def test_production_requires_mfa_of_every_human_staff_role_and_development_of_none(tmp_path: Path) -> None:
    show = "from django.conf import settings; print(','.join(settings.MFA_REQUIRED_ROLES))"
    env = server_env(tmp_path) | production_env(tmp_path, "redis://127.0.0.1:1/0")
    prod = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert prod.stdout.strip().split(",") == [
        "support_admin",
        "support_agent",
        "ux_manager",
        "platform_admin",
        "compliance_officer",
        "customer_success",
    ], prod.stderr[-2000:]
    dev = server_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "config.settings.base"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=ROOT,
        env=dev,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout
    typo = env | {"MFA_REQUIRED_ROLES": "support_admin,suport_agent"}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=typo, capture_output=True, text=True)
    assert done.returncode != 0 and "MFA_REQUIRED_ROLES names unknown roles: suport_agent" in done.stderr


@pytest.fixture
def production(tmp_path: Path) -> Iterator[LiveServer]:
    redis = RedisServer(tmp_path).start()
    prepare(tmp_path, ["pat:platform_admin"])
    server = LiveServer(
        tmp_path,
        command=[sys.executable, "-m", "config.web"],  # the Dockerfile's CMD
        env=production_env(tmp_path, redis.url) | {"FORWARDED_ALLOW_IPS": "127.0.0.1", "WEB_CONCURRENCY": "2"},
        health_headers=PROXIED,
        log_path=tmp_path / "server.log",
    )
    try:
        yield server.start()
    finally:
        server.stop()
        redis.stop()


def test_production_as_the_container_runs_it(production: LiveServer) -> None:
    env = server_env(production.var_dir) | production.env | {"PORT": str(production.port)}
    check = subprocess.run([sys.executable, "-m", "config.healthcheck", "web"], cwd=ROOT, env=env, capture_output=True)
    assert check.returncode == 0, check.stderr
    assert httpx.get(f"{production.url}/api/health").status_code == 400  # a Host it does not serve

    login = httpx.post(
        f"{production.url}/api/auth/login",
        json={"username": "pat", "password": "live-server-password-1"},
        headers=PROXIED | {"X-Forwarded-For": "203.0.113.9"},
    )
    assert login.status_code == 200, login.text
    with sqlite3.connect(production.var_dir / "db.sqlite3") as db:
        (ip,) = db.execute("SELECT ip FROM audit_auditentry WHERE action = 'auth.login' ORDER BY id DESC").fetchone()
    assert ip == "203.0.113.9"
    assert login.headers["Cache-Control"] == "no-store"

    anonymous = httpx.get(f"{production.url}/api/openapi.json", headers=PROXIED)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "not_authenticated"
    staff = {"Authorization": f"Bearer {login.json()['token']}"}
    # production requires MFA of staff: the first token can only enrol, and confirming unlocks it
    assert login.json()["scope"] == "mfa_enrolment"
    refused = httpx.get(f"{production.url}/api/users/profiles/", headers=PROXIED | staff)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "mfa_enrolment_required"
    secret = httpx.post(f"{production.url}/api/auth/mfa/totp", headers=PROXIED | staff).json()["secret"]
    confirm = {"code": pyotp.TOTP(secret).now()}
    confirmed = httpx.post(f"{production.url}/api/auth/mfa/totp/confirm", json=confirm, headers=PROXIED | staff)
    assert confirmed.status_code == 200 and confirmed.json()["session_unlocked"] is True, confirmed.text
    assert httpx.get(f"{production.url}/api/openapi.json", headers=PROXIED | staff).status_code == 200
    browser = httpx.get(f"{production.url}/api/docs", headers=PROXIED | {"Accept": "text/html"})
    assert browser.status_code == 302 and browser.headers["Location"].startswith("/admin/login/")
    assert httpx.get(f"{production.url}/api/auth/me", headers=PROXIED | staff).status_code == 200
    assert httpx.get(f"{production.url}/api/users/profiles/424242/", headers=PROXIED | staff).status_code == 404

    production.stop()
    lines = [line for line in (production.var_dir / "server.log").read_text().splitlines() if line.strip()]
    assert any("Uvicorn running" in line or "Started server process" in line for line in lines)
    records = [json.loads(line) for line in lines]  # every line, uvicorn's own included, is one JSON object
    me = [r for r in records if r.get("event") == "request" and r.get("path") == "/api/auth/me"]
    assert me and me[0]["user_id"] == login.json()["user"]["id"]  # the request line says who
    assert not [r for r in records if r.get("logger", "").startswith("django.request")]  # a 404 is one line


def test_an_untrusted_peer_cannot_choose_its_ip(tmp_path: Path) -> None:
    prepare(tmp_path, ["pat:platform_admin"])
    server = LiveServer(tmp_path, args=["--proxy-headers"], env={"FORWARDED_ALLOW_IPS": "192.0.2.1"}).start()
    try:
        headers = {"X-Forwarded-For": "203.0.113.9"}
        login = httpx.post(
            f"{server.url}/api/auth/login",
            json={"username": "pat", "password": "live-server-password-1"},
            headers=headers,
        )
        assert login.status_code == 200
    finally:
        server.stop()
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        (ip,) = db.execute("SELECT ip FROM audit_auditentry WHERE action = 'auth.login' ORDER BY id DESC").fetchone()
    assert ip == "127.0.0.1"
