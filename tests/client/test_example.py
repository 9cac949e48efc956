"""The issue's definition of done: the seeds' Go example, in Python with this SDK, against a local server with the
bootstrap service account in the environment: it cancels the invitation; run again it raises ``AtlasError`` with
``INVALID_INVITATION_ID``."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from atlas_access.client import AtlasError
from support.server import V2_ACCEPT, LocalServer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cancel_invitation.py"


def _env(server: LocalServer) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB_ATLAS_", "MCLI"))}
    return {
        **clean,
        "MONGODB_ATLAS_CLIENT_ID": server.bootstrap["clientId"],
        "MONGODB_ATLAS_CLIENT_SECRET": server.bootstrap["clientSecret"],
        "MONGODB_ATLAS_BASE_URL": server.base_url + "/",
    }


def _invite(server: LocalServer) -> str:
    made = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites",
        json={"username": "leaving@example.com", "roles": ["ORG_MEMBER"]},
        headers={"Accept": V2_ACCEPT, "Content-Type": V2_ACCEPT},
    )
    return str(made.json()["id"])


def test_the_example_is_a_dozen_lines_of_python() -> None:
    lines = EXAMPLE.read_text().splitlines()
    program = lines[lines.index("import argparse") :]
    code = [line for line in program if line.strip() and not line.lstrip().startswith("#")]
    assert len(code) <= 12, code  # the program in seven, its command line (usage, --help, exit 2) in four


def test_the_example_cancels_then_raises(server: LocalServer) -> None:
    invitation = _invite(server)
    command = [sys.executable, str(EXAMPLE), server.org_id, invitation]
    first = subprocess.run(command, env=_env(server), capture_output=True, text=True, timeout=60, check=False)
    assert (first.returncode, first.stdout) == (0, f"Invitation {invitation} cancelled\n"), first.stderr
    listed = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites", headers={"Accept": V2_ACCEPT})
    assert listed.json() == []
    second = subprocess.run(command, env=_env(server), capture_output=True, text=True, timeout=60, check=False)
    assert second.returncode == 1
    assert "INVALID_INVITATION_ID" in second.stderr


def test_the_same_code_raises_atlas_error_in_process(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    invitation = _invite(server)
    for name, value in _env(server).items():
        monkeypatch.setenv(name, value)
    example = runpy.run_path(str(EXAMPLE))
    example["main"](server.org_id, invitation)
    with pytest.raises(AtlasError) as raised:
        example["main"](server.org_id, invitation)
    assert raised.value.error_code == "INVALID_INVITATION_ID"
