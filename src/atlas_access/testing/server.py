"""A real ``atlas-access serve`` process for a test suite: started on a free port, ready when its health check
answers, stopped with its process group; the local API's calls a test needs (snapshots, reset, fixtures,
clock)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

__all__ = ["BASELINE", "Server", "ServerError"]

BASELINE = "atlas-access-baseline"  # the snapshot every test starts from
START_SECONDS = 60.0
_SERVING = re.compile(r"atlas-access serving (\S+)")


class ServerError(RuntimeError):
    """The server did not start, or a local-API call failed; the message carries what the server said."""


class Server:
    """A running server: its URL, its bootstrap credentials (``bootstrap.json``) and its output file."""

    def __init__(self, process: subprocess.Popen[bytes], base_url: str, data_dir: Path, log: Path) -> None:
        self.process = process
        self.base_url = base_url
        self.data_dir = data_dir
        self.log = log
        self.bootstrap: dict[str, Any] = json.loads((data_dir / "bootstrap.json").read_text())
        self._admin = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {self.bootstrap['adminToken']}"},
            timeout=60,
            trust_env=False,
        )

    @classmethod
    def start(cls, data_dir: Path, *, args: tuple[str, ...] = (), env: Mapping[str, str] | None = None) -> Server:
        """``atlas-access serve --port 0`` in ``data_dir`` (rate limits off unless ``args`` say otherwise); waits
        until it answers its health check."""
        data_dir.mkdir(parents=True, exist_ok=True)
        log = data_dir / "serve.log"
        command = [sys.executable, "-m", "atlas_access.server", "serve", "--host", "127.0.0.1", "--port", "0"]
        command += ["--data-dir", str(data_dir)]
        if not any(arg.startswith("--rate-limits") for arg in args):
            command += ["--rate-limits", "off"]
        environment = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,  # stopped with its whole group, never asked anything
            )
        try:
            base_url = cls._wait(process, log)
            return cls(process, base_url, data_dir, log)
        except BaseException:
            cls._kill(process)
            raise

    @staticmethod
    def _wait(process: subprocess.Popen[bytes], log: Path) -> str:
        deadline = time.monotonic() + START_SECONDS
        base_url = None
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServerError(f"atlas-access serve ended with {process.returncode}:\n{log.read_text()}")
            if base_url is None and (shown := _SERVING.search(log.read_text(errors="replace"))):
                base_url = shown.group(1)
            if base_url is not None:
                try:
                    if httpx.get(f"{base_url}/api/local/v1/health", timeout=2, trust_env=False).status_code == 200:
                        return base_url
                except httpx.TransportError:
                    pass
            time.sleep(0.05)
        raise ServerError(f"atlas-access serve did not answer within {START_SECONDS:.0f} s:\n{log.read_text()}")

    @staticmethod
    def _kill(process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)

    def stop(self) -> None:
        self._admin.close()
        self._kill(self.process)

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # the local API (docs/wire.md §10)

    def local(self, method: str, path: str, body: Any = None) -> Any:
        """One call of ``/api/local/v1``: its JSON answer; ``ServerError`` for an error answer."""
        answer = self._admin.request(method, f"/api/local/v1{path}", json=body)
        if answer.status_code >= 400:
            raise ServerError(f"{method} /api/local/v1{path}: {answer.status_code} {answer.text}")
        return answer.json() if answer.content else None

    def save(self, name: str = BASELINE) -> None:
        """Keep the current state as a named snapshot."""
        self.local("POST", "/snapshots", {"name": name})

    def restore(self, name: str = BASELINE) -> None:
        """Bring the state back to a snapshot (the server's clock too)."""
        self.local("POST", f"/snapshots/{name}:restore")

    def reset(self) -> dict[str, Any]:
        """Empty the state and bootstrap again with the same credentials (and the seed file)."""
        answer: dict[str, Any] = self.local("POST", "/reset")
        return answer

    def fixtures(self, document: Mapping[str, Any]) -> dict[str, Any]:
        """Build what a fixture document describes (docs/fixtures.md); its ids and secrets."""
        answer: dict[str, Any] = self.local("POST", "/fixtures", document)
        return answer

    def advance(self, duration: str) -> None:
        """Move the server's clock forward (``"31d"``, ``"90s"``)."""
        self.local("POST", "/clock", {"advance": duration})
