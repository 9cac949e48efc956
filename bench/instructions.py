"""Instructions per request, in one process and without HTTP: the application's own work, in a figure that does not
move with the machine's speed (every timing of ``bench/run.py`` does, and on a shared machine by a quarter from one
minute to the next).

Each case runs in a child process under valgrind's callgrind, which counts the instructions the CPU executes. The
child opens the server's application (``open_server``, as ``atlas-access serve`` does) on its own copy of a prepared
data directory, warms up, and has callgrind count only while it sends requests straight to the ASGI application: no
sockets, no HTTP parsing (what uvicorn, the protocol class and the kernel do is left out; it is the same for every
route). Two counts are made, after N1 and N2 requests, and subtracted: start-up, warm-up and switching the counting on
and off cancel out, and what is left is what N2 - N1 requests cost.

  hello    the baseline's application (``hello_app.py``): its ``async def`` route
  get      GET one organization invitation with a Bearer token, as (c)
  delete   DELETE organization invitations, each a different pending one, 32 sent at once so that they share group
           commits as they do under load, as (d)

Instructions are not time: a cache miss costs no instruction, a system call's kernel side is not counted. They show
what the application asks of the interpreter and of SQLite, and so what a change to it saves, without the noise.
``bench/run.py`` runs it (``instructions`` case) when valgrind is installed (``make bench`` installs it).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SECTION = "## Instructions per request (in-process, no HTTP)"
CASES = ("hello", "get", "delete")
LABELS = {
    "hello": "the baseline's `async def` route (`hello_app.py`)",
    "get": "GET one org invitation (Bearer), as (c)",
    "delete": "DELETE org invitation, SQLite (Bearer), 32 at once, as (d)",
}
BATCH = 32  # DELETEs sent at once: one group commit's worth under load
COUNTING = "ATLAS_BENCH_COUNTING"  # set for a child under callgrind: it switches the counting on and off
ACCEPT = "application/vnd.atlas.2023-01-01+json"


@dataclass(frozen=True)
class Counted:
    """Instructions per request of each case, and how they were counted."""

    per_request: dict[str, int]
    requests: tuple[int, int]  # N1, N2
    valgrind: str

    def ratio(self, case: str) -> float:
        """``hello``'s instructions over the case's: the ratio the req/s column would show if a request cost only
        the application's instructions."""
        return self.per_request["hello"] / self.per_request[case]


