"""Load benchmarks of atlas-access with wrk (and bench/digestload for Digest); writes bench/RESULTS.md (``make bench``).

In one run, each case against a server started as its own process on 127.0.0.1 (``--rate-limits off``,
SQLite in a fresh temporary data directory unless said otherwise), measured after a warm-up:

  (a)        the baseline: an ``async def`` Starlette route, served exactly as the server is (``hello_app.py``:
             the server's own socket binding, uvicorn settings and protocol class, uvloop, httptools, no
             access log, one process, ``gc.freeze()``)
  (a-sync)   the earlier baseline, a sync ``lambda`` route (Starlette's thread pool), same process, same wrk
  (a-uvicorn) (a)'s route served by the ``uvicorn`` command with uvicorn's stock protocol: a check that the
             server's protocol class does not slow the baseline down
  (b)        GET /api/private/ipinfo with a Bearer token: the cheapest authenticated route
  (c)        GET one organization invitation (Bearer)
  (c-gen)    (c) driven by bench/digestload instead of wrk (a check of the generator); (c-digest) with Digest
  (d)        DELETE organization invitations, each request cancelling a different pending one (Bearer)
  (d-gen), (d-digest)  (d) by bench/digestload, with Bearer and with Digest
  (e)        POST organization invitations, each with a new username (Bearer)
  (a, again) (a) once more: this machine's speed drifts by ±15% within minutes; the faster (a) is every
             ratio's denominator
  (d-pg)     (d) with PostgreSQL (a throwaway cluster from tests/support/postgres.py), served as (d) is
  (d-pg-w1), (d-pg-w2)  (d-pg) by ``serve --workers 1`` and ``--workers 2`` (when the server has the option),
             the processes not pinned, CPU summed over every worker and PostgreSQL

then the server's peak memory (VmHWM) while listing 100,000 pending invitations, a py-spy profile of the real
server process during (d), the ``atlas`` CLI's start-up, the instructions a request of (a), (c) and (d) executes in
one process without HTTP (``instructions.py``, under valgrind: a figure the machine's speed does not move) and
restoring a snapshot (``cli_startup.py``, ``snapshot_restore.py``). ``--only`` runs some cases (always with (a))
and ``--quick`` shortens them; either writes to .cache/bench/ unless ``--output`` says otherwise, so RESULTS.md
only ever holds a whole run.

Invitations that DELETE cancels and the memory case needs are made by this process, outside the server,
with the service layer's own ``invite_to_org`` and ``store.invitations.insert`` (their per-row SQL
short-circuited, the rows then written with one executemany): creating 100,000 through HTTP or row by row
takes minutes. (d)'s are added while the server sits idle after (c), as many as (d) could use even at
what (b) could do on a core of its own (1 s / its CPU cost per request), which it cannot beat since it does
all (b) does and more; (d) walks their ids, one per request.

The hand-written analysis in RESULTS.md between the ``notes`` markers survives a new run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import itertools
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from unittest import mock

import cli_startup
import instructions
import snapshot_restore

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LUA = BENCH / "lua"
RESULTS = BENCH / "RESULTS.md"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
ACCEPT = "application/vnd.atlas.2023-01-01+json"
NOTES_BEGIN = "<!-- notes:begin (kept by bench/run.py across runs) -->"
NOTES_END = "<!-- notes:end -->"
PYSPY_VENV = Path(tempfile.gettempdir()) / "atlas-bench-pyspy"

# Issue 17's targets; every ratio is to (a), the async route.
TARGET_DELETE_RATIO = 0.25
TARGET_DELETE_P99_MS = 15.0
TARGET_POST_RATIO = 0.12
TARGET_GET_RATIO = 0.40
TARGET_PG_RATIO = 0.50  # (d-pg) / (d)
TARGET_PEAK_RSS_MB = 150.0
MAX_BASELINE_DRIFT = 0.10
"""A run whose two runs of (a) differ by more than this (the slower below 90% of the faster) says nothing about
the targets measured against (a): the machine's speed moved under them. Their verdict is then INCONCLUSIVE."""
MEMORY_INVITATIONS = 100_000
DIGESTLOAD_SOURCE = BENCH / "digestload"
DIGESTLOAD = REPO / ".cache" / "bench" / "digestload"
QUICK_OUTPUT = REPO / ".cache" / "bench" / "RESULTS.md"
HELLO_CASES = ("a", "a-sync", "a-uvicorn")
SQLITE_CASES = ("b", "c", "c-gen", "c-digest", "d", "profile", "d-gen", "d-digest", "e")
POSTGRES_CASES = ("d-pg", "d-pg-w1", "d-pg-w2")
OTHER_CASES = ("a-again", "memory", "cli", "instructions", "restore")
ALL_CASES = (*HELLO_CASES, *SQLITE_CASES, *OTHER_CASES, *POSTGRES_CASES)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# Other people's work on this machine skews every figure: each run records how many cores of CPU time went
# to processes that are not ours (the server, wrk, PostgreSQL) while it ran, and waits a little for quiet first.
WATCHED: dict[str, Callable[[], list[int]]] = {}
QUIET_CORES = 0.25
QUIET_WAIT_SECONDS = 10.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_busy_total() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(fields) - fields[3] - fields[4], sum(fields)


def _jiffies(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a server's worker processes), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                children.setdefault(int(stat[stat.rindex(")") + 2 :].split()[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        one = todo.pop()
        found.append(one)
        todo.extend(children.get(one, []))
    return found


def _watched_jiffies() -> dict[tuple[str, int], int]:
    return {(name, pid): _jiffies(pid) for name, pids in list(WATCHED.items()) for pid in pids()}


def _children_jiffies() -> int:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * CLOCK_TICKS)


class CpuMeter:
    """CPU use during a run: the server's, PostgreSQL's, and that of processes not ours (in cores)."""

    def __init__(self) -> None:
        self.busy, self.total = _cpu_busy_total()
        self.ours = _watched_jiffies()
        self.children = _children_jiffies()

    def finish(self) -> dict[str, float]:
        busy, total = _cpu_busy_total()
        spent = {key: value - self.ours.get(key, 0) for key, value in _watched_jiffies().items()}
        ours = sum(spent.values()) + _children_jiffies() - self.children
        elapsed = (total - self.total) / (os.cpu_count() or 1)
        return {
            "other_cores": max(0.0, (busy - self.busy) - ours) / elapsed if elapsed > 0 else 0.0,
            "server_cpu_s": sum(v for (name, _), v in spent.items() if name.startswith("server")) / CLOCK_TICKS,
            "postgres_cpu_s": sum(v for (name, _), v in spent.items() if name == "postgres") / CLOCK_TICKS,
        }


def wait_for_quiet() -> float:
    """Wait (up to QUIET_WAIT_SECONDS) until other processes use less than QUIET_CORES; the last level seen."""
    deadline = time.monotonic() + QUIET_WAIT_SECONDS
    while True:
        meter = CpuMeter()
        time.sleep(1.0)
        level = meter.finish()["other_cores"]
        if level < QUIET_CORES or time.monotonic() >= deadline:
            return level


@dataclass
class Pinning:
    """CPU sets for the server and for wrk (empty: not pinned)."""

    server: str = ""
    wrk: str = ""

    def prefix(self, cpus: str) -> list[str]:
        return ["taskset", "-c", cpus] if cpus else []

    def describe(self) -> str:
        if not self.server:
            return "not pinned: server and wrk share every core"
        return f"server on CPU {self.server}, wrk on CPU {self.wrk} (`taskset -c`)"


