"""``atlas-access serve`` writes an ``atlas`` CLI profile for the server it started, and the installed ``atlas``
then talks to that server with it: the issue's "with a profile written for a local server"."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest

from support.server import free_port

SERVE = str(Path(sys.executable).with_name("atlas-access"))
ATLAS = str(Path(sys.executable).with_name("atlas"))
ACCEPT = "application/vnd.atlas.2023-01-01+json"


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/api/private/ipinfo", timeout=1)
            return
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the server did not start") from None
            time.sleep(0.05)


def _atlas(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ATLAS, *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, check=False
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB_ATLAS_", "MCLI"))}
    return {**clean, "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONUNBUFFERED": "1"}


def test_write_profile_then_atlas_cancels_an_invitation(tmp_path: Path, env: dict[str, str]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tmp_path / "data"
    serve = [SERVE, "serve", "--port", str(port), "--data-dir", str(data), "--write-profile", "local"]
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(serve, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait(base, process)
        config = tmp_path / "config" / "atlascli" / "config.toml"
        bootstrap = json.loads((data / "bootstrap.json").read_text())
        profile = tomllib.loads(config.read_text())["local"]
        assert profile["ops_manager_url"] == base + "/"
        assert profile["org_id"] == bootstrap["orgId"] and profile["project_id"] == bootstrap["projectId"]
        assert oct(config.stat().st_mode & 0o777) == "0o600"
        assert "atlas CLI profile 'local' written" in (tmp_path / "serve.log").read_text()

        auth = httpx.DigestAuth(bootstrap["publicKey"], bootstrap["privateKey"])
        made = httpx.post(
            f"{base}/api/atlas/v2/orgs/{bootstrap['orgId']}/invites",
            json={"username": "leaving@example.com", "roles": ["ORG_MEMBER"]},
            headers={"Accept": ACCEPT, "Content-Type": ACCEPT},
            auth=auth,
        )
        invitation = made.json()["id"]
        delete = ["-P", "local", "api", "organizations", "deleteOrgInvite", "--invitationId", invitation]
        first = _atlas(env, *delete, "--orgId", bootstrap["orgId"])
        assert (first.returncode, first.stdout) == (0, "")
        gone = httpx.get(
            f"{base}/api/atlas/v2/orgs/{bootstrap['orgId']}/invites", headers={"Accept": ACCEPT}, auth=auth
        )
        assert gone.json() == []
        # the profile's org_id fills --orgId
        again = _atlas(env, *delete)
        assert again.returncode == 1
        assert json.loads(again.stdout)["errorCode"] == "INVALID_INVITATION_ID"
        assert again.stderr.endswith("Error: server returned an error response code\n")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_on_a_terminal_serve_offers_the_local_profile(tmp_path: Path, env: dict[str, str]) -> None:
    port = free_port()
    leader, follower = pty.openpty()
    serve = [SERVE, "serve", "--port", str(port), "--data-dir", str(tmp_path / "data")]
    process = subprocess.Popen(serve, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    seen = b""
    try:
        deadline = time.monotonic() + 30
        while b"[Y/n]" not in seen:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            if select.select([leader], [], [], 0.5)[0]:
                seen += os.read(leader, 4096)
        assert b"Write an atlas CLI profile 'local' for this server" in seen
        os.write(leader, b"y\n")
        _wait(f"http://127.0.0.1:{port}", process)
        config = tomllib.loads((tmp_path / "config" / "atlascli" / "config.toml").read_text())
        assert config["local"]["ops_manager_url"] == f"http://127.0.0.1:{port}/"
        listed = _atlas(env, "-P", "local", "api", "organizations", "listOrgInvites", "--version", "2023-01-01")
        assert (listed.returncode, listed.stdout) == (0, "[]")
    finally:
        process.terminate()
        process.wait(timeout=10)
        os.close(leader)
