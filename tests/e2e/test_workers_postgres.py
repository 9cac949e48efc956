"""Several processes on one PostgreSQL: ``serve --workers N``, and rate-limit buckets every process shares.

MongoDB Cloud's buckets are per organization (or per caller), whichever process answers: two processes on one
database take from one bucket, so the 429 comes after the bucket's capacity in all, and ``RateLimit-Remaining``
counts down across both. ``--workers`` serves one socket from several processes, stops them all on SIGTERM and
replaces one that dies; on SQLite it is refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from support.postgres import PostgresCluster
from support.process import V2_ACCEPT, ServerProcess, server_command
from support.server import LocalServer

V2 = "/api/atlas/v2"
ORGS_PER_USER = 300  # GET /orgs: one bucket per caller, recorded Ratelimit-Limit 300 (server/rate_rules.py)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout.split()
    return sorted(int(child) for child in found)


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _list_orgs(base_url: str, key: tuple[str, str]) -> httpx.Response:
    """A new connection each time, so that a server with several workers hands it to any of them."""
    return httpx.get(f"{base_url}{V2}/orgs", auth=httpx.DigestAuth(*key), headers={"Accept": V2_ACCEPT}, timeout=30)


@pytest.mark.postgres
def test_two_processes_take_from_one_bucket(tmp_path: Path, postgres_url: str) -> None:
    with (
        ServerProcess(tmp_path / "a", database_url=postgres_url) as first,
        ServerProcess(tmp_path / "b", database_url=postgres_url, bootstrap=first.bootstrap) as second,
    ):
        clients = [first.bearer(), second.bearer()]
        remaining = []
        for turn in range(ORGS_PER_USER):
            answered = clients[turn % 2].get(f"{V2}/orgs")
            assert answered.status_code == 200, answered.text
            assert answered.headers["ratelimit-limit"] == str(ORGS_PER_USER)
            remaining.append(int(answered.headers["ratelimit-remaining"]))
        # One bucket: each answer, from either process, has one token fewer than the one before.
        assert remaining == list(range(ORGS_PER_USER - 1, -1, -1))
        for client in clients:  # the bucket is empty for both processes
            refused = client.get(f"{V2}/orgs")
            assert refused.status_code == 429, refused.text
            assert refused.json()["errorCode"] == "RATE_LIMITED_TOKEN_BUCKET"
            assert refused.headers["ratelimit-remaining"] == "0"
            assert 1 <= int(refused.headers["retry-after"]) <= 60
        # Another caller has a bucket of its own (GET /orgs is USER-scoped).
        own = first.digest().get(f"{V2}/orgs")  # the API key, not the service account
        assert own.status_code == 200, own.text
        assert own.headers["ratelimit-remaining"] == str(ORGS_PER_USER - 1)
        # A reset through one process fills the bucket again for both.
        assert first.admin().post("/api/local/v1/reset").status_code == 200
        again = second.bearer().get(f"{V2}/orgs")
        assert again.status_code == 200, again.text
        assert again.headers["ratelimit-remaining"] == str(ORGS_PER_USER - 1)


@pytest.mark.postgres
def test_a_shared_bucket_refills_by_the_server_clock(tmp_path: Path, postgres_url: str) -> None:
    server = LocalServer(tmp_path / "data", database_url=postgres_url).start()
    try:
        client = server.bearer()
        url = f"{V2}/orgs/{server.org_id}/invites"
        statuses = [client.get(url).status_code for _ in range(501)]
        assert statuses[:500] == [200] * 500 and statuses[500] == 429
        refused = client.get(url)
        assert refused.status_code == 429
        detail = refused.json()["detail"]
        assert "Request capacity: 500. Refill rate: 250 per 60 seconds." in detail
        server.advance("60s")  # one interval: 250 tokens back
        refilled = client.get(url)
        assert refilled.status_code == 200, refilled.text
        assert refilled.headers["ratelimit-remaining"] == "249"
        server.advance("10m")  # never beyond the capacity
        assert client.get(url).headers["ratelimit-remaining"] == "499"
    finally:
        server.stop()
        server.opened.close()


@pytest.mark.postgres
def test_workers_serve_one_socket_and_stop_together(tmp_path: Path, postgres_url: str) -> None:
    server = ServerProcess(tmp_path / "data", database_url=postgres_url, extra_args=("--workers", "2")).start()
    try:
        began = time.monotonic()
        workers = _children(server.pid)
        assert len(workers) == 2, server.output()
        assert server.output().count("atlas-access serving") == 1  # one banner, one bootstrap
        key = (server.bootstrap["publicKey"], server.bootstrap["privateKey"])
        remaining = [int(_list_orgs(server.base_url, key).headers["ratelimit-remaining"]) for _ in range(40)]
        assert remaining == list(range(ORGS_PER_USER - 1, ORGS_PER_USER - 41, -1))
        # A worker that dies once the server is steady is replaced; the server keeps serving.
        time.sleep(max(0.0, 5.5 - (time.monotonic() - began)))
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (len(_children(server.pid)) != 2 or workers[0] in _children(server.pid)):
            time.sleep(0.1)
        replaced = _children(server.pid)
        assert len(replaced) == 2 and workers[0] not in replaced and workers[1] in replaced, server.output()
        assert f"worker {workers[0]} was killed by SIGKILL" in server.output()
        for _ in range(10):
            assert _list_orgs(server.base_url, key).status_code == 200
        # SIGTERM to the server stops every worker, gracefully.
        assert server.stop(timeout=30) == 0, server.output()
        assert all(_gone(pid) for pid in replaced)
    finally:
        server.kill()


def test_workers_are_refused_on_sqlite(tmp_path: Path) -> None:
    finished = subprocess.run(
        [str(server_command()), "serve", "--port", "0", "--data-dir", str(tmp_path), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2
    assert "--workers 2 needs PostgreSQL (--database-url postgresql://...)" in finished.stderr
    assert not (tmp_path / "bootstrap.json").exists()  # refused before anything started


def test_workers_from_the_environment_are_refused_on_sqlite(tmp_path: Path) -> None:
    finished = subprocess.run(
        [str(server_command()), "serve", "--port", "0", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "ATLAS_ACCESS_WORKERS": "3"},
    )
    assert finished.returncode == 2
    assert "--workers 3 needs PostgreSQL" in finished.stderr


@pytest.mark.postgres
def test_workers_on_an_unreachable_database_fail_before_forking(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    del postgres_cluster  # only for the marker's skip: the database below does not exist
    finished = subprocess.run(
        [str(server_command()), "serve", "--port", "0", "--data-dir", str(tmp_path), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "ATLAS_ACCESS_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
    )
    assert finished.returncode == 1
    assert "cannot open the database" in finished.stderr
