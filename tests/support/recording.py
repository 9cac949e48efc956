"""A recording HTTP server on 127.0.0.1: what a client (the ``atlas`` CLI) sends, byte for byte.

It answers ``POST /api/oauth/token`` with a fresh unsigned JWT; when ``challenge`` is on, a request without
``Authorization`` gets a Digest challenge first (as MongoDB Cloud does), so the client's real Digest retry runs;
every other request gets ``status`` and ``body`` (bytes as they are, anything else as JSON).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["CHALLENGE", "Recorded", "Recorder", "recording_server", "unsigned_token"]

CHALLENGE = 'Digest realm="MMS Public API", domain="", nonce="bm9uY2U", algorithm=MD5, qop="auth", stale=false'


@dataclass(frozen=True)
class Recorded:
    method: str
    target: str  # the raw request target: path and query, as sent
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Recorder:
    """What the server answers (after any challenge) and every request it saw."""

    status: int = 204
    body: Any = b""
    content_type: str = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    challenge: bool = True
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""

    @property
    def answered(self) -> list[Recorded]:
        """The requests answered with the canned response (with a challenge: the authenticated ones)."""
        return [r for r in self.requests if not self.challenge or "authorization" in r.headers]

    @property
    def last(self) -> Recorded:
        assert self.answered, self.requests
        return self.answered[-1]

    @property
    def only(self) -> Recorded:
        assert len(self.answered) == 1, self.requests
        return self.answered[0]

    def content(self) -> bytes:
        if self.status == 204:
            return b""
        return self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()


def unsigned_token(expires_in: int = 3600) -> str:
    """A JWT the client can read ``exp`` from (the server here never verifies it)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part({'exp': int(time.time()) + expires_in, 'sub': 'sa'})}.c2ln"


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            recorder.requests.append(Recorded(self.command, self.path, headers, body))
            if self.path == "/api/oauth/token":
                token = {"access_token": unsigned_token(), "token_type": "Bearer", "expires_in": 3600}
                self._send(200, json.dumps(token).encode())
            elif recorder.challenge and "authorization" not in headers:
                self._send(401, b'{"error":401}', {"WWW-Authenticate": CHALLENGE})
            else:
                self._send(recorder.status, recorder.content(), {"Content-Type": recorder.content_type})

        def _send(self, status: int, content: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def recording_server(recorder: Recorder | None = None) -> Iterator[Recorder]:
    """Serve until the block ends; ``recorder.url`` is ``http://127.0.0.1:PORT`` (no trailing slash)."""
    found = recorder or Recorder()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    httpd.daemon_threads = True
    found.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