def available() -> str | None:
    """valgrind's version, if valgrind and callgrind_control are installed."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        return None
    found = subprocess.run(["valgrind", "--version"], capture_output=True, text=True, check=False)
    return found.stdout.strip() or None


def measure(data_dir: Path, quick: bool) -> Counted | None:
    """Count every case on ``data_dir`` (made by ``bench/run.py``: a bootstrapped database, ``meta.json`` and
    ``ids.txt`` with at least ``2 * N2`` pending invitations); None without valgrind."""
    version = available()
    if version is None:
        return None
    requests = (64, 320) if quick else (256, 1024)
    per_request = {}
    for case in CASES:
        low, high = (_count(data_dir, case, n) for n in requests)
        per_request[case] = round((high - low) / (requests[1] - requests[0]))
    return Counted(per_request, requests, version)


def _count(data_dir: Path, case: str, requests: int) -> int:
    """The instructions callgrind counted while ``requests`` requests of ``case`` were answered."""
    with tempfile.TemporaryDirectory(prefix="atlas-instructions-") as scratch:
        out = Path(scratch) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(data_dir),
            case,
            str(requests),
        ]
        env = {**os.environ, COUNTING: "1"}
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, env=env)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"callgrind of {case} failed ({done.returncode}): {done.stderr[-800:]}")
        return _total(out.read_text(errors="replace"))


def _total(callgrind_out: str) -> int:
    # "totals:", not "summary:", which is 0 when counting was off at the end
    found = re.search(r"^totals: (\d+)", callgrind_out, re.MULTILINE)
    if found is None:
        raise RuntimeError("callgrind wrote no totals")
    return int(found[1])


def report_lines(counted: Counted | None, reason: str = "") -> list[str]:
    if counted is None:
        return [f"_not measured in this run{': ' + reason if reason else ''}_"]
    n1, n2 = counted.requests
    lines = [
        "What the application itself executes per request, counted by valgrind's callgrind in one process, the "
        "requests sent straight to the ASGI application (`bench/instructions.py`): a figure that does not move "
        "with the machine's speed. HTTP parsing, the protocol class and the kernel's work are left out (the same "
        f"for every route). The count of {n2:,} requests minus that of {n1:,}, divided by {n2 - n1:,}; "
        f"{counted.valgrind}.",
        "",
        "| case | request | instructions per request | the baseline's vs the case's |",
        "|---|---|---:|---:|",
    ]
    for case in CASES:
        share = "-" if case == "hello" else f"{counted.ratio(case):.1%}"
        lines.append(f"| {case} | {LABELS[case]} | {counted.per_request[case]:,} | {share} |")
    lines += [
        "",
        "The last column is not a target: a request over HTTP also costs what the table leaves out, the same for "
        "every case, so the req/s ratios above are higher than these. It shows how much of a request's cost is the "
        "application's, and what a change to the application saves, without the machine's noise.",
    ]
    return lines


# --- the child, under callgrind ---------------------------------------------------------------------------------------


def _child(data_dir: Path, case: str, requests: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="atlas-instructions-data-"))
    shutil.copytree(data_dir, work, dirs_exist_ok=True)
    meta = json.loads((work / "meta.json").read_text())
    import uvloop

    uvloop.run(_requests(work, meta, case, requests))
    os._exit(0)  # the child's end is not counted; no need to tidy up


async def _requests(work: Path, meta: dict[str, Any], case: str, requests: int) -> None:
    if case == "hello":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from hello_app import app as hello

        served: Any = hello
        headers: list[tuple[bytes, bytes]] = [(b"host", b"127.0.0.1")]
        await _lifespan(served)
        await _counted(requests, lambda: _call(served, "GET", "/", headers, 200))
        return
    from atlas_access.server.runtime import ServerConfig, open_server

    config = ServerConfig(data_dir=work, database_url=None, base_url=meta["base_url"], rate_limits=False)
    app: Any = open_server(config).app
    await _lifespan(app)
    token = await _token(app, meta)
    headers = [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode()), (b"accept", ACCEPT.encode())]
    prefix = f"/api/atlas/v2/orgs/{meta['bootstrap']['orgId']}/invites/"
    if case == "get":
        one = prefix + meta["first"]
        await _counted(requests, lambda: _call(app, "GET", one, headers, 200))
        return
    ids = iter((work / "ids.txt").read_text().split())

    async def batch() -> None:
        await asyncio.gather(*(_call(app, "DELETE", prefix + next(ids), headers, 204) for _ in range(BATCH)))

    await _counted(requests // BATCH, batch)


async def _counted(times: int, once: Any) -> None:
    for _ in range(max(1, times // 8)):  # warm-up: caches filled, statements prepared
        await once()
    _collect("on")
    for _ in range(times):
        await once()
    _collect("off")


def _collect(state: str) -> None:
    if os.environ.get(COUNTING) == "1":  # else a run without valgrind: the requests only (tests/bench)
        subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], capture_output=True, check=False)


async def _lifespan(app: Any) -> None:
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    sent: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await received.put({"type": "lifespan.startup"})
    asyncio.get_running_loop().create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, received.get, sent.put)
    )
    started = await sent.get()
    assert started["type"] == "lifespan.startup.complete", started


async def _token(app: Any, meta: dict[str, Any]) -> str:
    import httpx

    bootstrap = meta["bootstrap"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=meta["base_url"]) as client:
        answer = await client.post(
            "/api/oauth/token",
            auth=(bootstrap["clientId"], bootstrap["clientSecret"]),
            data={"grant_type": "client_credentials"},
        )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


async def _call(app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]], status: int) -> None:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    await app(scope, receive, send)
    if sent[0]["status"] != status:  # a request answered otherwise measures something else: stop
        raise RuntimeError(f"{method} {path} answered {sent[0]['status']}, not {status}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        print(f"run by bench/run.py (the `instructions` case); usage: {sys.argv[0]} --child DATA_DIR CASE N")
        sys.exit(2)