class ServerProcess:
    """A server in its own process, stopped with SIGINT (then SIGKILL) by its pid only."""

    def __init__(self, name: str, command: list[str], port: int, log_file: Path, env: dict[str, str] | None = None):
        self.name = name
        self.command = command
        self.port = port
        self.log_file = log_file
        self._log = log_file.open("wb")
        self.process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=REPO
        )
        WATCHED[f"server {name}"] = lambda: process_tree(self.process.pid)  # with --workers, every worker

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_file.read_text()[-3000:]}")
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as sock:
                    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
                    if sock.recv(64).startswith(b"HTTP/1.1"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s")

    def memory(self) -> dict[str, float]:
        """VmRSS and VmHWM (peak) in MB from /proc."""
        values: dict[str, float] = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
        return values

    def stop(self) -> None:
        WATCHED.pop(f"server {self.name}", None)
        workers = [pid for pid in process_tree(self.pid) if pid != self.pid] if self.process.poll() is None else []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in workers:  # a worker its supervisor left behind: ours, by id, only if still a server
            with contextlib.suppress(OSError):
                if any(word in Path(f"/proc/{pid}/cmdline").read_bytes() for word in (b"atlas", b"multiprocessing")):
                    os.kill(pid, signal.SIGKILL)
        self._log.close()


# --- wrk ------------------------------------------------------------------------------------------


@dataclass
class Load:
    threads: int
    connections: int
    duration: float
    warmup: float
    pinning: Pinning


@dataclass
class Measured:
    case: str
    label: str
    figures: dict[str, Any]
    command: str
    note: str = ""

    @property
    def rps(self) -> float:
        return float(self.figures["requests"]) / (float(self.figures["duration_us"]) / 1e6)

    def ms(self, key: str) -> float:
        return float(self.figures[key]) / 1000.0

    @property
    def cpu_us(self) -> float:
        """Server (and PostgreSQL) CPU time per request: what a request costs, whatever else ran."""
        spent = float(self.figures["server_cpu_s"]) + float(self.figures.get("postgres_cpu_s", 0.0))
        return 1e6 * spent / max(1, int(self.figures["requests"]))

    @property
    def gen_cpu_us(self) -> float | None:
        """bench/digestload's own CPU time per request (None for wrk's cases)."""
        if "gen_cpu_s" not in self.figures:
            return None
        return 1e6 * float(self.figures["gen_cpu_s"]) / max(1, int(self.figures["requests"]))

    @property
    def gen_cores(self) -> float | None:
        """How much of a core bench/digestload used while it ran (1.0: it may have been the bottleneck)."""
        if "gen_cpu_s" not in self.figures:
            return None
        return float(self.figures["gen_cpu_s"]) / (float(self.figures["duration_us"]) / 1e6)

    def summary(self) -> str:
        generator = f", generator {self.gen_cpu_us:.0f} µs/request" if self.gen_cpu_us is not None else ""
        return (
            f"({self.case}) {self.label}: {self.rps:,.0f} req/s, p50 {self.ms('p50_us'):.2f} ms, "
            f"p99 {self.ms('p99_us'):.2f} ms, {self.failures} failed, server CPU {self.cpu_us:.0f} µs/request"
            f"{generator}, other load {self.figures['other_cores']:.2f} cores"
        )

    @property
    def failures(self) -> int:
        keys = ("connect_errors", "read_errors", "write_errors", "non_2xx", "timeouts")
        return sum(int(self.figures[key]) for key in keys)


def lua_script(work_dir: Path, name: str | None) -> Path:
    """The case's script (if any) with report.lua's ``done()`` appended."""
    parts = [(LUA / f"{name}.lua").read_text()] if name else []
    parts.append((LUA / "report.lua").read_text())
    path = work_dir / f"wrk-{name or 'static'}.lua"
    path.write_text("\n".join(parts))
    return path


def run_wrk(
    load: Load,
    url: str,
    *,
    work_dir: Path,
    script: str | None = None,
    script_args: tuple[str, ...] = (),
    headers: tuple[str, ...] = (),
    duration: float | None = None,
    connections: int | None = None,
    measured: bool = True,
) -> tuple[dict[str, Any], list[str]]:
    """One wrk run; its figures (from report.lua) plus ``other_cores``: other processes' CPU use meanwhile."""
    seconds = duration if duration is not None else load.duration
    conns = connections if connections is not None else load.connections
    command = [
        *load.pinning.prefix(load.pinning.wrk),
        "wrk",
        f"-t{min(load.threads, conns)}",
        f"-c{conns}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        str(lua_script(work_dir, script)),
    ]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    quiet_before = wait_for_quiet() if measured else None
    meter = CpuMeter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    cpu = meter.finish()
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    figures: dict[str, Any] = json.loads(line[len("BENCH_JSON ") :])
    figures.update(cpu)
    figures["other_cores_before"] = quiet_before
    return figures, command


def shown(command: list[str], token: str | None = None) -> str:
    text = shlex.join(command)
    return text.replace(token, "$TOKEN") if token else text


def measure(
    load: Load,
    case: str,
    label: str,
    url: str,
    *,
    work_dir: Path,
    token: str | None = None,
    note: str = "",
    warmup_args: tuple[str, ...] | None = None,
    **kwargs: Any,
) -> Measured:
    """Warm up, then measure; ``kwargs`` go to ``run_wrk`` (id-walking cases use ``IdWalk.measure``).

    ``warmup_args`` replace ``script_args`` for the warm-up (POST needs usernames the measurement won't use).
    """
    if load.warmup > 0:
        warm = dict(kwargs, script_args=warmup_args) if warmup_args is not None else kwargs
        run_wrk(load, url, work_dir=work_dir, duration=load.warmup, measured=False, **warm)
    figures, command = run_wrk(load, url, work_dir=work_dir, **kwargs)
    result = Measured(case, label, figures, shown(command, token), note)
    log(result.summary())
    return result


class IdWalk:
    """Hands out unused stretches of an id file to successive wrk runs (each id is used once)."""

    def __init__(self, path: Path, count: int) -> None:
        self.path = path
        self.count = count
        self.next = 0

    def run(
        self, load: Load, url: str, method: str, prefix: str, *, work_dir: Path, headers: tuple[str, ...], **kw: Any
    ) -> tuple[dict[str, Any], list[str]]:
        threads = min(load.threads, kw.get("connections") or load.connections)
        args = (str(self.path), str(self.next), method, prefix, str(threads))
        figures, command = run_wrk(
            load, url, work_dir=work_dir, script="walk_ids", script_args=args, headers=headers, **kw
        )
        # Each thread walks its own interleaved share of the ids; the next run starts after the furthest one.
        self.next += threads * int(figures["ids_per_thread"])
        if self.next > self.count:
            figures["note"] = "ran out of ids: the last requests were invalid"
        return figures, command

    def measure(
        self, load: Load, case: str, label: str, url: str, prefix: str, *, work_dir: Path, token: str, **kw: Any
    ) -> Measured:
        headers = kw.pop("headers")
        if load.warmup > 0:
            self.run(
                load, url, "DELETE", prefix, work_dir=work_dir, headers=headers, duration=load.warmup, measured=False
            )
        figures, command = self.run(load, url, "DELETE", prefix, work_dir=work_dir, headers=headers, **kw)
        result = Measured(case, label, figures, shown(command, token), figures.get("note", ""))
        log(result.summary())
        return result


# --- bench/digestload: Digest (and Bearer) load ----------------------------------------------------


@dataclass
class Credential:
    """How bench/digestload authenticates: ``digest`` with an API key, or ``bearer`` with a token."""

    kind: str
    user: str = ""
    secret: str = ""  # the private key or the token: never shown in a command line or the report

    def args(self) -> list[str]:
        return ["-auth", self.kind, "-user", self.user] if self.kind == "digest" else ["-auth", "bearer"]


def digestload() -> Path | None:
    """bench/digestload built by ``go build`` into .cache/bench (again when its source is newer); None without Go."""
    newest = max(path.stat().st_mtime for path in DIGESTLOAD_SOURCE.iterdir())
    if DIGESTLOAD.exists() and DIGESTLOAD.stat().st_mtime >= newest:
        return DIGESTLOAD
    go = shutil.which("go")
    if go is None:
        return None
    DIGESTLOAD.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GOPROXY="off", GOTOOLCHAIN="local", GOFLAGS="-mod=mod -buildvcs=false")
    subprocess.run([go, "build", "-o", str(DIGESTLOAD), "."], cwd=DIGESTLOAD_SOURCE, env=env, check=True, timeout=300)
    log(f"built {DIGESTLOAD.relative_to(REPO)} with {go}")
    return DIGESTLOAD


def run_digestload(
    load: Load,
    base_url: str,
    path: str,
    credential: Credential,
    *,
    method: str = "GET",
    headers: tuple[str, ...] = (),
    walk: IdWalk | None = None,
    prime_path: str | None = None,
    duration: float | None = None,
    measured: bool = True,
) -> tuple[dict[str, Any], list[str]]:
    """One bench/digestload run, pinned where wrk would be; figures as ``run_wrk``'s plus its own CPU time."""
    if DIGESTLOAD_BINARY is None:
        raise RuntimeError("bench/digestload is not built (Go not found)")
    seconds = duration if duration is not None else load.duration
    command = [
        *load.pinning.prefix(load.pinning.wrk),
        str(DIGESTLOAD_BINARY),
        "-url", base_url, "-method", method, "-path", path, "-c", str(load.connections), "-d", f"{seconds:g}s",
        *credential.args(),
    ]  # fmt: skip
    for header in headers:
        command += ["-H", header]
    if walk is not None:
        command += ["-ids", str(walk.path), "-first", str(walk.next)]
    if prime_path:
        command += ["-prime-path", prime_path]
    env = dict(os.environ)
    if credential.kind == "digest":
        env["DIGESTLOAD_PASSWORD"] = credential.secret
    run_command = command if credential.kind == "digest" else [*command, "-token", credential.secret]
    quiet_before = wait_for_quiet() if measured else None
    meter = CpuMeter()
    result = subprocess.run(run_command, capture_output=True, text=True, env=env, timeout=seconds + 60, check=False)
    cpu = meter.finish()
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"digestload failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    figures: dict[str, Any] = json.loads(line[len("BENCH_JSON ") :])
    figures.update(cpu)
    figures["other_cores_before"] = quiet_before
    if walk is not None:
        walk.next += int(figures["ids_used"])
        if walk.next > walk.count:
            figures["note"] = "ran out of ids: the last requests were invalid"
    if figures.get("stale_challenges") or figures.get("refused_challenges"):
        figures["note"] = (
            f"{figures['stale_challenges']} stale and {figures['refused_challenges']} other challenges answered again"
        )
    shown_command = command if credential.kind == "digest" else [*command, "-token", "$TOKEN"]
    return figures, shown_command


def measure_digestload(
    load: Load, case: str, label: str, base_url: str, path: str, credential: Credential, **kwargs: Any
) -> Measured:
    """Warm up, then measure, with bench/digestload (``kwargs`` go to ``run_digestload``)."""
    if load.warmup > 0:
        run_digestload(load, base_url, path, credential, duration=load.warmup, measured=False, **kwargs)
    figures, command = run_digestload(load, base_url, path, credential, **kwargs)
    result = Measured(case, label, figures, shlex.join(command), figures.get("note", ""))
    log(result.summary())
    return result


DIGESTLOAD_BINARY: Path | None = None


# --- data -----------------------------------------------------------------------------------------


@dataclass
class Dataset:
    data_dir: Path
    database_url: str | None
    port: int
    bootstrap: dict[str, Any] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"


def prepare(data_dir: Path, database_url: str | None) -> Dataset:
    """Migrate and bootstrap the database the server will use (as its first start would)."""
    from atlas_access.server.runtime import ServerConfig, open_server

    port = free_port()
    dataset = Dataset(data_dir, database_url, port)
    config = ServerConfig(data_dir=data_dir, database_url=database_url, base_url=dataset.base_url, rate_limits=False)
    opened = open_server(config)
    opened.state.db.dispose()
    dataset.bootstrap = json.loads((data_dir / "bootstrap.json").read_text())
    return dataset


