"""The containers' health checks, without loading Django (they run every 30 s):

    python -m config.healthcheck web      GET /api/health on this container, with a Host it accepts
    python -m config.healthcheck worker   the run_worker heartbeat is fresh (30 s)

Exit 0 when healthy. The web check sends the first ALLOWED_HOSTS name (a bare 127.0.0.1 is refused under
production settings) and answers healthy on 200, which includes "degraded" (Redis away): only a down database
takes the node out."""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def allowed_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        host = host.strip().lstrip(".")
        if host and "*" not in host:
            return host
    return "localhost"


def web() -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/health", headers={"Host": allowed_host(), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310  (a fixed local URL)
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


def worker(max_age: float = 30.0) -> int:
    path = Path(os.environ.get("VAR_DIR", ROOT / "var")) / "worker-heartbeat"
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        print(f"no heartbeat at {path}: is run_worker running?", file=sys.stderr)
        return 1
    if age > max_age:
        print(f"the worker's last heartbeat is {age:.0f} s old", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "web"
    if kind not in {"web", "worker"}:
        sys.exit("usage: python -m config.healthcheck web|worker")
    sys.exit(web() if kind == "web" else worker())
