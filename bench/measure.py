"""Timing: a real ASGI server (uvicorn, one process) driven by one keep-alive httpx client with sequential
requests, and the baseline a plain Django admin would run, through the ORM in this process (no HTTP)."""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from prepare import ROOT

READY_TIMEOUT_S = 60.0
READY_POLL_S = 0.2

Params = dict[str, Any]
Request = tuple[str, Params]  # path, query


@dataclass(frozen=True)
class Stats:
    samples_ms: tuple[float, ...]

    def pct(self, p: float) -> float:
        """Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it."""
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def p50(self) -> float:
        return self.pct(50)

    @property
    def p95(self) -> float:
        return self.pct(95)

    @property
    def p99(self) -> float:
        return self.pct(99)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(env: dict[str, str], log_path: Path, workers: int = 0) -> Iterator[str]:
    """Start uvicorn on a free port, wait for /api/health to answer 200, yield the base URL, stop it. With
    `workers`, the production web server instead (`python -m config.web`, that many uvicorn worker processes)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    cmd.append("--no-access-log")
    if workers:
        cmd = [sys.executable, "-m", "config.web"]
        env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_ready(base, proc, log_path)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(base: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    with httpx.Client(base_url=base, timeout=5) as client:
        for _ in range(int(READY_TIMEOUT_S / READY_POLL_S)):
            if proc.poll() is not None:
                raise SystemExit(f"the server exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                if client.get("/api/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(READY_POLL_S)
    raise SystemExit(f"the server was not healthy after {READY_TIMEOUT_S:.0f} s:\n{log_path.read_text()[-3000:]}")


class Api:
    """One keep-alive client logged in as staff; `get` raises on anything but 200."""

    def __init__(self, base: str, username: str, password: str):
        self.client = httpx.Client(base_url=base, timeout=120)
        answer = self.client.post("/api/auth/login", json={"username": username, "password": password})
        if answer.status_code != 200:
            raise SystemExit(f"login as {username} failed: {answer.status_code} {answer.text[:300]}")
        self.client.headers["Authorization"] = f"Bearer {answer.json()['token']}"

    def timed_get(self, path: str, params: Params) -> tuple[float, httpx.Response]:
        started = time.perf_counter()
        response = self.client.get(path, params=params)  # reads the whole body
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"GET {response.request.url} -> {response.status_code}: {response.text[:500]}")
        return elapsed, response

    def close(self) -> None:
        self.client.close()

    def another(self) -> Api:
        """A second keep-alive client with the same token (a concurrent agent; no second login)."""
        other = object.__new__(Api)
        other.client = httpx.Client(base_url=self.client.base_url, timeout=120, headers=self.client.headers)
        return other


def run_http(api: Api, requests: Sequence[Request], k: int, warmup: int) -> Stats:
    """`warmup` untimed requests, then `k` timed ones, cycling through `requests` (warm-up takes the first)."""
    for i in range(warmup):
        api.timed_get(*requests[i % len(requests)])
    return Stats(tuple(api.timed_get(*requests[i % len(requests)])[0] for i in range(warmup, warmup + k)))


def run_http_parallel(api: Api, requests: Sequence[Request], k: int, warmup: int, clients: int) -> Stats:
    """`clients` keep-alive clients at once, each `warmup` untimed then about k/clients timed requests, terms
    cycling as in run_http: the latency each request sees while the others are in flight."""
    apis = [api.another() for _ in range(clients)]

    def one(c: int) -> list[float]:
        own = [requests[(c + clients * j) % len(requests)] for j in range(warmup + -(-k // clients))]
        for r in own[:warmup]:
            apis[c].timed_get(*r)
        return [apis[c].timed_get(*r)[0] for r in own[warmup:]]

    try:
        with ThreadPoolExecutor(clients) as pool:
            samples = [ms for part in pool.map(one, range(clients)) for ms in part]
    finally:
        for a in apis:
            a.close()
    return Stats(tuple(samples))


def walk_pages(api: Api, params: Params, pages: int) -> tuple[Stats, str]:
    """Follow next_cursor `pages` times from the first page; per-page times of the follows and the last cursor."""
    _, first = api.timed_get("/api/users/profiles/", params)
    cursor: str | None = first.json()["next_cursor"]
    samples, last = [], ""
    for _ in range(pages):
        if cursor is None:
            raise SystemExit(f"ran out of pages before {pages} follows: need more matching rows")
        last = cursor
        elapsed, page = api.timed_get("/api/users/profiles/", {**params, "cursor": cursor})
        samples.append(elapsed)
        cursor = page.json()["next_cursor"]
    return Stats(tuple(samples)), last


def run_local(fn: Callable[[Any], object], args: Sequence[Any], k: int, warmup: int) -> Stats:
    for i in range(warmup):
        fn(args[i % len(args)])
    samples = []
    for i in range(warmup, warmup + k):
        started = time.perf_counter()
        fn(args[i % len(args)])
        samples.append((time.perf_counter() - started) * 1000)
    return Stats(tuple(samples))


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    for path in (str(ROOT), str(ROOT / "src")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def admin_search(term: str, offset: int = 0, limit: int = 25) -> int:
    """What a plain ModelAdmin with search_fields on the four user fields runs: icontains OR'ed over auth_user
    joined to the profile, COUNT(*) of the match, then an OFFSET page in the admin's default order (-pk)."""
    from django.db.models import Q

    from adapters.orm.accounts.models import UserProfile

    match = Q()
    for field in ("username", "email", "first_name", "last_name"):
        match |= Q(**{f"user__{field}__icontains": term})
    qs = UserProfile.objects.select_related("user").filter(match).order_by("-user_id")
    total = qs.count()
    return total + len(list(qs[offset : offset + limit]))


def admin_deep_page(offset: int, limit: int = 25) -> int:
    """The admin list sorted by name (last, first, pk): COUNT(*) of the table and OFFSET `offset` LIMIT 25."""
    from adapters.orm.accounts.models import UserProfile

    qs = UserProfile.objects.select_related("user").order_by("user__last_name", "user__first_name", "user_id")
    total = qs.count()
    return total + len(list(qs[offset : offset + limit]))
