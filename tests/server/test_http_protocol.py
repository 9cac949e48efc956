"""What ``atlas-access serve`` does below the application (``server/http_protocol.py``), spoken to with raw sockets:

- a connection whose request headers are not complete within ``--header-timeout`` seconds (from its opening, or
  from the previous answer) is closed, while other connections are served;
- a request the HTTP parser refuses gets the catalog's JSON error body, ``X-Error-Code`` and the security headers,
  not uvicorn's plain-text ``Invalid HTTP request received.``: an unknown method is 405 ``METHOD_NOT_ALLOWED`` with
  the path's ``Allow`` list (404 for a path that names nothing), an over-long request line 400 ``VALIDATION_ERROR``.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.process import ServerProcess, server_command

HEADER_TIMEOUT = 1.0
WAIT = 10.0  # the longest any socket here waits for an answer
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    data = tmp_path_factory.mktemp("http-protocol") / "data"
    with ServerProcess(data, extra_args=("--header-timeout", str(HEADER_TIMEOUT))) as server:
        yield server


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    closed_after: float  # seconds from the last byte sent until the server closed the connection

    def json(self) -> Any:
        return json.loads(self.body)


def _connect(server: ServerProcess) -> socket.socket:
    assert server.port is not None
    return socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)


def _read_to_close(sock: socket.socket) -> tuple[bytes, float]:
    """Everything until the server closes the connection, and how long that took."""
    began, received = time.monotonic(), b""
    while chunk := sock.recv(65536):
        received += chunk
    return received, time.monotonic() - began


def _read_one(sock: socket.socket) -> Answer:
    """One answer on a connection that stays open (its headers, then Content-Length bytes of body)."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    answer = _parse(received, 0.0)
    while len(answer.body) < int(answer.headers["content-length"]):
        answer.body += sock.recv(65536)
    return answer


def _parse(received: bytes, closed_after: float) -> Answer:
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split(" ")[1]), headers, body, closed_after)


def _exchange(server: ServerProcess, *parts: bytes) -> Answer:
    """Send ``parts`` on a new connection, a moment apart (as separate segments), and read until it closes."""
    with _connect(server) as sock:
        for index, part in enumerate(parts):
            if index:
                time.sleep(0.1)
            sock.sendall(part)
        return _parse(*_read_to_close(sock))


def _expect_error(answer: Answer, status: int, code: str) -> dict[str, Any]:
    assert answer.status == status, answer
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["x-error-code"] == code
    assert answer.headers["connection"] == "close"
    assert int(answer.headers["content-length"]) == len(answer.body)
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value
    body: dict[str, Any] = answer.json()
    assert sorted(body) == ["detail", "error", "errorCode", "parameters", "reason"]
    assert (body["error"], body["errorCode"]) == (status, code)
    return body


