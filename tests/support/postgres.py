"""Throwaway PostgreSQL clusters for tests.

``PostgresCluster`` runs ``initdb`` into a fresh temporary directory, starts ``postgres`` on
127.0.0.1 with a free port and removes everything again on ``close()``. Nothing is left behind by a
test run that ends without calling it either: ``close()`` is registered with ``atexit``, and for deaths
that skip ``atexit`` (SIGKILL, a segfault, ``os._exit``) a small watchdog process per cluster waits for
the end of a pipe from the test process and then stops the server and deletes the directory.

Finding the binaries: ``pg_config --bindir`` if it points at a directory holding ``initdb`` and
``postgres`` (on Debian ``pg_config`` belongs to libpq-dev and may name a version whose server is not
installed), else the newest ``/usr/lib/postgresql/<major>/bin``.

Running as root: ``initdb`` and ``postgres`` refuse to run as root, so when ``os.geteuid() == 0`` the
server-side commands are run as the ``postgres`` system user through::

    setpriv --reuid=postgres --regid=postgres --init-groups -- <command...>

``setpriv`` (util-linux, present on every Debian 12 system) changes the real and effective uid/gid and
then *execs* the command: no fork, no PAM session, no login shell, no quoting. So the process we
spawn *is* the postmaster (signals reach it directly and we reap it ourselves, which matters in
containers whose PID 1 does not reap orphans) and the environment we pass is the one it gets.
``runuser -u postgres --`` is the fallback when ``setpriv`` is missing; it forks and waits for the
command, which is why the postmaster's pid is always taken from ``postmaster.pid`` rather than from
the spawned process. ``su postgres -s /bin/sh -c ...`` was not used: it needs a shell command line
(quoting) and also forks. The temporary directory is chowned to ``postgres`` (its parent, normally
``/tmp``, must be searchable by that user).

The server is stopped the way ``pg_ctl stop -m immediate`` does it (SIGQUIT to the postmaster, which
takes its children down before exiting), but by signalling our own child process directly: that needs
no second privilege-dropped process and reaps the postmaster at once.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Self

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

__all__ = ["PostgresCluster", "find_bindir", "postgres_available"]

SERVER_USER = "postgres"
"""The system user the server runs as when we are root (also the database superuser's name)."""

HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
SERVER_BINARIES = ("initdb", "postgres")

FAST_SETTINGS: Mapping[str, str] = {
    "fsync": "off",
    "full_page_writes": "off",
}
"""Durability traded for speed by ``PostgresCluster(fast=True)``.

Both only matter if the *operating system* crashes, so ``kill()`` (the server processes die, the page
cache survives) still keeps every committed transaction. ``synchronous_commit=off`` is deliberately
not here: with ``fsync=off`` it saved no measurable time (3000 single-row commits took 0.55 s either
way), but a commit's WAL then stays in the server's shared memory for up to ``3 * wal_writer_delay``,
so ``kill()`` lost rows whose commit had already returned (21 rows over 5 kills when tried), which
would make crash tests flaky. Pass ``settings={"synchronous_commit": "off"}`` to have it anyway.
"""

_DATABASE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")  # 63 bytes: PostgreSQL truncates longer names
_SOCKET_PATH_MAX = 107  # sizeof(sockaddr_un.sun_path) - 1 on Linux
_LOG_TAIL_LINES = 40

_WATCHDOG = """
import os, shutil, signal, sys, time
root = sys.argv[1]
data = os.path.join(root, "data")
sys.stdin.buffer.read()  # EOF: the test process closed the pipe, or died (even by SIGKILL)
try:
    with open(os.path.join(data, "postmaster.pid")) as pidfile:
        pid = int(pidfile.readline())
    if os.path.realpath(os.readlink(f"/proc/{pid}/cwd")) == os.path.realpath(data):  # ours, not a reused pid
        os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{pid}/cwd") and time.monotonic() < deadline:
            time.sleep(0.05)
except (OSError, ValueError):
    pass
shutil.rmtree(root, ignore_errors=True)
"""
"""Run by a helper process per cluster: cleans up if the test process dies without ``close()``."""


def _major_version(bindir: str) -> tuple[int, ...]:
    version = Path(bindir).parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit()) or (0,)


def _has_server_binaries(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in SERVER_BINARIES)