def add_invitations(dataset: Dataset, count: int, ids_file: Path, prefix: str) -> list[str]:
    """``count`` new pending invitations in the dataset's organization; their ids, also written to ``ids_file``.

    Safe while the server runs: it is idle then, and both sides use transactions (SQLite WAL, or PostgreSQL).
    """
    from atlas_access.store.database import Database, sqlite_url

    began = time.monotonic()
    database = Database(dataset.database_url or sqlite_url(dataset.data_dir.resolve()))
    try:
        ids = populate(database, dataset.bootstrap, count, prefix)
    finally:
        database.dispose()
    ids_file.write_text("".join(f"{i}\n" for i in ids))
    log(f"{count:,} pending invitations written in {time.monotonic() - began:.1f} s")
    return ids


def populate(db: Any, bootstrap: dict[str, Any], count: int, prefix: str, batch: int = 20_000) -> list[str]:
    """Pending organization invitations made by ``invite_to_org`` (the server's own code), written in bulk.

    ``invite_to_org`` builds each invitation and ``store.invitations.insert`` each row exactly as for a
    request; what would run SQL per row (the member check, settling older invitations of the username,
    the insert itself, the audit event) is short-circuited, and the rows and events are then written with
    one executemany per batch. The usernames are new, so those statements would have changed nothing.
    """
    from sqlalchemy import Connection, select

    from atlas_access.core.clock import server_now
    from atlas_access.core.directory import Org
    from atlas_access.core.events import Actor
    from atlas_access.core.ids import new_id
    from atlas_access.core.roles import Surface
    from atlas_access.server.services import memberships as service
    from atlas_access.server.services.context import Context
    from atlas_access.store import credentials, directory, events
    from atlas_access.store import invitations as store
    from atlas_access.store.tables import events as events_table
    from atlas_access.store.tables import invitations as invitations_table
    from atlas_access.store.tables import organizations

    rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []

    def collect_row(_conn: Any, _table: Any, values: dict[str, Any]) -> bool:
        rows.append(dict(values))
        return True

    def collect_event(_conn: Any, event_type: str, *, actor: Any, now: int, org_id: str | None, **kw: Any) -> str:
        event = {
            "id": new_id(),
            "org_id": org_id,
            "group_id": kw.get("group_id"),
            "event_type": event_type,
            "created_at": now,
            "actor_kind": actor.kind,
            "actor_id": actor.id,
            "actor_name": actor.name,
            "target_username": kw.get("target_username"),
            "remote_address": actor.remote_address,
        }
        event_rows.append(event)
        return str(event["id"])

    def work(conn: Connection, start: int, end: int) -> None:
        account = credentials.service_account_by_client_id(conn, bootstrap["clientId"])
        assert account is not None
        name = conn.execute(select(organizations.c.name).where(organizations.c.id == bootstrap["orgId"])).scalar_one()
        org = Org(bootstrap["orgId"], name)
        actor = Actor("SERVICE_ACCOUNT", account.id, account.client_id, HOST)
        ctx = Context(conn, server_now(0), actor)
        rows.clear()
        event_rows.clear()
        with contextlib.ExitStack() as patches:
            patches.enter_context(mock.patch.object(store, "insert_if_absent", collect_row))
            # What retires older invitations of a username (before 18ce288: settle_expired, replace_finished; for
            # --source of an older revision).
            for retire in ("replace_for_new", "settle_expired", "replace_finished"):
                if hasattr(store, retire):
                    patches.enter_context(mock.patch.object(store, retire, lambda *a: 0))
            patches.enter_context(mock.patch.object(directory, "is_active_org_member", lambda *a: False))
            patches.enter_context(mock.patch.object(events, "record", collect_event))
            for number in range(start, end):
                username = f"{prefix}{number}@example.com"
                service.invite_to_org(ctx, org, Surface.ATLAS_V2, username, ("ORG_MEMBER",), (), ())
        conn.execute(invitations_table.insert(), rows)
        conn.execute(events_table.insert(), event_rows)
        ids.extend(row["id"] for row in rows)

    ids: list[str] = []
    for start in range(0, count, batch):
        end = min(count, start + batch)
        db.run_sync(lambda conn, s=start, e=end: work(conn, s, e))
    return ids