# --- the header timeout ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /api/private/ipinfo HT", b"GET /api/private/ipinfo HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*"],
    ids=["nothing", "half a request line", "headers without their end"],
)
def test_a_connection_without_complete_headers_is_closed_after_the_timeout(served: ServerProcess, sent: bytes) -> None:
    with _connect(served) as slow:
        slow.sendall(sent)
        began = time.monotonic()
        # Meanwhile another connection is served as usual.
        other = _exchange(served, b"GET /api/private/ipinfo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert other.status == 401
        received, _ = _read_to_close(slow)
        closed_after = time.monotonic() - began
    assert received == b""  # closed without an answer
    assert HEADER_TIMEOUT - 0.2 <= closed_after <= HEADER_TIMEOUT + 2


def test_the_timeout_starts_again_after_each_answer(served: ServerProcess) -> None:
    with _connect(served) as sock:
        for _ in range(2):  # a keep-alive connection: two requests, well within the timeout each
            sock.sendall(b"GET /api/private/ipinfo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _read_one(sock).status == 401
            time.sleep(HEADER_TIMEOUT * 0.6)
        sock.sendall(b"GET /api/private/ipinfo HTTP/1.1\r\nHost")  # then a request that never ends
        began = time.monotonic()
        received, _ = _read_to_close(sock)
    assert received == b""
    assert time.monotonic() - began <= HEADER_TIMEOUT + 2


def test_a_slow_request_that_completes_in_time_is_served(served: ServerProcess) -> None:
    parts = [b"GET /api/private/ipinfo HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close\r\n\r\n"]
    answer = _exchange(served, *parts)  # 0.2 s in all
    assert answer.status == 401


def test_the_timeout_is_an_option_with_a_default_of_ten_seconds() -> None:
    result = subprocess.run([str(server_command()), "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "--header-timeout SECONDS" in text
    shown = text.split("--header-timeout", 1)[1].split("--", 1)[0]
    assert "[env var: ATLAS_ACCESS_HEADER_TIMEOUT; default: 10.0;" in shown  # every serve option has its variable


def test_a_timeout_that_is_not_positive_is_a_usage_error(tmp_path: Path) -> None:
    command = [str(server_command()), "serve", "--data-dir", str(tmp_path), "--header-timeout", "0"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--header-timeout" in result.stderr


# --- requests the parser refuses ------------------------------------------------------------------------------------


def test_an_unknown_method_is_405_with_the_paths_allow_list(served: ServerProcess) -> None:
    answer = _exchange(served, b"FOO /api/atlas/v2/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    body = _expect_error(answer, 405, "METHOD_NOT_ALLOWED")
    assert answer.headers["allow"] == "GET, POST"
    assert body["detail"] == "Method FOO is not allowed for /api/atlas/v2/orgs."
    assert body["parameters"] == ["FOO", "/api/atlas/v2/orgs"]
    assert body["reason"] == "Method Not Allowed"


def test_an_unknown_method_follows_pretty_and_the_path_that_names_nothing_is_404(served: ServerProcess) -> None:
    pretty = _exchange(served, b"FOO /api/atlas/v2/groups?pretty=true HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _expect_error(pretty, 405, "METHOD_NOT_ALLOWED")
    assert pretty.body.startswith(b'{\n  "detail" : "Method FOO is not allowed for /api/atlas/v2/groups."')
    nowhere = _exchange(served, b"FOO /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert _expect_error(nowhere, 404, "RESOURCE_NOT_FOUND")["detail"] == "Cannot find resource /nowhere."


def test_an_unknown_method_split_across_segments(served: ServerProcess) -> None:
    answer = _exchange(served, b"F", b"OO /api/atlas/v2/orgs HT", b"TP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _expect_error(answer, 405, "METHOD_NOT_ALLOWED")


def test_an_unknown_method_after_an_answer_on_the_same_connection(served: ServerProcess) -> None:
    with _connect(served) as sock:
        sock.sendall(b"GET /api/private/ipinfo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert _read_one(sock).status == 401
        sock.sendall(b"FOO /api/atlas/v2/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = _parse(*_read_to_close(sock))
    _expect_error(answer, 405, "METHOD_NOT_ALLOWED")


def test_an_over_long_request_line_is_400(served: ServerProcess) -> None:
    target = b"/api/atlas/v2/orgs?name=" + b"a" * 70_000
    answer = _exchange(served, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    body = _expect_error(answer, 400, "VALIDATION_ERROR")
    assert body["parameters"] == ["the request target is longer than 65535 bytes"]
    assert body["detail"] == (
        "The request content produced the validation error: the request target is longer than 65535 bytes."
    )
    unknown = _exchange(served, b"FOO " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _expect_error(unknown, 400, "VALIDATION_ERROR")


def test_a_long_request_line_within_the_limit_is_served(served: ServerProcess) -> None:
    target = b"/api/private/ipinfo?x=" + b"a" * 60_000
    answer = _exchange(served, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert answer.status == 401
    assert answer.headers["x-error-code"] == "UNEXPECTED_ERROR"  # the authentication challenge, as ever


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET / HTTP/9.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: many\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello to the plain-text port
    ],
    ids=["bad version", "bad content length", "not HTTP"],
)
def test_other_unparsable_requests_are_400(served: ServerProcess, request_bytes: bytes) -> None:
    answer = _exchange(served, request_bytes)
    _expect_error(answer, 400, "VALIDATION_ERROR")
    assert answer.closed_after < HEADER_TIMEOUT  # answered at once, not left to the timeout
