"""The installed `atlas` command, run as a user runs it, against a real `atlas-access serve` process.

Each `atlas` run is a subprocess with its own configuration directory, no standard input unless a body is
piped in, and a time limit; both processes listen on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.process import ServerProcess

ATLAS = Path(sys.executable).with_name("atlas")
TIMEOUT = 60
OLD_ACCEPT = "application/vnd.atlas.2023-01-01+json"
PIN = "consider pinning a version to ensure consisentcy when updating the CLI"
SUNSET = (
    "all of the available endpoint versions have been deprecated. The API endpoint version 2023-01-01 will no "
    "longer be available after the sunset date of 2027-07-01.\n\n"
)


@dataclass
class Ran:
    code: int
    out: bytes
    err: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    assert ATLAS.exists(), f"{ATLAS} is not installed: install the project into the test environment"
    with ServerProcess(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def atlas(home: Path, *argv: str, body: bytes | None = None) -> Ran:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB_ATLAS", "MCLI", "_ATLAS"))}
    env.update(XDG_CONFIG_HOME=str(home), HOME=str(home))
    done = subprocess.run(
        [str(ATLAS), *argv],
        env=env,
        stdin=subprocess.DEVNULL if body is None else None,
        input=body,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    err = done.stderr.decode()
    assert "Traceback" not in err
    return Ran(done.returncode, done.stdout, err)


@pytest.fixture
def profile(server: ServerProcess, home: Path) -> Path:
    """A profile made as a user makes one: `atlas config set`, property by property."""
    boot = server.bootstrap
    for prop, value in (
        ("ops_manager_url", f"{server.base_url}/"),
        ("public_api_key", boot["publicKey"]),
        ("private_api_key", boot["privateKey"]),
        ("org_id", server.org_id),
    ):
        done = atlas(home, "config", "set", prop, value, "-P", "local")
        assert (done.code, done.out, done.err) == (0, f"Updated property '{prop}'\n".encode(), "")
    return home


def invite(server: ServerProcess, username: str) -> str:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def org_invitation(server: ServerProcess, invitation_id: str) -> int:
    path = f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation_id}"
    return server.digest(accept=OLD_ACCEPT).get(path).status_code


def test_delete_org_invite_twice(server: ServerProcess, profile: Path) -> None:
    invitation = invite(server, "done@example.com")
    argv = ["api", "organizations", "deleteOrgInvite", "--orgId", server.org_id, "--invitationId", invitation]

    first = atlas(profile, *argv)
    assert first.code == 0, first.err
    assert first.out == b""
    assert first.err == (
        f"Command \"deleteOrgInvite\" is deprecated, {SUNSET}warning: using default API version '2023-01-01'; {PIN}\n"
    )
    assert org_invitation(server, invitation) == 404

    again = atlas(profile, *argv)
    assert again.code == 1
    body = json.loads(again.out)
    assert body["errorCode"] == "INVALID_INVITATION_ID"
    assert body["error"] == 400
    direct = server.digest(accept=OLD_ACCEPT).delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}")
    assert again.out == direct.content  # as received
    assert again.err.endswith("\nError: server returned an error response code\n")


def test_delete_project_invitation_seed_004(server: ServerProcess, profile: Path) -> None:
    created = server.digest().post(
        f"/api/atlas/v2/groups/{server.project_id}/invites",
        json={"username": "proj@example.com", "roles": ["GROUP_READ_ONLY"]},
    )
    assert created.status_code == 200, created.text
    invitation = created.json()["id"]
    done = atlas(
        profile,
        *("api", "projects", "deleteProjectInvitation", "--projectId", server.project_id),
        *("--invitationId", invitation, "--version", "2023-01-01"),
    )
    assert done.code == 0, done.err
    assert done.out == b""
    assert done.err == f'Command "deleteGroupInvite" is deprecated, {SUNSET}'
    path = f"/api/atlas/v2/groups/{server.project_id}/invites/{invitation}"
    assert server.digest(accept=OLD_ACCEPT).get(path).status_code == 404


def test_create_from_piped_stdin_then_template(server: ServerProcess, profile: Path) -> None:
    body = b'{"username": "piped@example.com", "roles": ["ORG_READ_ONLY"]}'
    created = atlas(
        profile,
        "api",
        "organizations",
        "createOrgInvite",
        "--orgId",
        server.org_id,
        "--version",
        "2023-01-01",
        body=body,
    )
    assert created.code == 0, created.err
    invitation = json.loads(created.out)
    assert invitation["username"] == "piped@example.com"
    assert invitation["roles"] == ["ORG_READ_ONLY"]
    assert org_invitation(server, invitation["id"]) == 200

    shown = atlas(
        profile,
        *("api", "organizations", "getOrgInvite", "--invitationId", invitation["id"], "--version", "2023-01-01"),
        *("-o", "{{.id}} {{.username}} {{range .roles}}[{{.}}]{{end}}"),
    )
    assert shown.code == 0, shown.err
    assert shown.out == f"{invitation['id']} piped@example.com [ORG_READ_ONLY]".encode()


def test_help_runs_cleanly(home: Path) -> None:
    top = atlas(home, "--help")
    assert top.code == 0, top.err
    assert b"\nUsage:\n  atlas [command]\n" in top.out
    assert b"\n  api " in top.out
    command = atlas(home, "api", "organizations", "deleteOrgInvite", "--help")
    assert command.code == 0, command.err
    assert b"\nUsage:\n  atlas api organizations deleteOrgInvite [flags]\n" in command.out
    assert b"--invitationId string" in command.out
    assert command.err == f'Command "deleteOrgInvite" is deprecated, {SUNSET}'


def test_no_credentials_is_the_servers_401(server: ServerProcess, home: Path) -> None:
    done = atlas(home, "config", "set", "ops_manager_url", f"{server.base_url}/")
    assert done.code == 0, done.err
    failed = atlas(
        home, "api", "mongoDbCloudUsers", "listOrgUsers", "--orgId", server.org_id, "--version", "2025-02-19"
    )
    assert failed.code == 1
    assert json.loads(failed.out)["error"] == 401
    assert failed.err == "Error: server returned an error response code\n"
