"""A real ``atlas-access serve`` process for end-to-end tests.

``ServerProcess`` runs the installed console script (the ``atlas-access`` next to ``sys.executable``) on a
free 127.0.0.1 port, waits until it answers, and gives clients already holding the bootstrap credentials.
Unlike ``support.server.LocalServer`` (uvicorn in a thread of the test process), this one can be killed
with SIGKILL, and several of them can share one PostgreSQL database.

Processes given the same PostgreSQL ``database_url`` share one set of signing keys: a real deployment gives its
processes the same keys through ``ATLAS_ACCESS_KEYS`` (or one data directory), and so does this helper, with a
document made once per database URL. A SQLite process keeps its keys in its data directory.

Output (stdout and stderr) is appended to ``<data dir>/server.log``; every start appends a marker line,
and errors quote only the output of the current start.

Cleanup: ``stop()`` (SIGTERM, then SIGKILL after a timeout) on leaving the ``with`` block, and at
interpreter exit for a process still running. For deaths of the test process that skip both (SIGKILL,
``os._exit``), the server is started through ``setpriv --pdeathsig KILL`` when util-linux's ``setpriv``
is present: the kernel then kills the server when the thread that started it ends (so start servers
from the thread that lives as long as they should, normally pytest's main thread). ``setpriv`` execs
the server, so the spawned pid *is* the server and signals reach it directly.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

from atlas_access.server.keys import ENVIRONMENT as KEYS_ENVIRONMENT
from atlas_access.server.keys import KeySet
from support.clients import V2_ACCEPT, ServerClients

__all__ = ["V2_ACCEPT", "ServerProcess", "server_command"]

HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
LOG_NAME = "server.log"
_LOG_TAIL_CHARS = 6000
_PORT_ATTEMPTS = 3
_SHARED_KEYS: dict[str, str] = {}  # database URL -> the key document every process on it gets


def _shared_keys(database_url: str) -> str:
    """The ``ATLAS_ACCESS_KEYS`` document of the processes on one database (made on first use)."""
    if database_url not in _SHARED_KEYS:
        _SHARED_KEYS[database_url] = json.dumps(KeySet.fresh().document())
    return _SHARED_KEYS[database_url]


def server_command() -> Path:
    """The ``atlas-access`` console script of the running interpreter's environment."""
    script = Path(sys.executable).with_name("atlas-access")
    if not script.exists():
        raise RuntimeError(f"{script} not found: install the project into the environment running the tests")
    return script


