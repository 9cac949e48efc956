"""The seeds' curl commands, exactly as documented, run by real ``curl`` against a real server process.

Each command is copied from its seed (``../shared/seeds``) with its line continuations; only the host
(``https://cloud.mongodb.com``) and the documented placeholders are replaced, and the shell supplies
``${ACCESS_TOKEN}``, ``${PUBLIC_KEY}`` and ``${PRIVATE_KEY}``. The first run answers ``HTTP/1.1 204``,
the second the documented 400 ``INVALID_INVITATION_ID`` body. The access token itself is fetched with
curl the way the README shows.

Skipped when curl is not installed, except in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.process import ServerProcess

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CLOUD = "https://cloud.mongodb.com"
CURL_TIMEOUT = 30

# Seed 001: Atlas Admin API v2, DELETE /api/atlas/v2/orgs/{orgId}/invites/{invitationId}.
SEED_001_BEARER = """curl --include --header "Authorization: Bearer ${ACCESS_TOKEN}" \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X DELETE "https://cloud.mongodb.com/api/atlas/v2/orgs/{orgId}/invites/{invitationId}\""""
SEED_001_DIGEST = """curl --user "${PUBLIC_KEY}:${PRIVATE_KEY}" \\
  --digest --include \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X DELETE "https://cloud.mongodb.com/api/atlas/v2/orgs/{orgId}/invites/{invitationId}\""""
# Seed 003: Cloud Manager Public API v1.0 (its docs print /invitations/, served as an alias of /invites/).
SEED_003_DIGEST = """curl --user "{PUBLIC-KEY}:{PRIVATE-KEY}" --digest --include \\
  --header "Accept: application/json" \\
  --request DELETE "https://cloud.mongodb.com/api/public/v1.0/orgs/{ORG-ID}/invitations/{INVITATION-ID}\""""
# Seed 004: Atlas Admin API v2, DELETE /api/atlas/v2/groups/{groupId}/invites/{invitationId}.
SEED_004_BEARER = """curl --include --header "Authorization: Bearer ${ACCESS_TOKEN}" \\
  --header "Accept: application/vnd.atlas.2023-01-01+json" \\
  -X DELETE "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/invites/{invitationId}\""""
SEED_004_DIGEST = """curl --user "${PUBLIC_KEY}:${PRIVATE_KEY}" \\
  --digest --include \\
  --header "Accept: application/vnd.atlas.2023-01-01+json" \\
  -X DELETE "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/invites/{invitationId}\""""

# The README's commands (its host is the server's default address).
README_HOST = "http://127.0.0.1:8080"
README_TOKEN = """curl -s --user "${CLIENT_ID}:${CLIENT_SECRET}" -d grant_type=client_credentials \\
  http://127.0.0.1:8080/api/oauth/token"""  # the README pipes this into `jq -r .access_token`
README_INVITE = """curl --user "${PUBLIC_KEY}:${PRIVATE_KEY}" --digest --include \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" --header "Content-Type: application/json" \\
  -X POST -d '{"username":"someone@example.com","roles":["ORG_MEMBER"]}' \\
  "http://127.0.0.1:8080/api/atlas/v2/orgs/${ORG_ID}/invites\""""

SEED_COMMANDS = {
    "001": [SEED_001_BEARER, SEED_001_DIGEST],
    "003": [SEED_003_DIGEST],
    "004": [SEED_004_BEARER, SEED_004_DIGEST],
}


@dataclass(frozen=True)
class Answer:
    status_line: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Shell:
    """Runs documented command lines with bash, as a user would paste them, against one server."""

    server: ServerProcess
    home: Path
    access_token: str = ""

    def run(self, command: str) -> bytes:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),  # no ~/.curlrc of whoever runs the tests; no proxy variables either
            "LC_ALL": "C",
            "ACCESS_TOKEN": self.access_token,
            "PUBLIC_KEY": self.server.bootstrap["publicKey"],
            "PRIVATE_KEY": self.server.bootstrap["privateKey"],
            "CLIENT_ID": self.server.bootstrap["clientId"],
            "CLIENT_SECRET": self.server.bootstrap["clientSecret"],
            "ORG_ID": self.server.org_id,
        }
        bash = shutil.which("bash") or "/bin/bash"
        result = subprocess.run(
            [bash, "-c", command], env=env, capture_output=True, timeout=CURL_TIMEOUT, check=False, cwd=self.home
        )
        assert result.returncode == 0, f"{command}\nexit {result.returncode}: {result.stderr.decode()[-2000:]}"
        return result.stdout

    def fill(self, command: str, invitation_id: str) -> str:
        bootstrap = self.server.bootstrap
        values = {
            CLOUD: self.server.base_url,
            README_HOST: self.server.base_url,
            "{orgId}": bootstrap["orgId"],
            "{groupId}": bootstrap["projectId"],
            "{invitationId}": invitation_id,
            "{ORG-ID}": bootstrap["orgId"],
            "{INVITATION-ID}": invitation_id,
            "{PUBLIC-KEY}": bootstrap["publicKey"],
            "{PRIVATE-KEY}": bootstrap["privateKey"],
        }
        for placeholder, value in values.items():
            assert re.fullmatch(r"[\w:/.\-]+", value), f"{value!r} would need quoting"
            command = command.replace(placeholder, value)
        return command