def access_token(base_url: str, bootstrap: dict[str, Any]) -> str:
    import httpx

    response = httpx.post(
        f"{base_url}/api/oauth/token",
        auth=(bootstrap["clientId"], bootstrap["clientSecret"]),
        data={"grant_type": "client_credentials"},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def server_command(dataset: Dataset, pinning: Pinning, workers: int | None = None) -> list[str]:
    """``atlas-access serve`` pinned where the server goes; with ``workers``, ``--workers N`` and not pinned (one
    CPU for several workers would defeat them)."""
    command = [
        *(pinning.prefix(pinning.server) if workers is None else []),
        str(VENV_BIN / "atlas-access"),
        "serve",
        "--host",
        HOST,
        "--port",
        str(dataset.port),
        "--data-dir",
        str(dataset.data_dir),
        "--rate-limits",
        "off",
    ]
    if dataset.database_url:
        command += ["--database-url", dataset.database_url]
    if workers is not None:
        command += ["--workers", str(workers)]
    return command


def serve_has_workers() -> bool:
    """Whether ``atlas-access serve`` takes ``--workers`` (issue 17 adds it)."""
    help_text = subprocess.run(
        [str(VENV_BIN / "atlas-access"), "serve", "--help"], capture_output=True, text=True, check=False, timeout=60
    ).stdout
    return "--workers" in help_text


def start_server(
    name: str, dataset: Dataset, pinning: Pinning, work_dir: Path, workers: int | None = None
) -> ServerProcess:
    command = server_command(dataset, pinning, workers)
    server = ServerProcess(name, command, dataset.port, work_dir / f"{name}.log")
    server.wait_ready("/api/private/ipinfo")
    return server


# --- the cases ------------------------------------------------------------------------------------


@dataclass
class Run:
    load: Load
    work_dir: Path
    quick: bool
    only: frozenset[str] | None = None  # the cases to run (None: all)
    results: list[Measured] = field(default_factory=list)
    commands: list[tuple[str, str]] = field(default_factory=list)
    memory: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    servers: list[ServerProcess] = field(default_factory=list)
    bound_rps: float = 0.0  # what (b) could do on a core of its own: no DELETE is faster
    cli: Any = None  # cli_startup.Startup, when measured
    restores: Any = None  # snapshot_restore.Restores of each engine, when measured
    instructions: Any = None  # instructions.Counted, when counted
    instructions_skipped: str = ""  # why not, when the case was wanted

    def wants(self, *cases: str) -> bool:
        return self.only is None or any(case in self.only for case in cases)

    def server(self, name: str, dataset: Dataset, workers: int | None = None) -> ServerProcess:
        server = start_server(name, dataset, self.load.pinning, self.work_dir, workers)
        self.servers.append(server)
        self.commands.append((f"server ({name})", shlex.join(server.command)))
        return server

    def stop(self, server: ServerProcess) -> None:
        server.stop()
        if server in self.servers:
            self.servers.remove(server)


def hello_command(run: Run, port: int) -> list[str]:
    """The baseline's server: ``hello_app.py``, started as the server is (pinned the same, same interpreter)."""
    pin = run.load.pinning
    return [*pin.prefix(pin.server), sys.executable, str(BENCH / "hello_app.py"), "--host", HOST, "--port", str(port)]


def uvicorn_command(run: Run, port: int) -> list[str]:
    """The same app by the ``uvicorn`` command with the server's settings but uvicorn's stock protocol class."""
    pin = run.load.pinning
    return [
        *pin.prefix(pin.server), str(VENV_BIN / "uvicorn"), "hello_app:app", "--app-dir", str(BENCH), "--host", HOST,
        "--port", str(port), "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--no-server-header",
        "--workers", "1", "--log-level", "info",
    ]  # fmt: skip


def case_hello(run: Run, again: bool = False) -> list[Measured]:
    """(a) and, first time round, (a-sync) from the same process, then (a-uvicorn); again: (a) only."""
    results: list[Measured] = []
    servers = [("hello", hello_command)] + ([("uvicorn", uvicorn_command)] if not again else [])
    for name, make in servers:
        if name == "uvicorn" and not run.wants("a-uvicorn"):
            continue
        port = free_port()
        command = make(run, port)
        case = "a, again" if again else ("a-uvicorn" if name == "uvicorn" else "a")
        server = ServerProcess(name, command, port, run.work_dir / f"{name}-{case}.log")
        run.servers.append(server)
        run.commands.append((f"server ({case})", shlex.join(command)))
        try:
            server.wait_ready("/")
            url = f"http://{HOST}:{port}"
            if case == "a-uvicorn":
                label = "async route, by the `uvicorn` command (stock protocol class)"
                results.append(measure(run.load, case, label, f"{url}/", work_dir=run.work_dir))
                continue
            label = "(a) again" if again else "Starlette `async def` route, served as the server is (the baseline)"
            results.append(measure(run.load, case, label, f"{url}/", work_dir=run.work_dir))
            if not again and run.wants("a-sync"):
                label = "Starlette sync `lambda` route (the earlier baseline), same process"
                results.append(measure(run.load, "a-sync", label, f"{url}/sync", work_dir=run.work_dir))
        finally:
            run.stop(server)
    return results


def delete_pool_size(run: Run, bound_rps: float, profile_seconds: float, cases: int = 1) -> int:
    """Ids enough for ``cases`` DELETE cases' warm-up and measurement and the profile, even at ``bound_rps`` (a rate
    DELETE cannot beat)."""
    load = run.load
    seconds = cases * (load.warmup + load.duration) + profile_seconds
    return int(bound_rps * seconds * 1.25) + 4 * cases * load.connections + 1000


def cases_sqlite(run: Run, hello: Measured, profile_seconds: float) -> None:
    dataset = prepare(run.work_dir / "sqlite", None)
    first_id = add_invitations(dataset, 1, run.work_dir / "sqlite-first-id.txt", "first-")[0]
    server = run.server("sqlite", dataset)
    load, work_dir, results = run.load, run.work_dir, run.results
    try:
        org = dataset.bootstrap["orgId"]
        token = access_token(dataset.base_url, dataset.bootstrap)
        bearer = Credential("bearer", secret=token)
        api_key = Credential("digest", dataset.bootstrap["publicKey"], dataset.bootstrap["privateKey"])
        headers = (f"Authorization: Bearer {token}", f"Accept: {ACCEPT}")
        base = dataset.base_url
        one = f"/api/atlas/v2/orgs/{org}/invites/{first_id}"
        # DELETE does all that (b) does and more, so it cannot be faster than (b) could be with a core to
        # itself: (b)'s CPU cost bounds (d)'s rate even when (b)'s own measurement was held back by a stall.
        run.bound_rps = hello.rps
        if run.wants("b"):
            ipinfo = measure(
                load, "b", "GET /api/private/ipinfo (Bearer)", f"{base}/api/private/ipinfo",
                work_dir=work_dir, headers=headers[:1], token=token,
            )  # fmt: skip
            results.append(ipinfo)
            run.bound_rps = max(ipinfo.rps, 1e6 / ipinfo.cpu_us if ipinfo.cpu_us else hello.rps)
        if run.wants("c"):
            label = "GET one org invitation (Bearer)"
            results.append(measure(load, "c", label, f"{base}{one}", work_dir=work_dir, headers=headers, token=token))
        generator = {"headers": (f"Accept: {ACCEPT}",)}
        if run.wants("c-gen"):
            label = "GET one org invitation (Bearer), by digestload"
            results.append(measure_digestload(load, "c-gen", label, base, one, bearer, **generator))
        if run.wants("c-digest"):
            label = "GET one org invitation (Digest), by digestload"
            results.append(measure_digestload(load, "c-digest", label, base, one, api_key, **generator))
        deletes = [case for case in ("d", "d-gen", "d-digest") if run.wants(case)]
        if deletes or run.wants("profile"):
            ids_file = work_dir / "sqlite-ids.txt"
            profile = profile_seconds if run.wants("d", "profile") else 0.0
            pool = delete_pool_size(run, run.bound_rps, profile, len(deletes))
            add_invitations(dataset, pool, ids_file, "pool-")
            walk = IdWalk(ids_file, pool)
            prefix = f"/api/atlas/v2/orgs/{org}/invites/"
            if run.wants("d"):
                label = "DELETE org invitation, SQLite (Bearer)"
                results.append(
                    walk.measure(
                        load, "d", label, f"{base}{prefix}", prefix, work_dir=work_dir, token=token, headers=headers
                    )
                )
            if profile > 0:
                measured = next((m for m in results if m.case == "d"), None)
                run.profile = profile_delete(run, server, walk, f"{base}{prefix}", prefix, headers, profile, measured)
            walking = {"method": "DELETE", "walk": walk, "prime_path": one, **generator}
            if run.wants("d-gen"):
                label = "DELETE org invitation, SQLite (Bearer), by digestload"
                results.append(measure_digestload(load, "d-gen", label, base, prefix, bearer, **walking))
            if run.wants("d-digest"):
                label = "DELETE org invitation, SQLite (Digest), by digestload"
                results.append(measure_digestload(load, "d-digest", label, base, prefix, api_key, **walking))
        if run.wants("e"):
            results.append(
                measure(
                    load, "e", "POST org invitation (Bearer)", f"{base}/api/atlas/v2/orgs/{org}/invites",
                    work_dir=work_dir, script="create", script_args=("new",), warmup_args=("warm",),
                    headers=(*headers, "Content-Type: application/json"), token=token,
                )
            )  # fmt: skip
        run.memory["after_cases"] = server.memory()
    finally:
        run.stop(server)


def cases_postgres(run: Run, hello: Measured) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from support.postgres import PostgresCluster, postgres_available

    reason = postgres_available()
    if reason is not None:
        run.notes.append(f"(d) on PostgreSQL skipped: {reason}")
        log(run.notes[-1])
        return
    workers = [n for n in (1, 2) if run.wants(f"d-pg-w{n}")]
    if workers and not serve_has_workers():
        run.notes.append(
            "(d-pg-w1) and (d-pg-w2) not run: `atlas-access serve` has no `--workers` option in this revision"
        )
        log(run.notes[-1])
        workers = []
    with PostgresCluster() as cluster:  # fsync on; the server's own default for synchronous_commit
        url = cluster.create_database("bench")
        WATCHED["postgres"] = lambda: postgres_pids(cluster.data_dir)
        run.memory["postgres_version"] = postgres_version(cluster)
        ids_file = run.work_dir / "postgres-ids.txt"
        # Each case's share of ids, as for (d); --workers 2 on both cores could at most double it.
        bound = run.bound_rps or hello.rps
        pool = delete_pool_size(run, bound, 0, int(run.wants("d-pg")) + sum(workers))
        dataset = prepare(run.work_dir / "postgres", url)
        add_invitations(dataset, pool, ids_file, "pool-")
        walk = IdWalk(ids_file, pool)
        prefix = f"/api/atlas/v2/orgs/{dataset.bootstrap['orgId']}/invites/"
        runs = ([None] if run.wants("d-pg") else []) + workers
        try:
            for count in runs:
                case = "d-pg" if count is None else f"d-pg-w{count}"
                server = run.server(case, dataset, count)
                try:
                    token = access_token(dataset.base_url, dataset.bootstrap)
                    headers = (f"Authorization: Bearer {token}", f"Accept: {ACCEPT}")
                    label = "DELETE org invitation, PostgreSQL (Bearer)"
                    if count is not None:
                        plural = "es" if count > 1 else ""
                        label += f", `serve --workers {count}` ({count} process{plural}, not pinned)"
                    run.results.append(
                        walk.measure(
                            run.load, case, label, f"{dataset.base_url}{prefix}", prefix,
                            work_dir=run.work_dir, token=token, headers=headers,
                        )
                    )  # fmt: skip
                    run.results[-1].figures["server_processes"] = len(process_tree(server.pid))
                finally:
                    run.stop(server)
        finally:
            WATCHED.pop("postgres", None)


def postgres_pids(data_dir: Path) -> list[int]:
    """The postmaster and its children (backends included), from postmaster.pid and /proc."""
    try:
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    pids = [postmaster]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == postmaster:
                    pids.append(int(entry.name))
    return pids


def postgres_version(cluster: Any) -> str:
    with cluster.admin_connection() as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def case_memory(run: Run) -> None:
    """RSS with 100,000 pending invitations: idle, after a GET workload, after listing them all."""
    import httpx

    ids_file = run.work_dir / "memory-ids.txt"
    dataset = prepare(run.work_dir / "memory", None)
    add_invitations(dataset, MEMORY_INVITATIONS, ids_file, "member-")
    server = run.server("memory", dataset)
    memory = run.memory
    memory["invitations"] = MEMORY_INVITATIONS
    try:
        time.sleep(1.0)
        memory["idle"] = server.memory()
        token = access_token(dataset.base_url, dataset.bootstrap)
        headers = (f"Authorization: Bearer {token}", f"Accept: {ACCEPT}")
        org = dataset.bootstrap["orgId"]
        prefix = f"/api/atlas/v2/orgs/{org}/invites/"
        seconds = 3.0 if run.quick else 8.0
        figures, command = run_wrk(
            run.load,
            f"{dataset.base_url}{prefix}",
            work_dir=run.work_dir,
            script="random_ids",
            script_args=(str(ids_file), prefix),
            headers=headers,
            duration=seconds,
        )
        memory["get"] = figures
        memory["get_command"] = shown(command, token)
        memory["after_get"] = server.memory()
        lists = []
        client = httpx.Client(headers={"Authorization": f"Bearer {token}", "Accept": ACCEPT}, timeout=300)
        with client:
            for _ in range(2 if run.quick else 4):
                began = time.monotonic()
                response = client.get(f"{dataset.base_url}/api/atlas/v2/orgs/{org}/invites")
                elapsed = time.monotonic() - began
                count = len(response.json()) if response.status_code == 200 else 0
                lists.append(
                    {"status": response.status_code, "seconds": elapsed, "bytes": len(response.content), "items": count}
                )
                memory["after_list"] = server.memory()
        memory["lists"] = lists
        log(f"memory: {memory}")
    finally:
        run.stop(server)


def case_instructions(run: Run) -> None:
    """Instructions per request in one process, without HTTP (``instructions.py``), on a data directory made here."""
    if instructions.available() is None:
        run.instructions_skipped = "valgrind is not installed (`make bench` installs it)"
        log(f"instructions skipped: {run.instructions_skipped}")
        return
    data_dir = run.work_dir / "instructions"
    data_dir.mkdir()
    dataset = prepare(data_dir, None)
    first = add_invitations(dataset, 1, run.work_dir / "instructions-first.txt", "icount-one-")[0]
    add_invitations(dataset, 3_000, data_dir / "ids.txt", "icount-")
    meta = {"base_url": dataset.base_url, "bootstrap": dataset.bootstrap, "first": first}
    (data_dir / "meta.json").write_text(json.dumps(meta))
    run.instructions = instructions.measure(data_dir, run.quick)
    counted = run.instructions
    if counted is not None:
        log("instructions per request: " + ", ".join(f"{k} {v:,}" for k, v in counted.per_request.items()))


def case_restore(run: Run, postgres: bool) -> None:
    """Restoring a snapshot against a restart on a copy and a rebuild (``snapshot_restore.py``), on SQLite and,
    unless told not to, on PostgreSQL."""
    run.restores = snapshot_restore.measure_all(run.work_dir, 3 if run.quick else 10, postgres)


# --- profile --------------------------------------------------------------------------------------


def find_pyspy() -> str | None:
    """py-spy from PATH, else from a throwaway venv (created here on first use: never the project's venv)."""
    found = shutil.which("py-spy") or (
        str(PYSPY_VENV / "bin" / "py-spy") if (PYSPY_VENV / "bin" / "py-spy").exists() else None
    )
    if found:
        return found
    log(f"installing py-spy into the throwaway venv {PYSPY_VENV}")
    try:
        subprocess.run(["python3", "-m", "venv", str(PYSPY_VENV)], check=True, timeout=120)
        subprocess.run([str(PYSPY_VENV / "bin" / "pip"), "install", "-q", "py-spy"], check=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as problem:
        log(f"no py-spy: {problem}")
        return None
    return str(PYSPY_VENV / "bin" / "py-spy")


def profile_delete(
    run: Run,
    server: ServerProcess,
    walk: IdWalk,
    url: str,
    prefix: str,
    headers: tuple[str, ...],
    seconds: float,
    measured: Measured | None,
) -> dict[str, Any]:
    """py-spy samples the real server process while wrk runs (d) again."""
    pyspy = find_pyspy()
    if pyspy is None:
        run.notes.append("profile skipped: py-spy could not be found or installed")
        return {}
    raw = run.work_dir / "delete-profile.txt"
    command = [
        *run.load.pinning.prefix(run.load.pinning.wrk),
        pyspy, "record", "-p", str(server.pid), "-d", f"{seconds:g}", "-r", "250", "-f", "raw", "-o", str(raw),
    ]  # fmt: skip
    wait_for_quiet()
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    figures, _ = walk.run(
        run.load, url, "DELETE", prefix, work_dir=run.work_dir, headers=headers, duration=seconds, measured=False
    )
    _, errors = spy.communicate(timeout=seconds + 60)
    if spy.returncode != 0 or not raw.exists():
        run.notes.append(f"profile failed: py-spy exited {spy.returncode}: {errors.strip()[-500:]}")
        return {}
    run.commands.append(("profile of (d)", shlex.join(command)))
    rps = float(figures["requests"]) / (float(figures["duration_us"]) / 1e6)
    # Kept beside RESULTS.md only by a whole run (one that writes RESULTS.md).
    keep = (BENCH if RESULTS == BENCH / "RESULTS.md" else RESULTS.parent) / "profile-delete-sqlite.txt"
    shutil.copyfile(raw, keep)
    analysis = analyse_profile(raw)
    if measured is None:  # --only profile: the sampled run's own figures
        measured = Measured("d", "profiled", figures, "")
    analysis.update(
        rps_while_profiling=rps,
        rps_unprofiled=measured.rps,
        cpu_us=measured.cpu_us,
        other_cores=figures["other_cores"],
        file=keep.relative_to(REPO) if keep.is_relative_to(REPO) else keep,
    )
    return analysis


# Frames in py-spy's raw output look like "Class.method (package/module.py:line)".
Frames = list[str]
Test = Callable[[Frames], bool]


def on_stack(function: str, module: str) -> Test:
    """Some frame is ``function`` (a name, ``Class.name`` or a regex of them) from a module path matching ``module``."""
    regex = re.compile(rf"^(?:[\w<>]+\.)*(?:{function}) \((?:{module})")
    return lambda frames: any(regex.search(frame) for frame in frames)


def not_on_stack(function: str, module: str) -> Test:
    test = on_stack(function, module)
    return lambda frames: not test(frames)


def called_from(caller_module: str, callee_module: str) -> Test:
    """A frame of ``callee_module`` directly below one of ``caller_module`` (e.g. our code building SQL)."""
    caller, callee = re.compile(rf"\((?:{caller_module})"), re.compile(rf"\((?:{callee_module})")
    return lambda frames: any(caller.search(a) and callee.search(b) for a, b in itertools.pairwise(frames))


def innermost(function: str, module: str) -> Test:
    """The sample's innermost frame is ``function`` of a module matching ``module`` (its own time)."""
    regex = re.compile(rf"^(?:[\w<>]+\.)*(?:{function}) \((?:{module})")
    return lambda frames: bool(frames) and regex.search(frames[-1]) is not None


def ours(function: str, module: str) -> Test:
    return on_stack(function, f"atlas_access/{module}")


def sa(function: str, module: str = "") -> Test:
    return on_stack(function, f"sqlalchemy/{module}")


OURS = r"atlas_access/"
SA_FETCH = r"_setup_result_proxy|first|scalar_one_or_none|_fetchone_impl|_allrows|one"
# Inclusive: a sample counts for every line whose test its stack passes (so lines overlap; indented = part of).
INCLUSIVE: list[tuple[str, Test]] = [
    ("outside the request chain: uvicorn, httptools, the event loop", not_on_stack(r"RequestChain\.__call__", OURS)),
    ("the request chain (`server/chain.py` `RequestChain.__call__`)", ours(r"RequestChain\.__call__", "server/chain")),
    ("  finding the route (`RequestChain.match`)", ours(r"RequestChain\.match", "server/chain")),
    ("  the endpoint pipeline (`wire/endpoint.py` `serve`)", ours("serve", "server/wire/endpoint")),
    ("    the unit of work (`Database.run_sync`)", ours(r"Database\.run_sync", "store/database")),
    ("      connect/return to pool, BEGIN IMMEDIATE, COMMIT (`Engine.begin`)", sa(r"Engine\.begin")),
    ("        pool checkout and checkin", sa(r"_checkout|_checkin|_do_get|_do_return_conn", "pool/")),
    ("      BEGIN IMMEDIATE (`on_begin` listener)", sa("_begin_impl")),
    ("      COMMIT", sa("_commit_impl")),
    ("      `settings.clock_offset` (SELECT)", ours("clock_offset", "store/settings")),
    ("      the access generation (`store/access_generation.py`: one SELECT before the kept lookups)",
     ours("current", "store/access_generation")),
    ("      `authenticate` (Bearer)", ours("authenticate", "server/auth/authenticate")),
    ("        `tokens.verify` / `tokens.decode` (PyJWT, HMAC-SHA256)", ours("verify|decode", "server/auth/tokens")),
    ("        `credentials.token_holder` (account, revoked?, clock offset: one SELECT)",
     ours("token_holder", "store/credentials")),
    ("        `credentials.is_revoked` (SELECT)", ours("is_revoked", "store/credentials")),
    ("        `credentials.service_account_by_id` (SELECT)", ours("service_account_by_id", "store/credentials")),
    ("      `credentials.access_list` (SELECT)", ours("access_list", "store/credentials")),
    ("      version negotiation, sunset, lifecycle headers",
     ours("negotiate|check_sunset|lifecycle_headers|media_type", "server/wire/versioning")),
    ("      `_resolve_scope` (kept, else `directory.org_with_roles`: SELECT)",
     ours("_resolve_scope", "server/wire/endpoint")),
    ("      the group commit's own work: savepoints, and handing the unit its answer after the COMMIT",
     innermost(r"GroupCommit\.\w+", "atlas_access/store/group_commit")),
    ("      the handler: `cancel` → `services.memberships.cancel`", ours("cancel", "server/services/memberships")),
    ("        `store.invitations.transition` (UPDATE)", ours("transition", "store/invitations")),
    ("        `store.invitations.get` (SELECT, two joins)", ours("get", "store/invitations")),
    ("        `events.record` (INSERT)", ours("record", "store/events")),
    ("    `respond.success` (the answer's body and headers)", on_stack("success", "atlas_access/server/wire/respond")),
    ("  sending the answer with the security headers (`_send`, uvicorn's `send`)", ours("_send", "server/chain")),
    ("  the journal entry (`RequestChain._record`)", ours(r"RequestChain\._record", "server/chain")),
    ("SQLAlchemy `Connection.execute`, all statements", sa(r"Connection\.execute")),
    ("  cache key + compiled-statement lookup (`_compile_w_cache`)", sa("_compile_w_cache")),
    ("  expanding IN parameters (`_process_parameters_for_postcompile`)", sa("_process_parameters_for_postcompile")),
    ("  execution context and parameters (`_init_compiled`)", sa("_init_compiled")),
    ("  the sqlite3 driver's execute (`do_execute`; C, no Python below)", sa("do_execute")),
    ("  result objects and rows", sa(SA_FETCH, "engine/")),
    ("statements run on the driver cursor (`store/prepared.py`, sqlite3's C time included)",
     ours(r"Prepared\.\w+", "store/prepared")),
    ("SQL statements built per call in our code (`update()`, `.where()`, `.values()`, `insert()`)",
     called_from(OURS, "sqlalchemy/sql/")),
    ("the sqlite3 driver (`do_execute`, `do_commit`, `do_begin`: C code)", sa("do_execute|do_commit|do_begin")),
]  # fmt: skip

# Exclusive: each sample to the layer of its innermost Python frame.
LAYERS: list[tuple[str, str]] = [
    ("sqlite3 (C; shows as the Python frame that calls it: `do_execute`, `do_commit`, `Prepared._execute`)",
     r"^(?:[\w<>]+\.)*(do_execute|do_commit|Prepared\._execute|Prepared\.first) \("),
    ("SQLAlchemy (Python)", r"\(sqlalchemy/"),
    ("PyJWT", r"\(jwt/"),
    ("json", r"\(json/"),
    ("pydantic", r"\(pydantic"),
    ("Starlette", r"\(starlette/"),
    ("uvicorn, httptools", r"\(uvicorn/"),
    ("asyncio, anyio", r"\((asyncio|anyio)/"),
    ("atlas_access", r"\(atlas_access/"),
    ("dataclass __init__, threading, other", r"."),
]  # fmt: skip


def analyse_profile(raw: Path) -> dict[str, Any]:
    """Shares of the event loop's thread (where requests run); other threads are listed apart, because py-spy
    counts some waits (``Condition.wait`` of a background thread) as busy."""
    main: list[tuple[Frames, int]] = []
    other: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            frames = [frame for frame in stack.split(";") if not frame.startswith(("process ", "thread "))]
            if frames and frames[0].startswith("Thread._bootstrap "):
                other[re.sub(r":\d+\)$", ")", frames[-1])] += int(count)
            else:
                main.append((frames, int(count)))
    total = sum(count for _, count in main) or 1
    inclusive = [
        (label, 100.0 * sum(count for frames, count in main if test(frames)) / total) for label, test in INCLUSIVE
    ]
    layers: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for frames, samples in main:
        leaf = frames[-1] if frames else "?"
        own[re.sub(r":\d+\)$", ")", leaf)] += samples
        layers[next(label for label, pattern in LAYERS if re.search(pattern, leaf))] += samples
    return {
        "samples": total,
        "inclusive": inclusive,
        "layers": [(label, 100.0 * n / total) for label, n in layers.most_common()],
        "own": [(name, 100.0 * n / total) for name, n in own.most_common(15)],
        "other_threads": other.most_common(5),
    }


# --- report ---------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    packages = [
        "atlas-access",
        "starlette",
        "uvicorn",
        "uvloop",
        "httptools",
        "sqlalchemy",
        "psycopg",
        "pydantic",
        "pyjwt",
    ]
    versions = []
    for name in packages:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO, check=False
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "src"], capture_output=True, text=True, cwd=REPO, check=False
    )
    changed = len([x for x in dirty.stdout.splitlines() if x.strip()])
    diff = subprocess.run(["git", "diff", "HEAD", "--", "src"], capture_output=True, cwd=REPO, check=False).stdout
    fingerprint = hashlib.sha256(diff).hexdigest()[:12]
    return {
        "cpus": str(os.cpu_count()),
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip(),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": ", ".join(versions),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0].split(" Copyright")[0] if (wrk.stdout or wrk.stderr) else "?",
        "commit": commit.stdout.strip()
        + (f" plus uncommitted changes to {changed} file(s) under src/ (diff sha256 {fingerprint})" if changed else ""),
    }


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def percent(ratio: float, target: float) -> str:
    """``ratio`` as a percentage beside its target, with as many decimals as it takes for the figure not to read as
    the other side of the line (24.98% FAIL against 25%, never 25.0% FAIL)."""
    for decimals in (1, 2, 3, 4):
        shown = round(100 * ratio, decimals)
        if (shown >= 100 * target) == (ratio >= target):
            break
    return f"{100 * ratio:.{decimals}f}%"


