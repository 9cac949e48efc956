"""Fixtures for running `atlas` in process: a clean environment, a runner that captures what a user sees, and a
small recording HTTP server on 127.0.0.1 for asserting exactly what a command sends."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from atlas_access.cli._main import run
from support.recording import Recorder, recording_server
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

Recording = Recorder


@pytest.fixture
def recording(atlas_env: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """A server on 127.0.0.1 that records requests and answers 200 ``{}`` (set ``status``/``body``), without a
    Digest challenge; the environment points at it with an API key."""
    with recording_server(Recorder(status=200, body={}, challenge=False)) as found:
        atlas_env.setenv("MONGODB_ATLAS_OPS_MANAGER_URL", found.url + "/")
        atlas_env.setenv("MONGODB_ATLAS_PUBLIC_API_KEY", "abcdefgh")
        atlas_env.setenv("MONGODB_ATLAS_PRIVATE_API_KEY", "11111111-2222-3333-4444-555555555555")
        yield found
