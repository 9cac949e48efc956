"""``atlas-access serve`` configured as a CI file does it: from ``ATLAS_ACCESS_*`` variables alone, with credentials
fixed in advance, a seed file, a busy port, ``--port 0``, and never a prompt in the background (issue 14)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import httpx
import pytest

from atlas_access.server.command import serve
from atlas_access.server.command_options import ENV
from support.clients import V2_ACCEPT
from support.server import free_port

COMMAND = str(Path(sys.executable).with_name("atlas-access"))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"

ORG = "6a0000000000000000000001"
PROJECT = "6a0000000000000000000002"
PUBLIC = "cifixedk"
PRIVATE = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
CLIENT = "mdb_sa_id_6a0000000000000000000003"
SECRET = "mdb_sa_sk_ci-fixed-secret-0123456789abcdef"
ADMIN = "ci-fixed-admin-token-0123456789"
FIXED = {
    "ATLAS_ACCESS_ORG_ID": ORG,
    "ATLAS_ACCESS_PROJECT_ID": PROJECT,
    "ATLAS_ACCESS_PUBLIC_KEY": PUBLIC,
    "ATLAS_ACCESS_PRIVATE_KEY": PRIVATE,
    "ATLAS_ACCESS_CLIENT_ID": CLIENT,
    "ATLAS_ACCESS_CLIENT_SECRET": SECRET,
    "ATLAS_ACCESS_ADMIN_TOKEN": ADMIN,
}


def _environment(**variables: str) -> dict[str, str]:
    """This process's environment without any ATLAS_ACCESS_* of its own, plus ``variables``."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith(ENV)}
    return {**kept, "PYTHONUNBUFFERED": "1", **variables}