def kept_notes() -> str:
    source = RESULTS if RESULTS.exists() else BENCH / "RESULTS.md"
    if source.exists():
        text = source.read_text()
        if NOTES_BEGIN in text and NOTES_END in text:
            return text[text.index(NOTES_BEGIN) : text.index(NOTES_END) + len(NOTES_END)]
    return f"{NOTES_BEGIN}\n_(analysis and suggestions go here)_\n{NOTES_END}"


def hellos(run: Run) -> list[Measured]:
    """The runs of (a), the async route: first, and again after the SQLite cases."""
    return [m for m in run.results if m.case in ("a", "a, again")]


def best_hello(run: Run) -> Measured | None:
    """The faster of the two runs of (a): the stricter denominator for every ratio."""
    return max(hellos(run), key=lambda m: m.rps, default=None)


def baseline_drift(run: Run) -> float:
    """How far the slower run of (a) fell below the faster (0.0 when (a) ran once)."""
    rates = [m.rps for m in hellos(run)]
    return 1.0 - min(rates) / max(rates) if len(rates) == 2 and max(rates) > 0 else 0.0


def ratio_verdict(ok: bool, drift: float) -> str:
    """A target against (a): PASS or FAIL, or INCONCLUSIVE when the machine's speed moved too much during the run."""
    if drift > MAX_BASELINE_DRIFT:
        allowed = f"{100 * MAX_BASELINE_DRIFT:.0f}%"
        return f"**INCONCLUSIVE** ((a) moved {100 * drift:.0f}% during the run; PASS/FAIL needs ≤ {allowed}: run again)"
    return verdict(ok)


