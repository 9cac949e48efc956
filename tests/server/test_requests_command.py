"""``atlas-access requests``: the running server's request journal as a table or JSON lines, filtered, once or
following it; clear errors when the server is not there or refuses the admin token."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from click.testing import CliRunner, Result

from atlas_access.server.command import main
from atlas_access.server.requests_command import HEADER
from support.process import server_command
from support.server import LocalServer, free_port


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["requests", *args])


def some_requests(server: LocalServer) -> None:
    client = server.digest()
    assert client.get(f"/api/atlas/v2/orgs/{server.org_id}/invites").status_code == 200
    assert client.get("/api/atlas/v2/orgs/not-an-id").status_code == 404


def test_a_table_with_one_line_a_request(server: LocalServer) -> None:
    some_requests(server)
    result = run("--data-dir", str(server.data_dir))
    assert result.exit_code == 0, result.output
    header, challenge, listed, refused = result.output.splitlines()
    assert header == HEADER
    invites = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    assert challenge.split()[2:5] == ["GET", "401", challenge.split()[4]]
    assert challenge.endswith(f'{invites}  op=listOrgInvites  error=UNEXPECTED_ERROR  why="no credentials"')
    assert listed.endswith(f"{invites}  op=listOrgInvites  v=2023-01-01  by={server.bootstrap['publicKey']}")
    assert " 200 " in listed
    assert refused.endswith(f"by={server.bootstrap['publicKey']}  error=INVALID_ORG_ID")
    assert [line.split()[0] for line in (challenge, listed, refused)] == ["1", "2", "3"]


def test_json_lines_are_the_local_api_entries(server: LocalServer) -> None:
    some_requests(server)
    result = run("--data-dir", str(server.data_dir), "--json")
    assert result.exit_code == 0, result.output
    shown = [json.loads(line) for line in result.output.splitlines()]
    assert shown == server.admin().get("/api/local/v1/requests").json()["results"]


def test_filters_reach_the_server(server: LocalServer) -> None:
    some_requests(server)
    result = run("--data-dir", str(server.data_dir), "--json", "--status", "4xx", "--principal", "API_KEY")
    assert result.exit_code == 0, result.output
    (only,) = [json.loads(line) for line in result.output.splitlines()]
    assert (only["status"], only["errorCode"]) == (404, "INVALID_ORG_ID")
    assert (
        run("--data-dir", str(server.data_dir), "--error-code", "NONE_SUCH").output == "No requests recorded match.\n"
    )
    newest = run("--data-dir", str(server.data_dir), "--json", "--limit", "1", "--method", "get", "--path", "/api/")
    assert json.loads(newest.output)["id"] == 3
    after = run("--data-dir", str(server.data_dir), "--json", "--since", "2", "--operation-id", "getOrg")
    assert [json.loads(line)["id"] for line in after.output.splitlines()] == [3]


def test_url_and_admin_token_instead_of_a_data_dir(server: LocalServer, tmp_path: Path) -> None:
    some_requests(server)
    result = run(
        "--data-dir", str(tmp_path), "--url", server.base_url, "--admin-token", server.bootstrap["adminToken"], "--json"
    )
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 3


def test_an_empty_journal(server: LocalServer) -> None:
    result = run("--data-dir", str(server.data_dir))
    assert (result.exit_code, result.output) == (0, "No requests recorded.\n")


def test_clear_errors(server: LocalServer, tmp_path: Path) -> None:
    missing = run("--data-dir", str(tmp_path / "nothing"))
    assert missing.exit_code == 1
    assert "bootstrap.json: give the data directory of a running server (--data-dir), or --url and --admin-token" in (
        missing.output
    )

    stopped = tmp_path / "stopped"
    stopped.mkdir()
    port = free_port()
    (stopped / "bootstrap.json").write_text(json.dumps({"baseUrl": f"http://127.0.0.1:{port}", "adminToken": "x"}))
    not_running = run("--data-dir", str(stopped))
    assert not_running.exit_code == 1
    assert f"no server answers at http://127.0.0.1:{port}" in not_running.output
    assert "is `atlas-access serve` running?" in not_running.output

    wrong = run("--data-dir", str(server.data_dir), "--admin-token", "not-the-token")
    assert wrong.exit_code == 1
    assert f"the server at {server.base_url} refused the admin token" in wrong.output

    bad_filter = run("--data-dir", str(server.data_dir), "--status", "4")
    assert bad_filter.exit_code == 1
    assert "answered 400: Invalid query parameter status specified." in bad_filter.output


def test_follow_stops_after_its_polls(server: LocalServer) -> None:
    some_requests(server)
    result = run("--data-dir", str(server.data_dir), "--follow", "--interval", "0.1", "--max-polls", "3", "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == [1, 2, 3]  # each entry once


def _lines(stream: Iterable[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            found.put(line)

    threading.Thread(target=read, daemon=True).start()
    return found


def _wait_for(lines: queue.Queue[str], wanted: Callable[[str], bool], timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))  # queue.Empty when it never comes
        if wanted(line):
            return line


def test_follow_picks_up_a_new_request_and_ctrl_c_ends_it_quietly(server: LocalServer) -> None:
    some_requests(server)
    client = server.bearer()  # its token is minted before following starts
    command = [str(server_command()), "requests", "--follow", "--interval", "0.1", "--max-polls", "600"]
    with subprocess.Popen(
        [*command, "--data-dir", str(server.data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as follower:
        try:
            assert follower.stdout is not None and follower.stderr is not None
            lines = _lines(follower.stdout)
            _wait_for(lines, lambda line: line.startswith(HEADER))  # the first poll is done
            _wait_for(lines, lambda line: "/api/oauth/token" in line)
            assert client.get(f"/api/atlas/v2/groups/{server.project_id}").status_code == 200
            found = _wait_for(lines, lambda line: "op=getGroup" in line)
            assert f"by={server.bootstrap['clientId']}" in found
            follower.send_signal(signal.SIGINT)
            assert follower.wait(timeout=30) == 0
            assert follower.stderr.read() == ""
        finally:
            if follower.poll() is None:
                follower.kill()