def find_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``postgres``, or None."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        try:
            result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            result = None
        if result is not None and result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_major_version, reverse=True)
    candidates.extend(Path(path) for path in installed)
    return next((bindir for bindir in candidates if _has_server_binaries(bindir)), None)


def _privilege_drop_prefix() -> list[str]:
    """The command prefix that runs a server-side command as ``SERVER_USER`` (empty unless root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is not None:
        return [setpriv, f"--reuid={SERVER_USER}", f"--regid={SERVER_USER}", "--init-groups", "--"]
    runuser = shutil.which("runuser")
    if runuser is not None:
        return [runuser, "-u", SERVER_USER, "--"]
    raise RuntimeError("running as root, but neither setpriv nor runuser (util-linux) is installed")


def postgres_available() -> str | None:
    """None if a throwaway cluster can be started here, else the reason why not."""
    if find_bindir() is None:
        return (
            "PostgreSQL server binaries (initdb, postgres) not found: looked at `pg_config --bindir` "
            "and /usr/lib/postgresql/*/bin (on Debian: apt-get install postgresql)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} system user to run the server as"
        try:
            _privilege_drop_prefix()
        except RuntimeError as exc:
            return str(exc)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process from /proc, or None if it does not exist."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = data[data.rindex(")") + 2 :].split()  # the command name may contain spaces and parentheses
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    """The direct children of ``pid`` (Linux only; elsewhere an empty list)."""
    if not os.path.isdir("/proc"):
        return []
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = _proc_stat(int(entry))
            except (OSError, ValueError):
                continue
            if stat is not None and stat[1] == pid:
                children.append(int(entry))
    return children


def _signal(pid: int, signum: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signum)


class PostgresCluster:
    """A throwaway cluster: initdb into a temp dir, start on 127.0.0.1 with a free port, stop and
    delete on close.

    ``fast=True`` adds ``FAST_SETTINGS``; ``settings`` are further server parameters (``-c name=value``)
    that override the defaults. The database superuser is ``postgres`` with ``trust`` authentication.
    """

    def __init__(self, *, fast: bool = False, settings: Mapping[str, str] | None = None) -> None:
        self.fast = fast
        self.settings: dict[str, str] = dict(settings or {})
        self.timings: dict[str, float] = {}
        """Seconds taken by the last ``initdb``, ``start`` (server launch until ready) and ``stop``."""
        self._bindir: Path | None = None
        self._root: Path | None = None
        self._port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._prefix: list[str] = []
        self._env: dict[str, str] = {}
        self._owner_pid = os.getpid()
        self._closed = False

    # -- properties ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the cluster has not been started")
        return self._port

    @property
    def root_dir(self) -> Path:
        """The temporary directory holding the data directory, the socket directory and the log."""
        if self._root is None:
            raise RuntimeError("the cluster has not been started")
        return self._root

    @property
    def data_dir(self) -> Path:
        return self.root_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root_dir / "sock"

    @property
    def log_file(self) -> Path:
        return self.root_dir / "server.log"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def url(self, name: str = "postgres") -> str:
        """The SQLAlchemy URL of database ``name``."""
        return f"postgresql+psycopg://{SERVER_USER}@{HOST}:{self.port}/{name}"

    def __repr__(self) -> str:
        state = "closed" if self._closed else "running" if self.running else "stopped"
        return f"<PostgresCluster {state} port={self._port} root={self._root}>"

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """initdb into a new temporary directory and start the server; raises RuntimeError on failure."""
        if self._closed:
            raise RuntimeError("the cluster has been closed")
        if self._root is not None:
            raise RuntimeError("the cluster has already been started")
        reason = postgres_available()
        if reason is not None:
            raise RuntimeError(reason)
        self._bindir = find_bindir()
        self._prefix = _privilege_drop_prefix()
        self._env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        self._env.update(LC_ALL="C", LANG="C")
        atexit.register(self.close)
        self._root = Path(tempfile.mkdtemp(prefix="pgtest-"))
        try:
            self._watchdog = subprocess.Popen(
                [sys.executable, "-I", "-c", _WATCHDOG, str(self._root)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # immune to the terminal's Ctrl-C, like the server
            )
            if len(str(self.socket_dir / ".s.PGSQL.65535.lock")) > _SOCKET_PATH_MAX:
                raise RuntimeError(
                    f"socket path under {self._root} is too long for a Unix socket; set TMPDIR to a shorter directory"
                )
            self.socket_dir.mkdir(mode=0o700)
            if os.geteuid() == 0:
                server_user = pwd.getpwnam(SERVER_USER)
                for path in (self._root, self.socket_dir):
                    os.chown(path, server_user.pw_uid, server_user.pw_gid)
            self._initdb()
            self._launch(fixed_port=False)
        except BaseException:
            self.close()
            raise

    def kill(self) -> None:
        """SIGKILL the postmaster and its children (a crash, for failure tests); ``restart()`` revives it.

        The postmaster is stopped first (SIGSTOP) so that it cannot fork while its children are listed;
        then all of them are killed and we wait until they are gone, so that the shared memory is free
        for ``restart()``. Clients see their connections break; committed data survives.
        """
        process = self._require_running()
        postmaster = self._postmaster_pid()
        _signal(postmaster, signal.SIGSTOP)
        children = _children(postmaster)
        _signal(postmaster, signal.SIGKILL)
        for child in children:
            _signal(child, signal.SIGKILL)
        process.wait()
        self._process = None
        self._wait_until_gone(children)

    def restart(self) -> None:
        """Start the server again on the same data directory and port (after ``kill()``, or stop first)."""
        if self._closed or self._root is None:
            raise RuntimeError("restart() needs a started, not closed cluster")
        if self.running:
            self._stop(signal.SIGINT)  # a "fast" shutdown: clean, with a checkpoint
        self._launch(fixed_port=True)

    def close(self) -> None:
        """Stop the server (immediately) and delete the temporary directory. Idempotent."""
        if self._closed or os.getpid() != self._owner_pid:  # a forked child must not tear down our server
            return
        self._closed = True
        atexit.unregister(self.close)
        try:
            self._stop(signal.SIGQUIT)  # what `pg_ctl stop -m immediate` sends
        finally:
            try:
                if self._root is not None and self._root.exists():
                    shutil.rmtree(self._root)
            finally:
                self._stop_watchdog()

    def __enter__(self) -> Self:
        if self._root is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- databases -------------------------------------------------------------------------------

    def create_database(self, name: str) -> str:
        """Create database ``name`` and return its SQLAlchemy URL."""
        self._check_database_name(name)
        with self.admin_connection() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` (if it exists), terminating the connections to it."""
        self._check_database_name(name)
        with self.admin_connection() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    @contextmanager
    def admin_connection(self, dbname: str = "postgres") -> Iterator[psycopg.Connection[TupleRow]]:
        """An autocommit superuser connection (closed on exit)."""
        with psycopg.connect(
            host=HOST, port=self.port, user=SERVER_USER, dbname=dbname, autocommit=True, connect_timeout=10
        ) as conn:
            yield conn

    @staticmethod
    def _check_database_name(name: str) -> None:
        if not _DATABASE_NAME.match(name):
            raise ValueError(f"database name {name!r} must match {_DATABASE_NAME.pattern}")

    # -- internals -------------------------------------------------------------------------------

    def _binary(self, name: str) -> str:
        assert self._bindir is not None
        return str(self._bindir / name)

    def _initdb(self) -> None:
        command = [
            *self._prefix,
            self._binary("initdb"),
            "--pgdata",
            str(self.data_dir),
            "--auth=trust",
            f"--username={SERVER_USER}",
            "--encoding=UTF8",
            "--locale=C",  # independent of the environment's (possibly ungenerated) locale; sorts like SQLite
            "--no-sync",
        ]
        began = time.monotonic()
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=self._root,
            env=self._env,
            timeout=120,
            check=False,
        )
        self.timings["initdb"] = time.monotonic() - began
        if result.returncode != 0:
            hint = (
                f"\n(the server runs as {SERVER_USER!r}: every parent directory of {self._root} must be "
                "searchable by that user)"
                if self._prefix
                else ""
            )
            raise RuntimeError(
                f"initdb failed with exit code {result.returncode}: {' '.join(command)}\n"
                f"{result.stdout}{result.stderr}{hint}"
            )

    def _server_settings(self, port: int) -> dict[str, str]:
        settings = {
            "listen_addresses": HOST,
            "port": str(port),
            "unix_socket_directories": str(self.socket_dir),
            "max_connections": "200",
            "timezone": "UTC",
            "logging_collector": "off",
        }
        if self.fast:
            settings.update(FAST_SETTINGS)
        settings.update(self.settings)
        return settings

    def _spawn(self, port: int) -> subprocess.Popen[bytes]:
        command = [*self._prefix, self._binary("postgres"), "-D", str(self.data_dir)]
        for name, value in self._server_settings(port).items():
            command += ["-c", f"{name}={value}"]
        with open(self.log_file, "ab") as log:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self._root,
                env=self._env,
                start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, which then calls close()
            )

    def _launch(self, *, fixed_port: bool) -> None:
        """Start the server and wait until it accepts connections.

        A free port is picked anew if another process grabbed it in the meantime (unless the port is
        fixed, as for a restart); after ``kill()`` a start is retried while the old processes' shared
        memory is still attached.
        """
        began = time.monotonic()
        deadline = began + START_TIMEOUT
        attempts = 0
        while True:
            attempts += 1
            port = self.port if fixed_port else _free_port()
            log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
            process = self._spawn(port)
            if self._wait_until_ready(process, port, deadline):
                self._process, self._port = process, port
                self.timings["start"] = time.monotonic() - began
                return
            if process.poll() is None:  # timed out while the server is still starting
                self._process = process
                self._stop(signal.SIGQUIT)
                raise RuntimeError(
                    f"PostgreSQL did not accept connections on {HOST}:{port} within {START_TIMEOUT:.0f} s; "
                    f"server log ({self.log_file}):\n{self._log_tail(log_offset)}"
                )
            log = self._log_tail(log_offset)
            port_taken = "could not bind" in log or "could not create any TCP/IP sockets" in log
            shared_memory_busy = "pre-existing shared memory block" in log
            if time.monotonic() < deadline and ((port_taken and (fixed_port or attempts < 5)) or shared_memory_busy):
                time.sleep(0.1)
                continue
            raise RuntimeError(
                f"PostgreSQL exited with code {process.returncode} while starting on {HOST}:{port}; "
                f"server log ({self.log_file}):\n{log}"
            )

    def _wait_until_ready(self, process: subprocess.Popen[bytes], port: int, deadline: float) -> bool:
        """True once a connection succeeds; False if the server exits or the deadline passes first."""
        while process.poll() is None:
            try:
                with psycopg.connect(host=HOST, port=port, user=SERVER_USER, dbname="postgres", connect_timeout=2):
                    return True
            except psycopg.OperationalError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.02)
        return False

    def _stop(self, signum: int) -> None:
        process = self._process
        if process is None:
            return
        began = time.monotonic()
        if process.poll() is None:
            _signal(self._postmaster_pid(), signum)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process = process
                self.kill()
        process.wait()
        self._process = None
        self.timings["stop"] = time.monotonic() - began

    def _stop_watchdog(self) -> None:
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is None:
            return
        assert watchdog.stdin is not None
        watchdog.stdin.close()  # EOF: it finds nothing left to clean up and exits
        try:
            watchdog.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            watchdog.kill()
            watchdog.wait()

    def _require_running(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            raise RuntimeError("the server is not running")
        return self._process

    def _postmaster_pid(self) -> int:
        """The postmaster's pid: our child itself with setpriv, its child with runuser.

        ``postmaster.pid`` is only believed if it names our child or a child of it: after ``kill()`` it
        holds a dead (and possibly reused) pid until the new postmaster rewrites it.
        """
        assert self._process is not None
        spawned = self._process.pid
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return spawned
        stat = _proc_stat(pid)
        return pid if pid == spawned or (stat is not None and stat[1] == spawned) else spawned

    @staticmethod
    def _wait_until_gone(pids: list[int], timeout: float = STOP_TIMEOUT) -> None:
        """Wait until the processes have exited (zombies count: they hold no shared memory)."""
        deadline = time.monotonic() + timeout
        for pid in pids:
            while (stat := _proc_stat(pid)) is not None and stat[0] not in "ZX":
                if time.monotonic() >= deadline:
                    raise RuntimeError(f"PostgreSQL process {pid} did not exit after SIGKILL")
                time.sleep(0.01)

    def _log_tail(self, offset: int = 0) -> str:
        try:
            with open(self.log_file, "rb") as log:
                log.seek(offset)
                text = log.read().decode("utf-8", "replace")
        except OSError as exc:
            return f"(no server log: {exc})"
        return "\n".join(text.splitlines()[-_LOG_TAIL_LINES:])
