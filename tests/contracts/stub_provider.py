"""A local stand-in for an SMS API or a webhook: http.server in a thread on a free port, answering what the test
asks (200, a 4xx, a 5xx, or nothing at all until the client times out) and keeping what it was sent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Stub:
    url: str
    answer: int = 200  # 0: hang until released
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def stub_provider() -> Iterator[Stub]:
    stub = Stub("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            stub.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if stub.answer == 0:
                stub.release.wait(10)
                return
            self.send_response(stub.answer)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"sid": "SM1"}' if stub.answer < 300 else b'{"message": "no"}')

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
