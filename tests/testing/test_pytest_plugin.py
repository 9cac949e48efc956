"""The pytest plugin as a user meets it: the example test file, copied into a fresh directory with no conftest,
runs with plain ``pytest`` and each of its tests starts from the server's start-up state (issue 14)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pytest" / "test_offboarding.py"


def _pytest(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATLAS_ACCESS_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_a_users_test_file_runs_with_the_plugins_fixtures(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    done = _pytest(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout


@pytest.mark.slow
def test_a_test_that_leaves_state_behind_does_not_leak_into_the_next(tmp_path: Path) -> None:
    (tmp_path / "test_order.py").write_text(
        "def test_first(atlas_access, atlas_client):\n"
        "    org = atlas_access.bootstrap['orgId']\n"
        "    invite = {'username': 'a@example.com', 'roles': ['ORG_MEMBER']}\n"
        "    atlas_client.organizations.create_org_invite(org, invite)\n"
        "    atlas_access.advance('5d')\n"
        "\n"
        "def test_second(atlas_access, atlas_client):\n"
        "    org = atlas_access.bootstrap['orgId']\n"
        "    assert atlas_client.organizations.list_org_invites(org) == []\n"
        "    assert atlas_access.local('GET', '/clock')['offsetSeconds'] == 0\n"
        "\n"
        "def test_third(atlas_access_server, atlas_access):\n"
        "    assert atlas_access is atlas_access_server\n"
    )
    done = _pytest(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout
