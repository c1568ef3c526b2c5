"""The uvicorn protocol sets TCP_NODELAY on the connections a worker accepts: with `--workers N` the inherited
socket has no TCP protocol number, so asyncio leaves Nagle's algorithm on and a two-part response waits 40 ms for
the client's delayed ACK (52 ms health checks under the README's scale-out, 7 ms with one worker)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from config.uvicorn_http import Base, NoDelayProtocol


class Transport:
    def __init__(self, sock: socket.socket):
        self.sock = sock

    def get_extra_info(self, name: str) -> Any:
        return self.sock if name == "socket" else None


def test_accepted_connections_get_tcp_nodelay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Base, "connection_made", lambda self, transport: None)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn's parent binds it
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        NoDelayProtocol.connection_made(object.__new__(NoDelayProtocol), Transport(accepted))  # type: ignore[arg-type]
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        for s in (client, accepted, listener):
            s.close()
