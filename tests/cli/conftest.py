"""Fixtures for running `atlas` in process: a clean environment, a runner that captures what a user sees, and a
small recording HTTP server on 127.0.0.1 for asserting exactly what a command sends."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from atlas_access.cli._main import run
from support.server import LocalServer

ATLAS_JSON = "application/vnd.atlas.2023-01-01+json"


class Outcome(NamedTuple):
    """What a user sees: the exit code, stdout and stderr (equal to the tuple ``(code, out, err)``)."""

    code: int
    out: str
    err: str


AtlasRunner = Callable[..., Outcome]


@pytest.fixture
def atlas_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No Atlas settings from the real environment; the config file lives in tmp_path."""
    import os

    for name in list(os.environ):
        if name.startswith(("MONGODB_ATLAS", "MCLI")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return monkeypatch


@pytest.fixture
def atlas(atlas_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> AtlasRunner:
    """``atlas(*args, stdin="...")``: run the CLI in process; stdin is what the user types (nothing by default)."""

    def invoke(*args: str, stdin: str = "") -> Outcome:
        capsys.readouterr()
        atlas_env.setattr("sys.stdin", io.StringIO(stdin))
        code = run(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def on_server(server: LocalServer, atlas_env: pytest.MonkeyPatch) -> LocalServer:
    """The environment points at the test server, with its org owner's API key, its organization and project."""
    atlas_env.setenv("MONGODB_ATLAS_OPS_MANAGER_URL", server.base_url + "/")
    atlas_env.setenv("MONGODB_ATLAS_PUBLIC_API_KEY", server.bootstrap["publicKey"])
    atlas_env.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", server.bootstrap["privateKey"])
    atlas_env.setenv("MONGODB_ATLAS_ORG_ID", server.org_id)
    atlas_env.setenv("MONGODB_ATLAS_PROJECT_ID", server.project_id)
    return server


# --- a recording server -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: dict[str, str]
    """Lower-case names."""
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
class Recording:
    """Every request it saw; it answers each with ``status`` and ``body``."""

    url: str = ""
    status: int = 200
    body: Any = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    @property
    def only(self) -> Request:
        assert len(self.requests) == 1, self.requests
        return self.requests[0]


@pytest.fixture
def recording(atlas_env: pytest.MonkeyPatch) -> Iterator[Recording]:
    """A server on 127.0.0.1 that records requests; the environment points at it with an API key and an org."""
    recording = Recording()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name.lower(): value for name, value in self.headers.items()}
            recording.requests.append(Request(self.command, self.path, headers, body))
            content = b"" if recording.status == 204 else json.dumps(recording.body).encode()
            self.send_response(recording.status)
            self.send_header("Content-Type", ATLAS_JSON + ";charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PATCH = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    recording.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    atlas_env.setenv("MONGODB_ATLAS_OPS_MANAGER_URL", recording.url)
    atlas_env.setenv("MONGODB_ATLAS_PUBLIC_API_KEY", "abcdefgh")
    atlas_env.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", "11111111-2222-3333-4444-555555555555")
    try:
        yield recording
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