def target_rows(run: Run, hello: Measured | None) -> list[str]:
    """Issue 17's targets, each with its measured figure and PASS/FAIL."""
    by_case = {m.case: m for m in run.results}
    rows: list[str] = []
    conns = run.load.connections
    drift = baseline_drift(run)

    def ratio_row(case: str, what: str, target: float) -> None:
        m = by_case.get(case)
        if m and hello:
            ratio = m.rps / hello.rps
            shown = ratio_verdict(ratio >= target, drift)
            rows.append(
                f"| ({case}) {what} ≥ {100 * target:.0f}% of (a)'s req/s at {conns} connections | "
                f"{percent(ratio, target)} ({m.rps:,.0f} / {hello.rps:,.0f}) | {shown} |"
            )

    ratio_row("d", "DELETE org invitation, Bearer, SQLite", TARGET_DELETE_RATIO)
    delete = by_case.get("d")
    if delete:
        p99 = delete.ms("p99_us")
        rows.append(
            f"| (d) DELETE p99 ≤ {TARGET_DELETE_P99_MS:g} ms at {conns} connections | {p99:.2f} ms | "
            f"{verdict(p99 <= TARGET_DELETE_P99_MS)} |"
        )
    ratio_row("e", "POST org invitation", TARGET_POST_RATIO)
    ratio_row("c", "GET one org invitation", TARGET_GET_RATIO)
    postgres = by_case.get("d-pg")
    if postgres and delete:
        ratio = postgres.rps / delete.rps
        rows.append(
            f"| (d-pg) DELETE on PostgreSQL ≥ {100 * TARGET_PG_RATIO:.0f}% of (d), the same DELETE on SQLite "
            f"(one process each, served alike) | {percent(ratio, TARGET_PG_RATIO)} "
            f"({postgres.rps:,.0f} / {delete.rps:,.0f}) | "
            f"{verdict(ratio >= TARGET_PG_RATIO)} |"
        )
    memory = run.memory
    if "after_list" in memory:
        peak = memory["after_list"]["VmHWM"]
        rows.append(
            f"| peak RSS (VmHWM) ≤ {TARGET_PEAK_RSS_MB:g} MB while listing {memory['invitations']:,} invitations | "
            f"{peak:.0f} MB | {verdict(peak <= TARGET_PEAK_RSS_MB)} |"
        )
    if run.cli is not None:
        for case, target in cli_startup.TARGETS.items():
            ratio = run.cli.ratio(case)
            rows.append(
                f"| `atlas` {case}: wall time ≤ {target}x `python -c 'import httpx'` (medians, same run; issue 4) | "
                f"{ratio:.2f}x ({run.cli.median_ms(case):.0f} / {run.cli.median_ms('baseline'):.0f} ms) | "
                f"{verdict(ratio <= target)} |"
            )
    return rows


def baseline_lines(run: Run, hello: Measured | None) -> list[str]:
    """How the bench made sure (a) is not handicapped, with this run's figures."""
    by_case = {m.case: m for m in run.results}
    lines = [
        "(a) is an `async def` Starlette route returning `hello` in plain text, served by `bench/hello_app.py` the way "
        "`atlas-access serve` serves: the socket bound by the server's `listen.bind`, `uvicorn.Server` with the "
        "same `uvicorn.Config` as `server/command.py` (uvloop, the server's `HttpProtocol` over httptools with its "
        "default header timeout, no access log, no server header, one process), `gc.freeze()` at start-up as the "
        "server's lifespan does, the same interpreter, the same CPU pinning and the same wrk command line "
        "(threads, connections, warm-up, duration, timeout, `report.lua`) as every case. Checks in this run:",
        "",
    ]
    sync, stock = by_case.get("a-sync"), by_case.get("a-uvicorn")
    if hello and sync:
        lines.append(
            f"- the earlier baseline, a sync `lambda` route in the same process (Starlette runs it in its thread "
            f"pool), served {sync.rps:,.0f} req/s at {sync.cpu_us:,.0f} µs of server CPU per request; the async "
            f"route {hello.rps:,.0f} req/s at {hello.cpu_us:,.0f} µs: {hello.rps / sync.rps:.1f}x the earlier "
            f"denominator by req/s, {sync.cpu_us / hello.cpu_us:.1f}x by CPU per request, so every ratio here is "
            "that much stricter than those reported before issue 17;"
        )
    if hello and stock:
        lines.append(
            f"- the same async route by the `uvicorn` command with uvicorn's stock httptools protocol served "
            f"{stock.rps:,.0f} req/s at {stock.cpu_us:,.0f} µs of server CPU per request, against (a)'s "
            f"{hello.rps:,.0f} req/s at {hello.cpu_us:,.0f} µs: the server's protocol class (header timeout, "
            f"catalog errors) changes the baseline's cost by {hello.cpu_us - stock.cpu_us:+,.0f} µs per request. "
            "(a) keeps it because the server pays it too;"
        )
    again = by_case.get("a, again")
    first = by_case.get("a")
    if again and first:
        lines.append(
            f"- (a) ran again after the SQLite cases: {first.rps:,.0f} then {again.rps:,.0f} req/s; the faster is "
            "the denominator."
        )
    return lines


