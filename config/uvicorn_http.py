"""uvicorn's HTTP protocol with TCP_NODELAY on every connection.

With `--workers N` uvicorn's parent binds the socket without naming the TCP protocol, so asyncio does not set
TCP_NODELAY on the connections the workers accept: a response written in two pieces (headers, then body) then
waits for the client's delayed ACK, 40 ms on Linux. Measured here with wrk over one keep-alive connection:
GET /api/health 52 ms with --workers 4, 7 ms with one worker. `--http config.uvicorn_http:NoDelayProtocol`."""

from __future__ import annotations

import asyncio
import contextlib
import socket

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
except ImportError:  # httptools not installed: the pure-Python parser
    from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]


class NoDelayProtocol(Base):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