class _PortTaken(Exception):
    """Someone else bound the port between our choosing it and the server binding it."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _death_signal_prefix() -> list[str]:
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []


class ServerProcess(ServerClients):
    """``atlas-access serve`` as a child process.

    ``bootstrap``: the bootstrap document to use instead of reading ``<data_dir>/bootstrap.json``; needed
    when this process shares a database that another one bootstrapped (only the first start writes it).
    ``rate_limits``: ``"atlas"`` (the server's default) or ``"off"`` for load tests.
    ``extra_args`` are appended to the ``serve`` command line.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str | None = None,
        rate_limits: str = "atlas",
        sqlite_synchronous: str | None = None,
        bootstrap: dict[str, Any] | None = None,
        port: int | None = None,
        extra_args: tuple[str, ...] = (),
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.rate_limits = rate_limits
        self.sqlite_synchronous = sqlite_synchronous
        self.extra_args = extra_args
        self.start_timeout = start_timeout
        self._given_bootstrap = bootstrap
        self._fixed_port = port
        self.port: int | None = None
        self.bootstrap: dict[str, Any] = {}
        self.timings: dict[str, float] = {}
        """Seconds taken by the last ``start`` (spawn until it answered) and ``stop``/``kill``."""
        self._process: subprocess.Popen[bytes] | None = None
        self._spawned_at = 0.0
        self._log_offset = 0
        self._clients: list[httpx.Client] = []

    # -- properties ------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server has not been started")
        return f"http://{HOST}:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.data_dir / LOG_NAME

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("the server has not been started")
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    @property
    def org_id(self) -> str:
        return str(self.bootstrap["orgId"])

    @property
    def project_id(self) -> str:
        return str(self.bootstrap["projectId"])

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<ServerProcess {state} port={self.port} data_dir={self.data_dir}>"

    # -- lifecycle -------------------------------------------------------------------------------

    def command(self, port: int) -> list[str]:
        command = [
            str(server_command()),
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--data-dir",
            str(self.data_dir),
            "--rate-limits",
            self.rate_limits,
        ]
        if self.database_url is not None:
            command += ["--database-url", self.database_url]
        if self.sqlite_synchronous is not None:
            command += ["--sqlite-synchronous", self.sqlite_synchronous]
        return command + list(self.extra_args)

    def start(self) -> Self:
        """Spawn the server and wait until it answers; raises RuntimeError (with its output) otherwise.

        A port taken by someone else between choosing and binding it is retried with another one.
        """
        deadline = time.monotonic() + self.start_timeout
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            self.spawn()
            try:
                return self.wait_until_ready(deadline)
            except _PortTaken:
                if attempt == _PORT_ATTEMPTS:
                    raise RuntimeError(f"no free port after {attempt} attempts; output:\n{self.output()}") from None
        raise AssertionError("unreachable")

    def spawn(self) -> Self:
        """Start the process without waiting for it (see ``wait_until_ready``): to start several at once."""
        if self.running:
            raise RuntimeError("the server is already running")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self._fixed_port or _free_port()
        self._spawned_at = time.monotonic()
        self._spawn(self.port)
        atexit.register(self._at_exit)
        return self

    def wait_until_ready(self, deadline: float | None = None) -> Self:
        """Wait until the spawned server answers, then load the bootstrap document.

        ``deadline`` (``time.monotonic()``) defaults to ``start_timeout`` after the spawn. On failure the
        process is killed and RuntimeError carries its output.
        """
        if self._process is None or self.port is None:
            raise RuntimeError("the server has not been spawned")
        if deadline is None:
            deadline = self._spawned_at + self.start_timeout
        try:
            answering = self._wait_until_answering(self.port, deadline)
        except BaseException:
            self.kill()
            raise
        if not answering:
            output = self.output()
            if self.running:  # still starting at the deadline
                self.kill()
                raise RuntimeError(
                    f"atlas-access did not answer on {HOST}:{self.port} within {self.start_timeout:.0f} s; "
                    f"output ({self.log_file}):\n{output}"
                )
            self.kill()  # reaps it and forgets it at exit
            if "address already in use" in output.lower() and self._fixed_port is None:
                raise _PortTaken
            raise RuntimeError(
                f"atlas-access exited with code {self.returncode} while starting on {HOST}:{self.port}; "
                f"output ({self.log_file}):\n{output}"
            )
        self.timings["start"] = time.monotonic() - self._spawned_at
        try:
            self.bootstrap = self._read_bootstrap()
        except BaseException:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to finish anything. Waits until it is gone."""
        self._end(signal.SIGKILL, "kill")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """SIGTERM (uvicorn's graceful shutdown), SIGKILL if still running after ``timeout``; the exit code."""
        self._end(signal.SIGTERM, "stop", timeout)
        return self.returncode

    def output(self) -> str:
        """What the server printed since the last start (the tail of it, if long)."""
        try:
            with open(self.log_file, "rb") as log:
                log.seek(self._log_offset)
                text = log.read().decode("utf-8", "replace")
        except OSError as problem:
            return f"(no output file: {problem})"
        return text if len(text) <= _LOG_TAIL_CHARS else "...\n" + text[-_LOG_TAIL_CHARS:]

    def __enter__(self) -> Self:
        if not self.running:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals -------------------------------------------------------------------------------

    def _spawn(self, port: int) -> None:
        command = self.command(port)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("ATLAS_ACCESS_DATABASE_URL", None)  # only what the command line says
        env.pop(KEYS_ENVIRONMENT, None)
        if self.database_url is not None and self.database_url.startswith("postgres"):
            env[KEYS_ENVIRONMENT] = _shared_keys(self.database_url)
        with open(self.log_file, "ab") as log:
            log.write(f"\n--- {time.strftime('%Y-%m-%dT%H:%M:%S')} {' '.join(command)}\n".encode())
            log.flush()
            self._log_offset = log.tell()
            self._process = subprocess.Popen(
                [*_death_signal_prefix(), *command],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # a Ctrl-C in the terminal reaches pytest only, which then stops us
            )

    def _wait_until_answering(self, port: int, deadline: float) -> bool:
        """True once ``GET /api/private/ipinfo`` answers 401 (no credentials); False if the process exits
        or the deadline passes first."""
        url = f"http://{HOST}:{port}/api/private/ipinfo"
        with httpx.Client(timeout=2, trust_env=False) as probe:
            while self.running and time.monotonic() < deadline:
                try:
                    response = probe.get(url)
                except httpx.TransportError:
                    time.sleep(0.05)
                    continue
                if response.status_code == 401:
                    return True
                raise RuntimeError(
                    f"GET {url} answered {response.status_code} instead of 401: {response.text[:500]}\n"
                    f"output ({self.log_file}):\n{self.output()}"
                )
        return False

    def _read_bootstrap(self) -> dict[str, Any]:
        if self._given_bootstrap is not None:
            return dict(self._given_bootstrap)
        path = self.data_dir / "bootstrap.json"
        try:
            return dict(json.loads(path.read_text()))
        except FileNotFoundError:
            raise RuntimeError(
                f"{path} does not exist: either another start bootstrapped this database (then pass "
                f"bootstrap=...), or the server failed to bootstrap an empty one; output:\n{self.output()}"
            ) from None

    def _end(self, signum: int, timing: str, timeout: float = STOP_TIMEOUT) -> None:
        process = self._process
        if process is not None:
            began = time.monotonic()
            if process.poll() is None:
                process.send_signal(signum)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout)
            self.timings[timing] = time.monotonic() - began
            atexit.unregister(self._at_exit)
        self.close_clients()  # after the end: threads still using one see the server gone, not a closed client

    def _at_exit(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(STOP_TIMEOUT)
