from __future__ import annotations

import gc
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from entrypoints.harness import TestContainer, build_test_container

IN_CI = bool(os.environ.get("CI"))


def require_service(name: str, url: str | None) -> None:
    """Skip outside CI with the reason; in CI an unreachable service is a failure."""
    problem = None
    if not url:
        problem = f"{name} is not configured"
    else:
        parsed = urlparse(url)
        try:
            socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), timeout=2).close()
        except OSError as exc:
            problem = f"{name} at {parsed.hostname}:{parsed.port} is unreachable ({exc})"
    if problem:
        if IN_CI:
            pytest.fail(f"CI needs {name}: {problem}")
        pytest.skip(f"{problem}; set it to run this test (CI does)")


RUN_TEMP: list[str] = []  # the run's own temp directory, checked when the session finishes


@pytest.fixture(scope="session", autouse=True)
def temp_dir_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The run gets a temp directory of its own (other runs share the system one, so a listing of that would
    see their files too), which must be empty when the session finishes. pytest's own folder (tmp_path) stays
    where it is."""
    tmp_path_factory.getbasetemp()  # pytest's own folder, decided before the temp directory moves
    private, before = tempfile.mkdtemp(prefix="test-run-"), tempfile.tempdir
    RUN_TEMP.append(private)
    environment = pytest.MonkeyPatch()
    environment.setenv("TMPDIR", private)  # child processes the tests start write there too
    tempfile.tempdir = private
    yield
    tempfile.tempdir = before
    environment.undo()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when its tests left anything in the temp directory (checked after the last teardown, once
    every harness has removed its folder), and remove it."""
    while RUN_TEMP:
        private = RUN_TEMP.pop()
        gc.collect()  # harnesses nobody holds any more remove their folders when collected
        # type(), not isinstance(): isinstance asks a lazy object (a request's user) for __class__, which loads it
        for harness in [o for o in gc.get_objects() if issubclass(type(o), TestContainer)]:
            harness.close()  # and those something still holds remove theirs now
        left = sorted(os.listdir(private))
        shutil.rmtree(private, ignore_errors=True)
        if left:
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line(f"the tests left {len(left)} entries in the temp directory: {left[:10]}", red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def harness() -> Iterator[TestContainer]:
    container = build_test_container()
    yield container
    container.close()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require_service("Redis (REDIS_URL)", url)
    return url
