"""The web process for deployments: `python -m config.web` runs WEB_CONCURRENCY uvicorn workers, each on its own
listening socket bound with SO_REUSEPORT, so that the kernel spreads connections evenly over the workers.

With `uvicorn --workers N` every worker accepts from one shared socket and whichever wakes first takes the
connection: under 200 agents the busiest of four workers held 77 connections and the quietest 50, and its requests
waited half as long again (p95 1.6 s where the median was 0.9 s). Per-worker sockets are hashed by the kernel.
They are also created with the TCP protocol named, so asyncio sets TCP_NODELAY on every connection.

Settings from the environment: HOST (0.0.0.0), PORT (8000), WEB_CONCURRENCY (the CPUs this process may use),
FORWARDED_ALLOW_IPS (the proxies whose X-Forwarded-For is trusted; unset: none),
PROMETHEUS_MULTIPROC_DIR (emptied here), LOG_JSON/DJANGO_SETTINGS_MODULE (log
format, see logformat.py); WEB_THREADS and DB_POOL_MAX are read by the settings."""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

APP = "config.asgi:application"


def reuseport_socket(host: str, port: int, backlog: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


class OneSocketEach(Multiprocess):
    """uvicorn's supervisor (signals, health pings, restarts), giving worker i the i-th socket. A worker that fails
    before it serves (the application cannot be loaded) would fail the same way on every restart: the supervisor
    stops then, and `failed` says so."""

    failed = False

    def _spawn(self, index: int) -> Process:
        process = Process(self.config, [self.sockets[index]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._spawn(i) for i in range(self.processes_num)]

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            retire_metrics(process.pid)
            if process.exitcode == STARTUP_FAILURE:
                self.failed = True
                self.should_exit.set()
                return
            if not self.should_exit.is_set():
                self.processes[index] = self._spawn(index)

    def restart_all(self) -> None:
        for index, old in enumerate(self.processes):
            old.terminate()
            old.join()
            retire_metrics(old.pid)
            self.processes[index] = self._spawn(index)


def options() -> dict[str, Any]:
    """uvicorn's settings besides the address: no `server` header, and X-Forwarded-For read only from the proxies
    FORWARDED_ALLOW_IPS names (unset: from nobody, so no local process can choose its own address)."""
    proxies = os.environ.get("FORWARDED_ALLOW_IPS", "").strip()
    return {
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        "server_header": False,
        "access_log": False,
        "lifespan": "off",
        "http": "config.uvicorn_http:NoDelayProtocol",
    }


def config(workers: int, host: str, port: int) -> Config:
    log_config = os.path.join(os.path.dirname(__file__), "uvicorn-log.json")
    return Config(APP, host=host, port=port, workers=workers, log_config=log_config, **options())


def fresh_metrics_dir() -> None:
    """prometheus_client's multi-process mode: the web processes write their metric files to
    PROMETHEUS_MULTIPROC_DIR; the files of a previous run would be summed in, so the directory starts empty."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))


def retire_metrics(pid: int | None) -> None:
    """A worker that is gone no longer counts in the `live*` gauges (open SSE streams, database pool use): without
    this a killed worker's last figures would be summed in until the next restart of the whole web process."""
    if pid is not None and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


def settings_problem() -> str:
    """Why the Django settings cannot be loaded (empty when they can), checked once before any worker starts: every
    worker would otherwise print the same reason and be restarted a few seconds later, for ever."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings module)
    except Exception as error:  # any failure to load them is reported the same way
        return f"{type(error).__name__}: {error}"
    return ""


def main() -> None:
    problem = settings_problem()
    if problem:
        sys.stderr.write(f"config.web: cannot start, the settings are incomplete. {problem}\n")
        raise SystemExit(1)
    fresh_metrics_dir()
    host, port = os.environ.get("HOST", "0.0.0.0"), int(os.environ.get("PORT", "8000"))  # noqa: S104
    workers = max(1, int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0))))
    cfg = config(workers, host, port)  # also configures logging
    sockets = [reuseport_socket(host, port, cfg.backlog) for _ in range(workers)]
    supervisor = OneSocketEach(cfg, sockets)
    supervisor.run()
    if supervisor.failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
