"""Restoring a named snapshot of an organization with 1,000 users and 1,000 invitations (issue 14), against the
ways of getting the same state back without snapshots, measured in the same run.

A server runs as its own process (``atlas-access serve --rate-limits off``, SQLite in a fresh data directory, or
PostgreSQL with ``--postgres``). The organization is built through the local API and the Admin API: one fixture
document with 1,000 users (in ten teams, a quarter of them with a project role) and an owner API key, then 1,000
organization invitations, each a POST with Digest (so each has its mail and its event). The state is saved as a
snapshot; then, round after round, it is changed (100 invitations cancelled, 100 new ones, another organization
with 100 users, the clock moved 10 days) and brought back, and the time until the answer is measured:

  restore        POST /api/local/v1/snapshots/{name}:restore
  restart        the server stopped (SIGINT), a copy of its database file taken right after the save put back, the
                 server started again and answering (SQLite only): restoring a state without snapshots
  rebuild        POST /api/local/v1/reset, then the same fixture document and 1,000 invitation POSTs: what a test
                 suite without snapshots or copies does
  export/import  GET /api/local/v1/export, and POST /api/local/v1/import of that document

After each restore the state is checked (GET /api/local/v1/export must equal the export taken at the save). Run alone
with ``python bench/snapshot_restore.py [--rounds N] [--postgres] [--write]`` (``--write`` puts the section into
bench/RESULTS.md, saying it comes from a partial run); ``bench/run.py`` runs it too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
ACCEPT = "application/vnd.atlas.2023-01-01+json"
USERS = 1000
INVITATIONS = 1000
SECTION = "## Restoring a snapshot"


@dataclass
class Restores:
    """Seconds per way, the state's size, and what went wrong."""

    engine: str
    rounds: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    rows: int = 0
    bytes: int = 0
    save_seconds: float = 0.0
    build_seconds: float = 0.0
    load_average: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average at the start and the end
    failures: list[str] = field(default_factory=list)

    def median_ms(self, way: str) -> float:
        return statistics.median(self.seconds[way]) * 1000

    def add(self, way: str, seconds: float) -> None:
        self.seconds.setdefault(way, []).append(seconds)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """``atlas-access serve`` as its own process, stopped with SIGINT by its pid only."""

    def __init__(self, data_dir: Path, database_url: str | None, log: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.command = [
            str(VENV_BIN / "atlas-access"),
            "serve",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--data-dir",
            str(data_dir),
            "--rate-limits",
            "off",
            *(["--database-url", database_url] if database_url else []),
        ]
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early; see {self.log}")
            try:
                httpx.get(f"{self.base}/api/private/ipinfo", timeout=1, trust_env=False)  # any answer will do
                return
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
        raise RuntimeError("the server did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@contextmanager
def _timed(results: Restores, way: str) -> Iterator[None]:
    began = time.perf_counter()
    yield
    results.add(way, time.perf_counter() - began)


def _ok(response: httpx.Response, what: str) -> httpx.Response:
    if response.status_code >= 300:
        raise RuntimeError(f"{what}: {response.status_code} {response.text[:300]}")
    return response


def _fixture() -> dict[str, Any]:
    users = [
        {
            "username": f"user{n}@bench.example.com",
            "orgRoles": ["ORG_MEMBER"],
            "teams": [f"team{n % 10}"],
            **({"projectRoles": {"web": ["GROUP_READ_ONLY"]}} if n % 4 == 0 else {}),
        }
        for n in range(USERS)
    ]
    org = {
        "name": "Bench",
        "projects": [{"name": "web"}],
        "teams": [{"name": f"team{n}"} for n in range(10)],
        "users": users,
        "apiKeys": [{"description": "bench owner", "orgRoles": ["ORG_OWNER"]}],
    }
    return {"orgs": [org]}


def build(admin: httpx.Client, base: str) -> tuple[str, httpx.Client]:
    """The organization: 1,000 users by fixture, then 1,000 invitations through the Admin API; its id and a client
    holding its owner key."""
    org = _ok(admin.post("/api/local/v1/fixtures", json=_fixture()), "fixtures").json()["orgs"][0]
    key = org["apiKeys"][0]
    owner = httpx.Client(
        base_url=base,
        auth=httpx.DigestAuth(key["publicKey"], key["privateKey"]),
        headers={"Accept": ACCEPT},
        timeout=60,
        trust_env=False,
    )
    for n in range(INVITATIONS):
        body = {"username": f"invitee{n}@bench.example.com", "roles": ["ORG_MEMBER"]}
        _ok(owner.post(f"/api/atlas/v2/orgs/{org['id']}/invites", json=body), "invite")
    return org["id"], owner


def change(admin: httpx.Client, owner: httpx.Client, org_id: str, round_number: int) -> None:
    """Cancel 100 invitations, make 100 new ones and another organization of 100 users, move the clock 10 days."""
    invitations = _ok(owner.get(f"/api/atlas/v2/orgs/{org_id}/invites"), "list").json()
    for invitation in invitations[:100]:
        _ok(owner.delete(f"/api/atlas/v2/orgs/{org_id}/invites/{invitation['id']}"), "cancel")
    for n in range(100):
        body = {"username": f"late{round_number}-{n}@bench.example.com", "roles": ["ORG_MEMBER"]}
        _ok(owner.post(f"/api/atlas/v2/orgs/{org_id}/invites", json=body), "invite")
    users = [{"username": f"other{round_number}-{n}@bench.example.com"} for n in range(100)]
    _ok(admin.post("/api/local/v1/fixtures", json={"orgs": [{"name": f"Other {round_number}", "users": users}]}), "fx")
    _ok(admin.post("/api/local/v1/clock", json={"advance": "10d"}), "clock")


def _admin(base: str, data_dir: Path) -> httpx.Client:
    token = json.loads((data_dir / "bootstrap.json").read_text())["adminToken"]
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=300, trust_env=False)


def measure(work_dir: Path, rounds: int = 10, database_url: str | None = None) -> Restores:
    engine = "PostgreSQL" if database_url else "SQLite"
    results = Restores(engine, rounds)
    start_load = _load_average()
    data_dir = work_dir / f"restore-{engine.lower()}"
    server = Server(data_dir, database_url, work_dir / f"restore-{engine.lower()}.log")
    server.start()
    try:
        admin = _admin(server.base, data_dir)
        began = time.perf_counter()
        org_id, owner = build(admin, server.base)
        results.build_seconds = time.perf_counter() - began
        began = time.perf_counter()
        saved = _ok(admin.post("/api/local/v1/snapshots", json={"name": "org"}), "save").json()
        results.save_seconds = time.perf_counter() - began
        results.rows, results.bytes = saved["rows"], saved["bytes"]
        expected = _ok(admin.get("/api/local/v1/export"), "export").json()

        for number in range(rounds):
            change(admin, owner, org_id, number)
            with _timed(results, "restore"):
                _ok(admin.post("/api/local/v1/snapshots/org:restore"), "restore")
            if number in (0, rounds - 1) and _ok(admin.get("/api/local/v1/export"), "export").json() != expected:
                results.failures.append(f"round {number}: the restored state differs from the saved one")

        for _ in range(3):
            with _timed(results, "export"):
                document = _ok(admin.get("/api/local/v1/export"), "export").content
            change(admin, owner, org_id, rounds)
            with _timed(results, "import"):
                sent = admin.post(
                    "/api/local/v1/import", content=document, headers={"Content-Type": "application/json"}
                )
                _ok(sent, "import")

        if database_url is None:
            _restarts(results, server, admin, owner, org_id, work_dir, expected)
            admin = _admin(server.base, data_dir)

        for _ in range(3):
            with _timed(results, "rebuild"):
                _ok(admin.post("/api/local/v1/reset"), "reset")
                org_id, owner = build(admin, server.base)
    except Exception as problem:
        results.failures.append(f"{type(problem).__name__}: {str(problem)[:500]}")
    finally:
        server.stop()
        results.load_average = (start_load, _load_average())
    return results


def _load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def _restarts(
    results: Restores,
    server: Server,
    admin: httpx.Client,
    owner: httpx.Client,
    org_id: str,
    work_dir: Path,
    expected: Any,
) -> None:
    """The restart baseline: a copy of the database file taken with the server stopped right after the restore
    to the saved state, put back under a stopped server that is then started again."""
    _ok(admin.post("/api/local/v1/snapshots/org:restore"), "restore")
    server.stop()
    database = server.data_dir / "atlas-access.db"
    copy = work_dir / "saved.db"
    shutil.copy(database, copy)
    server.start()
    for number in range(3):
        change(admin, owner, org_id, 100 + number)
        with _timed(results, "restart"):
            server.stop()
            for leftover in (database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copy(copy, database)
            server.start()
        if number == 0 and _ok(admin.get("/api/local/v1/export"), "export").json() != expected:
            results.failures.append("restart: the state on the copy differs from the saved one")


WAYS: dict[str, tuple[str, str]] = {
    "restore": ("`POST /api/local/v1/snapshots/org:restore`", "the case"),
    "restart": ("stop the server, put back a copy of its SQLite file, start it, until it answers", "baseline"),
    "rebuild": ("`POST /api/local/v1/reset`, the fixture document, 1,000 invitation POSTs", "baseline"),
    "export": ("`GET /api/local/v1/export` (the document, pretty JSON)", "-"),
    "import": ("`POST /api/local/v1/import` of that document", "-"),
}


def report_lines(runs: list[Restores], partial: str | None = None) -> list[str]:
    out: list[str] = []
    if partial:
        out += [partial, ""]
    out.append(
        f"An organization with {USERS:,} users (in 10 teams, a quarter with a project role) and {INVITATIONS:,} "
        "pending invitations (each with its mail and event), built through the local API and the Admin API on a server "
        "process of its own (`--rate-limits off`), saved as a snapshot; between rounds 100 invitations are cancelled, "
        "100 made, another organization of 100 users added and the clock moved 10 days. Wall time until the answer "
        "(the restart: until the restarted server answers). The restored state is checked against an export taken "
        "at the save."
    )
    for run in runs:
        out += [
            "",
            f"**{run.engine}**: the state is {run.rows:,} rows, {run.bytes / 1e6:.1f} MB as compact JSON; saving it "
            f"took {run.save_seconds * 1000:.0f} ms, building it through the API {run.build_seconds:.1f} s; the "
            f"machine's load average was {run.load_average[0]:.2f} at the start and {run.load_average[1]:.2f} at the "
            "end, this run's own processes included (other work slows every way alike: compare the ratios).",
            "",
        ]
        out += ["| way | what | runs | median ms | min ms | restore vs this |", "|---|---|---:|---:|---:|---:|"]
        for way, (what, role) in WAYS.items():
            times = run.seconds.get(way)
            if not times:
                continue
            ratio = "-"
            if role == "baseline" and "restore" in run.seconds:
                share = run.median_ms("restore") / run.median_ms(way)
                ratio = f"{share:.3f}x ({1 / share:.0f}x faster)"
            out.append(
                f"| {way} ({role}) | {what} | {len(times)} | {run.median_ms(way):,.0f} | {min(times) * 1000:,.0f} | "
                f"{ratio} |"
            )
        if run.failures:
            out += ["", f"**{len(run.failures)} failures**, e.g. `{run.failures[0]}`"]
    return out


def write_section(lines: list[str]) -> None:
    """Put the section into RESULTS.md in place of an earlier one, else before the memory section."""
    text = RESULTS.read_text()
    section = "\n".join([SECTION, "", *lines, ""]) + "\n"
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    else:
        anchor = text.index("## Memory")
        text = text[:anchor] + section + text[anchor:]
    RESULTS.write_text(text)


def _postgres(work_dir: Path, rounds: int) -> Restores:
    sys.path.insert(0, str(BENCH.parent / "tests"))
    from support.postgres import PostgresCluster, postgres_available

    reason = postgres_available()
    if reason is not None:
        return Restores("PostgreSQL", rounds, failures=[f"not run: {reason}"])
    with PostgresCluster() as cluster:  # default durability (fsync and synchronous_commit on)
        return measure(work_dir, rounds, cluster.create_database("restore"))


def measure_all(work_dir: Path, rounds: int, postgres: bool) -> list[Restores]:
    runs = [measure(work_dir, rounds)]
    if postgres:
        runs.append(_postgres(work_dir, rounds))
    return runs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="restores per engine (default 10)")
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL (a throwaway cluster)")
    parser.add_argument("--write", action="store_true", help="put the section into bench/RESULTS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-restore-bench-") as work:
        runs = measure_all(Path(work), args.rounds, args.postgres)
    when = dt.datetime.now(dt.UTC)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH, check=False
    ).stdout.strip()
    partial = (
        f"_From a partial run on {when:%Y-%m-%d %H:%M} UTC (`bench/snapshot_restore.py "
        f"{' '.join(argv)}`, the working tree over {commit or 'an unknown commit'}); the other sections are from "
        "the run named at the top, and the next `make bench` measures this one with them._"
    )
    lines = report_lines(runs, partial)
    print("\n".join(lines))
    if args.write:
        write_section(lines)
    return 1 if any(run.failures for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
