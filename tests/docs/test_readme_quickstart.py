"""The README's "What to try next" runs as written: its shell blocks, pasted into bash in order against a fresh
``atlas-access serve`` (the README's ``127.0.0.1:8080`` and ``.atlas-access`` rewritten to the test server's),
each exit 0, and leave what they say: an invitation made and cancelled, a pending user who accepted, one left to
expire."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support.process import V2_ACCEPT, ServerProcess

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## What to try next"
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
_DONE = "quickstart block {} done"
USERS_ACCEPT = "application/vnd.atlas.2025-02-19+json"


def quickstart_blocks() -> list[str]:
    """The ```sh blocks of the section, its subsections included, in order."""
    text = README.read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return _BLOCK.findall(text[start : end if end != -1 else None])


def _tools_or_skip() -> None:
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not found: `make jq` installs jq and curl from Debian's packages"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def test_the_section_has_its_blocks_and_no_placeholders() -> None:
    blocks = quickstart_blocks()
    assert len(blocks) >= 3
    script = "\n".join(blocks)
    assert "{invitationId}" not in script and "<" not in script.replace("<(", "")
    # --include only where nothing is piped: a piped curl must hand jq a body, not headers
    for command in re.split(r"(?<!\\)\n", script):
        if "--include" in command:
            assert "|" not in command, command


def test_the_quickstart_runs_top_to_bottom(tmp_path: Path) -> None:
    _tools_or_skip()
    with ServerProcess(tmp_path / "data") as server:
        script = "\n".join(
            f"{block}\necho '{_DONE.format(number)}' >&2" for number, block in enumerate(quickstart_blocks(), 1)
        )
        script = script.replace("127.0.0.1:8080", f"127.0.0.1:{server.port}")
        script = script.replace(".atlas-access/", f"{server.data_dir}/")
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}  # no proxies, no ~/.curlrc
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        ran = done.stdout + done.stderr
        finished = [number for number in range(1, len(quickstart_blocks()) + 1) if _DONE.format(number) in done.stderr]
        assert done.returncode == 0, f"block {len(finished) + 1} failed (exit {done.returncode}):\n{ran}"
        assert len(finished) == len(quickstart_blocks())

        # What the blocks print: health, the first cancel's 204, the second's 400 INVALID_INVITATION_ID.
        assert '"status": "ok"' in done.stdout  # as jq prints it
        assert re.search(r"^HTTP/1\.1 204 ", done.stdout, re.MULTILINE), ran
        assert re.search(r"^HTTP/1\.1 400 ", done.stdout, re.MULTILINE), ran
        assert '"errorCode":"INVALID_INVITATION_ID"' in done.stdout
        assert f"{server.base_url}/account/invitations/" in done.stdout  # the mail's link
        assert "INVITATION_EXPIRED" in done.stdout

        # And what the server holds afterwards.
        org = f"/api/atlas/v2/orgs/{server.org_id}"
        owner = server.digest()
        invites = owner.get(f"{org}/invites", headers={"Accept": V2_ACCEPT}).json()
        assert [invite["username"] for invite in invites] == ["late@example.com"]
        events = owner.get(f"{org}/events", params={"itemsPerPage": 500}, headers={"Accept": V2_ACCEPT}).json()
        made = [(e["eventTypeName"], e.get("targetUsername")) for e in events["results"]]
        assert ("INVITED_TO_ORG", "someone@example.com") in made
        assert ("ORG_INVITATION_DELETED", "someone@example.com") in made
        assert ("JOINED_ORG", "new@example.com") in made
        every = {"orgMembershipStatuses": ["ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED"]}
        users = owner.get(f"{org}/users", params=every, headers={"Accept": USERS_ACCEPT}).json()
        status = {user["username"]: user["orgMembershipStatus"] for user in users["results"]}
        assert status["new@example.com"] == "ACTIVE"
        assert status["late@example.com"] == "INVITATION_EXPIRED"
        assert "someone@example.com" not in status