@contextmanager
def started(env: dict[str, str], *args: str, stdin: int | None = subprocess.DEVNULL) -> Iterator[tuple[str, Path]]:
    """``atlas-access serve`` with no option but ``args``; yields the URL its banner shows and its output file."""
    log = Path(env["ATLAS_ACCESS_DATA_DIR"]).parent / f"serve-{time.monotonic_ns()}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [COMMAND, "serve", *args], stdout=out, stderr=subprocess.STDOUT, env=env, stdin=stdin
        )
    try:
        deadline = time.monotonic() + 30
        while not (shown := re.search(r"atlas-access serving (\S+)", log.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start:\n{log.read_text()}")
            time.sleep(0.05)
        base = shown.group(1)
        while True:
            try:
                httpx.get(f"{base}/api/private/ipinfo", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not answer:\n{log.read_text()}") from None
                time.sleep(0.05)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_ci_file_starts_the_server_from_variables_alone_with_credentials_it_hard_codes(tmp_path: Path) -> None:
    port = free_port()
    env = _environment(
        ATLAS_ACCESS_PORT=str(port),
        ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"),
        ATLAS_ACCESS_RATE_LIMITS="off",
        **FIXED,
    )
    with started(env) as (base, _):
        assert base == f"http://127.0.0.1:{port}"
        # the hard-coded key (Digest) and service account (Bearer) work as they are
        digest = httpx.DigestAuth(PUBLIC, PRIVATE)
        made = httpx.post(
            f"{base}/api/atlas/v2/orgs/{ORG}/invites",
            json={"username": "ci@example.com", "roles": ["ORG_MEMBER"]},
            headers={"Accept": V2_ACCEPT, "Content-Type": V2_ACCEPT},
            auth=digest,
        )
        assert made.status_code == 200, made.text
        token = httpx.post(
            f"{base}/api/oauth/token", data={"grant_type": "client_credentials"}, auth=(CLIENT, SECRET)
        ).json()["access_token"]
        project = httpx.get(
            f"{base}/api/atlas/v2/groups/{PROJECT}", headers={"Accept": V2_ACCEPT, "Authorization": f"Bearer {token}"}
        )
        assert project.json()["id"] == PROJECT
        # the admin token, then a reset: the state is emptied, the credentials stay good
        admin = {"Authorization": f"Bearer {ADMIN}"}
        assert httpx.post(f"{base}/api/local/v1/reset", headers=admin).json()["publicKey"] == PUBLIC
        listed = httpx.get(f"{base}/api/atlas/v2/orgs/{ORG}/invites", headers={"Accept": V2_ACCEPT}, auth=digest)
        assert listed.json() == []
    bootstrap = json.loads((tmp_path / "data" / "bootstrap.json").read_text())
    assert {bootstrap[k] for k in ("orgId", "projectId", "publicKey", "privateKey", "clientId", "clientSecret")} == {
        ORG,
        PROJECT,
        PUBLIC,
        PRIVATE,
        CLIENT,
        SECRET,
    }
    assert bootstrap["adminToken"] == ADMIN


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        (
            {"ATLAS_ACCESS_PUBLIC_KEY": "NOTLOWER", "ATLAS_ACCESS_PRIVATE_KEY": PRIVATE},
            "ATLAS_ACCESS_PUBLIC_KEY must be 8 lowercase letters",
        ),
        ({"ATLAS_ACCESS_PUBLIC_KEY": PUBLIC}, "ATLAS_ACCESS_PUBLIC_KEY and ATLAS_ACCESS_PRIVATE_KEY go together"),
        ({"ATLAS_ACCESS_ORG_ID": "42"}, "ATLAS_ACCESS_ORG_ID must be 24 lowercase hexadecimal digits"),
        ({"ATLAS_ACCESS_ADMIN_TOKEN": "short"}, "ATLAS_ACCESS_ADMIN_TOKEN must be at least 16 characters"),
        ({"ATLAS_ACCESS_PORT": "http"}, "Invalid value for '--port'"),
    ],
)
def test_a_malformed_variable_is_named_before_anything_starts(
    tmp_path: Path, variables: dict[str, str], said: str
) -> None:
    env = _environment(
        **{"ATLAS_ACCESS_DATA_DIR": str(tmp_path / "data"), "ATLAS_ACCESS_PORT": str(free_port()), **variables}
    )
    done = subprocess.run(
        [COMMAND, "serve"], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "data" / "bootstrap.json").exists()


def test_the_seed_file_is_applied_on_the_first_start_and_after_every_reset(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "orgs:\n"
        "  - name: Seeded\n"
        "    id: 6a00000000000000000000aa\n"
        "    projects: [{name: web}]\n"
        "    users:\n"
        "      - {username: alice@example.com, orgRoles: [ORG_MEMBER]}\n"
        "    apiKeys:\n"
        f"      - {{publicKey: seedkeya, privateKey: {PRIVATE.replace('0f1e', 'aaaa')}, orgRoles: [ORG_OWNER]}}\n"
    )
    env = _environment(
        ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"), ATLAS_ACCESS_PORT="0", ATLAS_ACCESS_SEED=str(seed), **FIXED
    )
    seeded_key = httpx.DigestAuth("seedkeya", PRIVATE.replace("0f1e", "aaaa"))

    def seeded_users(base: str) -> list[str]:
        page = httpx.get(
            f"{base}/api/atlas/v2/orgs/6a00000000000000000000aa/users", headers={"Accept": V2_ACCEPT}, auth=seeded_key
        )
        assert page.status_code == 200, page.text
        return sorted(user["username"] for user in page.json()["results"])

    with started(env) as (base, _):
        assert seeded_users(base) == ["alice@example.com"]
        httpx.post(
            f"{base}/api/atlas/v2/orgs/6a00000000000000000000aa/users",
            json={"username": "bob@example.com", "roles": {"orgRoles": ["ORG_MEMBER"]}},
            headers={"Accept": "application/vnd.atlas.2025-02-19+json", "Content-Type": "application/json"},
            auth=seeded_key,
        ).raise_for_status()
        assert "bob@example.com" in seeded_users(base)
        httpx.post(f"{base}/api/local/v1/reset", headers={"Authorization": f"Bearer {ADMIN}"}).raise_for_status()
        assert seeded_users(base) == ["alice@example.com"]
    bootstrap = json.loads((tmp_path / "data" / "bootstrap.json").read_text())
    assert bootstrap["seeded"]["orgs"][0]["id"] == "6a00000000000000000000aa"


def test_a_seed_that_is_not_a_fixture_document_stops_serve_with_where(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text('{"orgs": [{"name": "x", "projects": "web"}]}')
    env = _environment(ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"), ATLAS_ACCESS_PORT="0")
    done = subprocess.run(
        [COMMAND, "serve", "--seed", str(seed)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "--seed:" in done.stderr and "orgs.0.projects" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_busy_port_fails_before_any_banner_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = _environment(ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"))
        done = subprocess.run(
            [COMMAND, "serve", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 1
    assert f"127.0.0.1:{port}: address already in use" in done.stderr
    assert "--port 0" in done.stderr
    assert "serving" not in done.stdout and "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()  # nothing was made


def test_port_0_shows_the_real_port_everywhere(tmp_path: Path) -> None:
    env = _environment(ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"))
    with started(env, "--port", "0") as (base, log):
        port = int(base.rsplit(":", 1)[1])
        assert port != 0
        bootstrap = json.loads((tmp_path / "data" / "bootstrap.json").read_text())
        assert bootstrap["baseUrl"] == base
        assert f":{port}/api/atlas/v2/orgs/" in log.read_text()  # the banner's examples
        assert ":0/" not in log.read_text()


BACKGROUND = """
import os, sys
child = os.fork()
if child == 0:
    os.setpgid(0, 0)  # a process group of its own: not the terminal's foreground, like `serve &` in a shell
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
os.waitpid(child, 0)
"""


def test_a_background_start_on_a_terminal_never_waits_for_an_answer(tmp_path: Path) -> None:
    # `atlas-access serve &` in an interactive shell: its terminal is a real controlling terminal, its process
    # group is not the foreground one; reading the terminal for the profile prompt stopped it ("Stopped (tty
    # input)") before it served anything
    import pty
    import select
    import signal

    port = free_port()
    env = _environment(ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    pid, terminal = pty.fork()
    if pid == 0:  # a session leader with the pseudo-terminal as its controlling terminal
        os.execvpe(sys.executable, [sys.executable, "-c", BACKGROUND, COMMAND, "serve", "--port", str(port)], env)
    seen = b""
    try:
        deadline = time.monotonic() + 30
        while True:
            if select.select([terminal], [], [], 0.2)[0]:
                try:
                    seen += os.read(terminal, 4096)
                except OSError:
                    break
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/private/ipinfo", timeout=1).status_code == 401:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (
                f"serve did not start in the background:\n{seen.decode(errors='replace')}"
            )
        assert b"Write an atlas CLI profile" not in seen
    finally:
        os.killpg(os.getpgid(pid), signal.SIGTERM)
        subprocess.run(["pkill", "-TERM", "-f", "--", f"serve --port {port}"], check=False)
        os.waitpid(pid, 0)
        os.close(terminal)
    assert not (tmp_path / "config").exists()


def test_every_serve_option_has_its_variable_in_the_help_and_the_configuration_table() -> None:
    table = DOCS.read_text()
    for option in serve.params:
        if not isinstance(option, click.Option):
            continue
        long_name = next(name for name in option.opts if name.startswith("--"))
        variable = ENV + long_name.removeprefix("--").replace("-", "_").upper()
        assert option.envvar == variable, long_name
        assert option.show_envvar, long_name
        assert f"| `{long_name}` | `{variable}` |" in table, long_name
    for name in ("ORG_ID", "PROJECT_ID", "PUBLIC_KEY", "PRIVATE_KEY", "CLIENT_ID", "CLIENT_SECRET", "ADMIN_TOKEN"):
        assert f"`ATLAS_ACCESS_{name}`" in table, name


def test_the_journal_keeps_as_many_requests_as_its_variable_says_and_no_health_probe(tmp_path: Path) -> None:
    env = _environment(
        ATLAS_ACCESS_DATA_DIR=str(tmp_path / "data"), ATLAS_ACCESS_PORT="0", ATLAS_ACCESS_JOURNAL_SIZE="3", **FIXED
    )
    with started(env) as (base, _):
        for _ in range(5):
            assert httpx.get(f"{base}/api/local/v1/health").status_code == 200
            httpx.get(f"{base}/api/private/ipinfo")
        journal = httpx.get(f"{base}/api/local/v1/requests", headers={"Authorization": f"Bearer {ADMIN}"}).json()
    entries = journal["results"]
    assert len(entries) == 3
    assert {entry["path"] for entry in entries} == {"/api/private/ipinfo"}