def generator_lines(run: Run) -> list[str]:
    """Digest beside Bearer, both driven by bench/digestload, and the generator's own cost."""
    by_case = {m.case: m for m in run.results}
    cases = [by_case[c] for c in ("c", "c-gen", "c-digest", "d", "d-gen", "d-digest") if c in by_case]
    if not any(m.gen_cpu_us is not None for m in cases):
        return ["_not measured in this run_"]
    lines = [
        "wrk's LuaJIT has no MD5, so Digest is driven by `bench/digestload` (Go, standard library only; built with "
        "`go build` into `.cache/bench/`). As real clients do (the Go CLI's digest transport), each connection takes "
        "one challenge before the clock starts, then reuses that nonce with an increasing `nc` and a fresh `cnonce` "
        "per request (each request costs the server an HMAC check of the nonce, the API key's lookup, two MD5s and "
        "the INSERT recording `(nonce, nc, cnonce)` against replays), taking a new nonce when an answer says "
        "`stale=true`. It runs where wrk runs (same CPU, same connections, warm-up and duration) and talks only to "
        "127.0.0.1. The Bearer rows by the same generator show it measures as wrk does.",
        "",
        "| case | request | driven by | req/s | p50 ms | p99 ms | server CPU µs/req | vs Bearer (same generator) | "
        "generator CPU µs/req | generator's share of its core |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in cases:
        base = by_case.get(m.case.replace("-digest", "-gen")) if m.case.endswith("-digest") else None
        versus = f"{100 * m.rps / base.rps:.0f}% req/s, {m.cpu_us - base.cpu_us:+,.0f} µs" if base else "-"
        gen = f"{m.gen_cpu_us:,.0f}" if m.gen_cpu_us is not None else "-"
        share = f"{100 * m.gen_cores:.0f}%" if m.gen_cores is not None else "-"
        driver = "digestload" if m.gen_cpu_us is not None else "wrk"
        lines.append(
            f"| ({m.case}) | {m.label.split(', by digestload')[0]} | {driver} | {m.rps:,.0f} | {m.ms('p50_us'):.2f} | "
            f"{m.ms('p99_us'):.2f} | {m.cpu_us:,.0f} | {versus} | {gen} | {share} |"
        )
    challenges = [
        f"({m.case}) {m.figures.get('challenges', 0)} first challenges, {m.figures.get('stale_challenges', 0)} "
        f"stale, {m.figures.get('refused_challenges', 0)} other"
        for m in cases
        if m.case.endswith("-digest")
    ]
    lines += [
        "",
        "`generator's share of its core`: the generator's own CPU time (getrusage) over the measured seconds; well "
        "below 100% means the server, not the generator, set the pace. Challenges answered: "
        + "; ".join(challenges)
        + ".",
    ]
    return lines


def workers_lines(run: Run) -> list[str]:
    by_case = {m.case: m for m in run.results}
    cases = [by_case[c] for c in POSTGRES_CASES if c in by_case]
    if not cases:
        return ["_not measured in this run_"] + [f"- {n}" for n in run.notes if "d-pg-w" in n]
    lines = [
        "The same DELETE on PostgreSQL (a throwaway cluster, the server's default durability). (d-pg) is served "
        "as (d) is, one process pinned to the server's CPU. (d-pg-w1) and (d-pg-w2) are "
        "`atlas-access serve --workers N`, the processes not pinned (they, PostgreSQL and the load generator share "
        "both cores); CPU per request sums "
        "every server process and every PostgreSQL process.",
        "",
        "| case | req/s | p50 ms | p99 ms | server + PostgreSQL CPU µs/req | of which PostgreSQL | processes | "
        "vs (d) on SQLite |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    delete = by_case.get("d")
    for m in cases:
        postgres = 1e6 * float(m.figures.get("postgres_cpu_s", 0.0)) / max(1, int(m.figures["requests"]))
        versus = f"{100 * m.rps / delete.rps:.0f}%" if delete else "-"
        lines.append(
            f"| ({m.case}) | {m.rps:,.0f} | {m.ms('p50_us'):.2f} | {m.ms('p99_us'):.2f} | {m.cpu_us:,.0f} | "
            f"{postgres:,.0f} | {m.figures.get('server_processes', 1)} | {versus} |"
        )
    lines += [f"- {n}" for n in run.notes if "d-pg-w" in n]
    return lines


def report(run: Run, info: dict[str, str], started: dt.datetime, elapsed: float, argv: list[str]) -> str:
    hello = best_hello(run)
    out: list[str] = ["# atlas-access load benchmarks", ""]
    out.append(
        f"Generated by `bench/run.py` on {started:%Y-%m-%d %H:%M} UTC in {elapsed:.0f} s "
        f"(`{shlex.join(['bench/run.py', *argv])}`). Each case: {run.load.connections} connections "
        f"(wrk -t{run.load.threads}, or bench/digestload), "
        f"{run.load.warmup:g} s warm-up then {run.load.duration:g} s measured; "
        "server as its own process on 127.0.0.1 with `--rate-limits off`, fresh temporary data directory. "
        "Every ratio is to (a), an `async def` Starlette route served exactly as the server is."
    )
    cheapest = min((m.cpu_us for m in hellos(run)), default=0.0)
    out += ["", "## Targets (issue 17)", "", "| target | measured | result |", "|---|---|---|"]
    out += target_rows(run, hello)
    out += [
        "",
        "History only: issue 2's targets (DELETE ≥ 40% of a sync `lambda` route's req/s, p99 ≤ 25 ms, RSS ≤ 200 MB "
        "after listing) were measured against the earlier, thread-pool baseline, (a-sync) below; they are replaced "
        "by the ones above.",
    ]
    out += ["", "## Results", ""]
    out.append(
        "| case | request | req/s | p50 ms | p99 ms | p99.9 ms | req/s vs (a) | server CPU µs/req | "
        "CPU-based vs (a) | failed | other load |"
    )
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in run.results:
        ratio = f"{100 * m.rps / hello.rps:.1f}%" if hello else "-"
        cpu_ratio = f"{100 * cheapest / m.cpu_us:.1f}%" if cheapest and m.cpu_us else "-"
        failed = f"{m.failures}" + (f" ({m.note})" if m.note else "")
        out.append(
            f"| ({m.case}) | {m.label} | {m.rps:,.0f} | {m.ms('p50_us'):.2f} | {m.ms('p99_us'):.2f} | "
            f"{m.ms('p999_us'):.2f} | {ratio} | {m.cpu_us:,.0f} | {cpu_ratio} | {failed} | "
            f"{m.figures['other_cores']:.2f} |"
        )
    out += [
        "",
        "(a) runs twice, first and after the SQLite cases; every `vs (a)` uses the faster of the two (the "
        "stricter denominator), and their difference shows how much the machine's speed drifted during the run "
        f"(more than {100 * MAX_BASELINE_DRIFT:.0f}%, and the targets against (a) read INCONCLUSIVE: run again). "
        "`server CPU µs/req`: the server's CPU time (user + system, from `/proc/PID/stat`, summed over its worker "
        "processes if any; for PostgreSQL plus its processes') divided by the requests served: what a request "
        "costs, almost independent of other load. `CPU-based vs (a)` compares those costs ((a)'s lower µs / the "
        "case's µs), the ratio the req/s column would show on an otherwise idle machine where the server has its "
        "core to itself. "
        "`failed`: non-2xx answers plus socket errors and timeouts (each should be 0). `other load`: CPU time that "
        "processes other than the server, the load generator and PostgreSQL used during the measurement, in cores "
        f"(of {os.cpu_count()}); anything above ~0.1 means someone else's work competed with the benchmark. Before "
        f"each measurement the bench waits up to {QUIET_WAIT_SECONDS:g} s for that to drop below {QUIET_CORES:g}.",
    ]
    out += ["", "## The baseline", ""]
    out += baseline_lines(run, hello)
    out += ["", "## Digest beside Bearer", ""]
    out += generator_lines(run)
    out += ["", "## Several processes on PostgreSQL", ""]
    out += workers_lines(run)
    out += ["", "## CLI start-up", ""]
    out += cli_startup.report_lines(run.cli) if run.cli is not None else ["_not measured in this run_"]
    out += ["", instructions.SECTION, ""]
    out += instructions.report_lines(run.instructions, run.instructions_skipped)
    out += ["", snapshot_restore.SECTION, ""]
    out += snapshot_restore.report_lines(run.restores) if run.restores else ["_not measured in this run_"]
    out += ["", "## Memory", ""]
    memory = run.memory
    if "after_list" in memory:
        get = memory["get"]
        get_rps = get["requests"] / (get["duration_us"] / 1e6)
        out.append(
            f"A fresh server (SQLite) over a database holding {memory['invitations']:,} pending organization "
            "invitations. VmRSS / VmHWM (peak) from `/proc/PID/status`:"
        )
        out += ["", "| moment | VmRSS MB | VmHWM MB |", "|---|---:|---:|"]
        rows = [
            ("started, idle", memory["idle"]),
            (f"after GET of random invitations ({get['requests']:,} requests, {get_rps:,.0f} req/s, "
             f"p99 {get['p99_us'] / 1000:.1f} ms, {get['non_2xx']} failed)", memory["after_get"]),
            (f"after {len(memory['lists'])} sequential lists of all invitations (the list workload)",
             memory["after_list"]),
        ]  # fmt: skip
        for name, values in rows:
            out.append(f"| {name} | {values['VmRSS']:.0f} | {values['VmHWM']:.0f} |")
        if "after_cases" in memory:
            values = memory["after_cases"]
            out.append(
                f"| (for comparison) the SQLite server of (b) to (e) after all its requests | {values['VmRSS']:.0f} | "
                f"{values['VmHWM']:.0f} |"
            )
        lists = ", ".join(
            f"{x['seconds']:.2f} s ({x['status']}, {x['items']:,} items, {x['bytes'] / 1e6:.1f} MB)"
            for x in memory["lists"]
        )
        out += ["", f"Each list of all invitations (`GET /api/atlas/v2/orgs/{{orgId}}/invites`, one client): {lists}."]
        out += ["", f"GET workload: `{memory['get_command']}`"]
    else:
        out.append("_not measured in this run_")
    out += ["", "## Profile of (d) DELETE on SQLite", ""]
    prof = run.profile
    if prof:
        per_request_us = prof["cpu_us"]
        out.append(
            f"py-spy sampled the real server process at 250 Hz while wrk ran (d) again ({prof['samples']:,} samples "
            "of the event loop's thread, "
            f"idle samples excluded; {prof['rps_while_profiling']:,.0f} req/s while sampled vs "
            f"{prof['rps_unprofiled']:,.0f} unsampled; other load {prof['other_cores']:.2f} cores). A request cost "
            f"{per_request_us:.0f} µs of server CPU in (d), so 1% of the samples is about "
            f"{per_request_us / 100:.1f} µs. "
            f"Raw stacks: `{prof['file']}` (collapsed format; `grep`, or feed to flamegraph.pl / speedscope)."
        )
        out += [
            "",
            "Inclusive (a sample counts for every line whose function is on its stack; lines whose functions "
            "never showed up, e.g. code that no longer exists, are left out):",
            "",
        ]
        out += ["| where | % of samples | ≈ µs per request |", "|---|---:|---:|"]
        for label, pct in prof["inclusive"]:
            if pct == 0:
                continue
            out.append(f"| {label.replace('  ', '&nbsp;&nbsp;')} | {pct:.1f} | {pct * per_request_us / 100:.0f} |")
        out += ["", "Exclusive, by the layer of the innermost Python frame:", ""]
        out += ["| layer | % of samples |", "|---|---:|"]
        for label, pct in prof["layers"]:
            out.append(f"| {label} | {pct:.1f} |")
        out += ["", "Top functions by own time:", "", "| function | % |", "|---|---:|"]
        for name, pct in prof["own"]:
            out.append(f"| `{name}` | {pct:.1f} |")
        if prof.get("other_threads"):
            listed = ", ".join(f"`{name}` {count:,}" for name, count in prof["other_threads"])
            out += [
                "",
                f"Shares above are of the event loop's thread ({prof['samples']:,} samples). Samples of other "
                f"threads, left out (py-spy counts some of their waits as busy): {listed}.",
            ]
    else:
        out.append("_not profiled in this run_")
    out += ["", "## Where the time goes", "", kept_notes(), ""]
    out += ["## Machine and method", ""]
    out.append(f"- CPU: {info['cpu']}, nproc {info['nproc']}; memory {info['memory']}; Linux {info['kernel']}")
    out.append(f"- Python {info['python']}; {info['packages']}")
    out.append(f"- {info['wrk']}; PostgreSQL {memory.get('postgres_version', 'not run')}")
    out.append(f"- atlas-access commit {info['commit']}")
    out.append(f"- CPU pinning: {run.load.pinning.describe()}. PostgreSQL's processes are not pinned.")
    out.append(
        "- SQLite: the server's defaults (WAL, synchronous=NORMAL). PostgreSQL: a throwaway cluster "
        "(`tests/support/postgres.py`, fsync on), the server started without `--postgres-synchronous-commit`: its "
        "default (`off` since issue 17, which survives a killed server process but not a crash of PostgreSQL)."
    )
    out.append(
        "- Pending invitations for (d) and the memory case are made outside the server by the service layer's "
        "`invite_to_org` and `store.invitations.insert`, written in bulk (`populate` in run.py): for (d) while "
        "the server is idle after (c), more than (d) could use even at the rate (b)'s CPU cost allows; "
        "wrk walks a file of their ids, "
        "one id per request, never reusing one (`lua/walk_ids.lua`). POST makes a new username per request "
        "(`lua/create.lua`)."
    )
    for note in run.notes:
        out.append(f"- {note}")
    out += ["", "Commands (temporary paths as they were; `$TOKEN` is a fresh OAuth access token):", "", "```"]
    out.append("make bench    # = .venv/bin/python bench/run.py")
    for name, command in run.commands:
        out.append(f"# {name}\n{command}")
    for m in run.results:
        out.append(f"# ({m.case}) {m.label}\n{m.command}")
    out += ["```", ""]
    return "\n".join(out)


# --- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per case (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per case (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--quick", action="store_true", help="3 s cases, 1 s warm-up, 5 s profile: a smoke run (to .cache/bench/)"
    )
    parser.add_argument(
        "--only",
        metavar="CASE[,CASE...]",
        help="run only these cases, and (a) for the ratios (report to .cache/bench/ unless --output); cases: "
        + ", ".join(ALL_CASES),
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin the server and wrk to separate CPUs")
    parser.add_argument("--no-postgres", action="store_true", help="skip (d) on PostgreSQL")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory case")
    parser.add_argument("--no-cli", action="store_true", help="skip the atlas CLI start-up case")
    parser.add_argument("--no-restore", action="store_true", help="skip restoring a snapshot (snapshot_restore.py)")
    parser.add_argument("--profile-seconds", type=float, default=None, help="py-spy seconds, 0 to skip (default 10)")
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default bench/RESULTS.md; .cache/bench/RESULTS.md with --quick or --only)",
    )
    parser.add_argument(
        "--source",
        metavar="REV",
        help="measure src/ as of this git revision (e.g. HEAD) instead of the working tree, to compare commits",
    )
    return parser.parse_args(argv)


