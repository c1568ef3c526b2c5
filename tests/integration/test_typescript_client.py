"""The TypeScript client (clients/typescript) against the product as `make run` starts it (`manage.py serve`: web
server, worker, demo data and accounts): its node tests (`npm test`), then its example as its README runs it.

Without node and npm this skips, except in CI (CI set), where it fails. In the PostgreSQL pass it skips: the server
it starts is on SQLite either way, and it has run in the SQLite pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.support.live import PASSWORD, ROOT, LiveServer

pytestmark = pytest.mark.server
CLIENT = ROOT / "clients" / "typescript"
STAFF = "demo_support_admin"


def npm() -> str:
    found = shutil.which("npm")
    if found and shutil.which("node"):
        return found
    if os.environ.get("CI"):
        pytest.fail("CI needs Node.js 20+ and npm for the TypeScript client (clients/typescript)")
    pytest.skip("node or npm is not installed: the TypeScript client's tests need Node.js 20+ (CI has it)")


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=CLIENT, env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"`{' '.join(command[1:])}` exited {done.returncode}:\n{output[-6000:]}"
    return output


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the server it starts is on SQLite either way; it ran in the SQLite pass")
    npm()
    server = LiveServer(
        tmp_path_factory.mktemp("product"),
        command=[sys.executable, "manage.py", "serve"],
        env={"DEMO_PASSWORD": PASSWORD, "DEMO_USERS": "40", "HUEY_IMMEDIATE": "false"},  # as `make run`
        log_path=tmp_path_factory.mktemp("log") / "serve.log",
    )
    try:
        yield server.start(timeout=120)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def client_env(product: LiveServer) -> dict[str, str]:
    if not (CLIENT / "node_modules" / ".package-lock.json").exists():  # `make test` ran npm ci already
        run([npm(), "ci", "--no-audit", "--no-fund", "--loglevel=error"], dict(os.environ))
    return dict(os.environ) | {"BASE_URL": product.url, "USERNAME": STAFF, "PASSWORD": PASSWORD}


def test_the_client_passes_its_tests_against_the_server(client_env: dict[str, str]) -> None:
    output = run([npm(), "test"], client_env)
    assert "# fail 0" in output and "# skipped 0" in output, output[-3000:]


def test_the_readme_example_runs(client_env: dict[str, str]) -> None:
    output = run([npm(), "run", "example"], client_env)
    assert f"Logged in to {client_env['BASE_URL']} as {STAFF}" in output
    assert "409 stale_ticket" in output and f"Assigned to {STAFF}" in output, output
