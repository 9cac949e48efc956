"""bench/digestload, the bench's Digest load generator, against a real server: it must speak Digest as the server
expects (one challenge per connection, then the nonce reused with an increasing nonce count), answer a stale
nonce by taking the new one, walk its ids once each, and count refusals as failures rather than hide them.

Built with ``go build`` (standard library only, no module download); skipped where Go is not installed, and never
in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.server import V2_ACCEPT, LocalServer

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "bench" / "digestload"


@pytest.fixture(scope="module")
def digestload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    go = shutil.which("go")
    if go is None:
        if os.environ.get("CI") == "true":
            pytest.fail("go not found: CI builds bench/digestload")
        pytest.skip("go not found: bench/digestload cannot be built")
    binary = tmp_path_factory.mktemp("digestload") / "digestload"
    env = dict(os.environ, GOPROXY="off", GOTOOLCHAIN="local", GOFLAGS="-mod=mod -buildvcs=false")
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=SOURCE, env=env, check=True, timeout=300)
    return binary


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalServer]:
    running = LocalServer(tmp_path / "data", rate_limits=False).start()
    try:
        yield running
    finally:
        running.stop()


def run(
    binary: Path, server: LocalServer, path: str, *args: str, password: str | None = None, seconds: float = 0.5
) -> dict[str, Any]:
    env = dict(os.environ, DIGESTLOAD_PASSWORD=password or server.bootstrap["privateKey"])
    command = [str(binary), "-url", server.base_url, "-path", path, "-d", f"{seconds}s", "-H", f"Accept: {V2_ACCEPT}"]
    command += ["-user", server.bootstrap["publicKey"], *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON "))
    figures: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    return figures


def invite(server: LocalServer, count: int) -> list[str]:
    client = server.digest()
    ids = []
    for number in range(count):
        response = client.post(
            f"/api/atlas/v2/orgs/{server.org_id}/invites",
            json={"username": f"load-{number}@example.com", "roles": ["ORG_MEMBER"]},
        )
        assert response.status_code == 200, response.text  # as MongoDB Cloud answers createOrgInvite
        ids.append(response.json()["id"])
    return ids


def test_digest_get_takes_one_challenge_per_connection_and_is_never_refused(
    digestload: Path, server: LocalServer
) -> None:
    (invitation,) = invite(server, 1)
    figures = run(digestload, server, f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}", "-c", "3")

    assert figures["requests"] > 3
    assert figures["non_2xx"] == 0
    assert figures["challenges"] == 3  # one per connection, before the clock starts
    assert figures["stale_challenges"] == 0
    assert figures["refused_challenges"] == 0
    assert figures["gen_cpu_s"] > 0


def test_digest_delete_walks_each_id_once(digestload: Path, server: LocalServer, tmp_path: Path) -> None:
    ids = invite(server, 4)
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("".join(f"{one}\n" for one in ids))
    prefix = f"/api/atlas/v2/orgs/{server.org_id}/invites/"
    figures = run(
        digestload, server, prefix, "-c", "2", "-method", "DELETE", "-ids", str(ids_file), "-first", "1",
        "-prime-path", f"{prefix}{ids[0]}",
    )  # fmt: skip

    # ids[1:] were cancelled, each once; past the end the requests name no invitation and count as failures.
    assert figures["ids_used"] >= 3
    assert figures["non_2xx"] == figures["requests"] - 3
    assert figures["refused_challenges"] == 0
    client = server.digest()
    assert client.get(f"{prefix}{ids[0]}").status_code == 200
    for cancelled in ids[1:]:
        assert client.get(f"{prefix}{cancelled}").status_code == 404


def test_a_stale_nonce_is_answered_with_the_new_one(digestload: Path, server: LocalServer) -> None:
    (invitation,) = invite(server, 1)
    mover = threading.Timer(0.7, lambda: server.advance("10m"))  # every connection's nonce goes stale
    mover.start()
    try:
        figures = run(
            digestload, server, f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}", "-c", "2", seconds=1.5
        )
    finally:
        mover.join()

    assert figures["stale_challenges"] == 2
    assert figures["refused_challenges"] == 0
    assert figures["non_2xx"] == 0


def test_a_wrong_private_key_counts_every_request_as_failed(digestload: Path, server: LocalServer) -> None:
    figures = run(digestload, server, f"/api/atlas/v2/orgs/{server.org_id}", "-c", "1", password="not-the-key")

    assert figures["requests"] > 0
    assert figures["non_2xx"] == figures["requests"]
    assert figures["refused_challenges"] == figures["requests"]


def test_only_the_local_machine_is_loaded(digestload: Path) -> None:
    began = time.monotonic()
    result = subprocess.run(
        [str(digestload), "-url", "http://192.0.2.1:80", "-path", "/", "-token", "x", "-auth", "bearer"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 2
    assert "127.0.0.1" in result.stderr
    assert time.monotonic() - began < 10
