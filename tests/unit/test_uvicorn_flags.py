"""How uvicorn is started, by `python -m config.web` and by `make run` (the serve command): no `server` header,
and X-Forwarded-For trusted only from the proxies FORWARDED_ALLOW_IPS names (none unless it is set)."""

from __future__ import annotations

import pytest

from config import web
from entrypoints.cli.management.commands.serve import uvicorn_args


def test_no_server_header(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert web.options()["server_header"] is False
    assert "--no-server-header" in uvicorn_args("127.0.0.1", 8000)


def test_forwarded_for_is_trusted_only_from_configured_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert web.options()["proxy_headers"] is False
    args = uvicorn_args("127.0.0.1", 8000)
    assert "--no-proxy-headers" in args and "--forwarded-allow-ips" not in args
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5,10.1.0.0/16")
    assert web.options()["proxy_headers"] is True and web.options()["forwarded_allow_ips"] == "10.0.0.5,10.1.0.0/16"
    args = uvicorn_args("127.0.0.1", 8000)
    assert args[args.index("--forwarded-allow-ips") + 1] == "10.0.0.5,10.1.0.0/16" and "--no-proxy-headers" not in args