def _last_answer(output: bytes) -> Answer:
    """The final response of ``curl --include`` output (Digest first shows the 401 challenge's headers)."""
    starts = [match.start() for match in re.finditer(rb"^HTTP/\d(?:\.\d)? \d{3}", output, re.MULTILINE)]
    assert starts, output
    head, _, body = output[starts[-1] :].partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(status_line, headers, body)


def _statuses(output: bytes) -> list[str]:
    return [line.decode() for line in re.findall(rb"^HTTP/\S+ \d{3}", output, re.MULTILINE)]


def _documented_400(invitation_id: str) -> bytes:
    return (
        b'{"detail":"The invitation you tried to delete does not exist or has already been accepted.",'
        b'"error":400,"errorCode":"INVALID_INVITATION_ID","parameters":["' + invitation_id.encode() + b'"],'
        b'"reason":"Bad Request"}'
    )


@pytest.fixture(scope="module")
def curl() -> str:
    found = shutil.which("curl")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("curl is not installed (CI must run the seeds' curl commands)")
        pytest.skip("curl is not installed")
    return found


@pytest.fixture(scope="module")
def shell(curl: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shell]:
    root = tmp_path_factory.mktemp("curl")
    with ServerProcess(root / "data") as server:
        home = root / "home"
        home.mkdir()
        shell = Shell(server, home)
        shell.access_token = _token_with_curl(shell)
        yield shell


def _token_with_curl(shell: Shell) -> str:
    output = shell.run(README_TOKEN.replace(README_HOST, shell.server.base_url))
    document = json.loads(output)
    assert document["token_type"] == "Bearer"
    assert document["expires_in"] == 3600
    return str(document["access_token"])


def _invite(shell: Shell, kind: str, username: str) -> str:
    if kind == "org":
        client = shell.server.digest()
        response = client.post(
            f"/api/atlas/v2/orgs/{shell.server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
        )
    else:
        client = shell.server.digest()
        response = client.post(
            f"/api/atlas/v2/groups/{shell.server.project_id}/invites",
            json={"username": username, "roles": ["GROUP_READ_ONLY"]},
        )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


CASES = [
    pytest.param("org", SEED_001_BEARER, "application/vnd.atlas.2023-01-01+json;charset=utf-8", id="001-bearer"),
    pytest.param("org", SEED_001_DIGEST, "application/vnd.atlas.2023-01-01+json;charset=utf-8", id="001-digest"),
    pytest.param("org", SEED_003_DIGEST, "application/json", id="003-cloud-manager-digest"),
    pytest.param("project", SEED_004_BEARER, "application/vnd.atlas.2023-01-01+json;charset=utf-8", id="004-bearer"),
    pytest.param("project", SEED_004_DIGEST, "application/vnd.atlas.2023-01-01+json;charset=utf-8", id="004-digest"),
]


@pytest.mark.parametrize(("kind", "command", "content_type"), CASES)
def test_documented_curl_cancels_then_answers_the_documented_error(
    shell: Shell, kind: str, command: str, content_type: str, request: pytest.FixtureRequest
) -> None:
    invitation = _invite(shell, kind, f"{request.node.callspec.id}@example.com")
    filled = shell.fill(command, invitation)

    first = shell.run(filled)
    answer = _last_answer(first)
    assert answer.status_line.startswith("HTTP/1.1 204"), first.decode("latin-1")
    assert answer.body == b""
    assert answer.headers["content-type"] == content_type
    if "--digest" in command:
        assert _statuses(first) == ["HTTP/1.1 401", "HTTP/1.1 204"]  # the challenge, then the answer
    else:
        assert _statuses(first) == ["HTTP/1.1 204"]

    again = _last_answer(shell.run(filled))
    assert again.status_line.startswith("HTTP/1.1 400"), again
    assert again.headers["content-type"] == "application/json"
    assert again.headers["x-error-code"] == "INVALID_INVITATION_ID"
    assert again.body == _documented_400(invitation)


def test_readme_invite_then_seed_001_cancel(shell: Shell) -> None:
    """The README's own walk-through: invite with curl (Digest), cancel with the seed's Bearer command."""
    created = _last_answer(shell.run(README_INVITE.replace(README_HOST, shell.server.base_url)))
    assert created.status_line.startswith("HTTP/1.1 200"), created
    invitation = json.loads(created.body)
    assert invitation["username"] == "someone@example.com"
    filled = shell.fill(SEED_001_BEARER, invitation["id"])
    assert _last_answer(shell.run(filled)).status_line.startswith("HTTP/1.1 204")
    assert _last_answer(shell.run(filled)).body == _documented_400(invitation["id"])


def _normalised(text: str) -> str:
    """One line, single spaces: seeds scraped from web pages lost or flattened the line continuations."""
    return " ".join(re.sub(r"\\\s", " ", text).split())


@pytest.mark.parametrize("seed", sorted(SEED_COMMANDS))
def test_commands_are_the_seeds_own(seed: str) -> None:
    files = sorted(SEEDS.glob(f"{seed}_*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip(f"seed {seed} not found under {SEEDS}")
    text = _normalised(files[0].read_text())
    for command in SEED_COMMANDS[seed]:
        assert _normalised(command) in text
