from __future__ import annotations

import os
import socket
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


@pytest.fixture
def harness() -> TestContainer:
    return build_test_container()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require_service("Redis (REDIS_URL)", url)
    return url