def choose_pinning(no_pin: bool) -> Pinning:
    cpus = sorted(os.sched_getaffinity(0))
    if no_pin or len(cpus) < 2 or shutil.which("taskset") is None:
        return Pinning()
    rest = ",".join(str(c) for c in cpus[1:])
    return Pinning(server=str(cpus[0]), wrk=rest)


def use_revision(revision: str, work_dir: Path) -> str:
    """Measure ``src/`` as of a git revision: exported to ``work_dir`` and put first on the import path of this
    process and of the servers it starts (through PYTHONPATH). Returns how the report names it."""
    if "atlas_access" in sys.modules:
        raise RuntimeError("--source must take effect before atlas_access is imported")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", f"{revision}^{{commit}}"], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout.strip()
    archive = subprocess.run(["git", "archive", commit, "src"], capture_output=True, cwd=REPO, check=True).stdout
    target = work_dir / "source"
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    source = str(target / "src")
    sys.path.insert(0, source)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))
    log(f"measuring src/ as of {revision} ({commit}), exported to {source}")
    return f"{commit} (`--source {revision}`: src/ exported from git, the working tree not used)"


@contextlib.contextmanager
def working_directory() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk; `make bench` does it)", file=sys.stderr)
        return 2
    only = frozenset(x.strip() for x in args.only.split(",") if x.strip()) if args.only else None
    if only is not None and not only <= set(ALL_CASES):
        print(f"--only: unknown case(s) {', '.join(sorted(only - set(ALL_CASES)))}", file=sys.stderr)
        return 2
    if args.quick:
        args.duration, args.warmup = min(args.duration, 3.0), min(args.warmup, 1.0)
    profile = args.profile_seconds if args.profile_seconds is not None else (5.0 if args.quick else 10.0)
    global RESULTS, DIGESTLOAD_BINARY
    RESULTS = args.output or (QUICK_OUTPUT if args.quick or only is not None else RESULTS)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    began = time.monotonic()
    pinning = choose_pinning(args.no_pin)
    load = Load(args.threads, args.connections, args.duration, args.warmup, pinning)
    info = machine()
    log(f"pinning: {pinning.describe()}")
    with working_directory() as work_dir:
        if args.source:
            info["commit"] = use_revision(args.source, work_dir)
        run = Run(load, work_dir, args.quick, only)
        failed = False
        try:
            DIGESTLOAD_BINARY = digestload()
        except (OSError, subprocess.SubprocessError) as problem:
            run.notes.append(f"bench/digestload could not be built: {problem}")
        if DIGESTLOAD_BINARY is None:
            run.notes.append("the digestload cases were not run: no Go toolchain to build bench/digestload")
            generator_cases = {"c-gen", "c-digest", "d-gen", "d-digest"}
            run.only = frozenset((only if only is not None else set(ALL_CASES)) - generator_cases)
        try:
            hellos = case_hello(run)
            run.results.extend(hellos)
            hello = hellos[0]
            groups: list[tuple[str, Callable[[], None]]] = []
            if run.wants(*SQLITE_CASES):
                groups.append(("SQLite cases", lambda: cases_sqlite(run, hello, profile)))
            # (a) again once the SQLite cases are done: the machine may have changed speed meanwhile.
            if run.wants("a-again"):
                groups.append(("(a) again", lambda: run.results.extend(case_hello(run, again=True))))
            if not args.no_memory and run.wants("memory"):
                groups.append(("memory case", lambda: case_memory(run)))
            if not args.no_postgres and run.wants(*POSTGRES_CASES):
                groups.append(("PostgreSQL cases", lambda: cases_postgres(run, hello)))
            if not args.no_cli and run.wants("cli"):
                groups.append(("CLI start-up", lambda: setattr(run, "cli", cli_startup.measure(work_dir))))
            if run.wants("instructions"):
                groups.append(("instructions", lambda: case_instructions(run)))
            if not args.no_restore and run.wants("restore"):
                groups.append(("snapshot restore", lambda: case_restore(run, not args.no_postgres)))
            for name, group in groups:
                try:
                    group()
                except Exception as problem:  # report what was measured, and what failed
                    failed = True
                    run.notes.append(f"**{name} failed**: {type(problem).__name__}: {str(problem)[:800]}")
                    log(run.notes[-1])
        finally:
            for server in list(run.servers):
                run.stop(server)
    text = report(run, info, started, time.monotonic() - began, argv)
    RESULTS.write_text(text)
    log(f"wrote {RESULTS} in {time.monotonic() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
