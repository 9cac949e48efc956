"""A project's LDAP settings and their verification answer as the real MongoDB Cloud recorded
(``reference/recordings/ldap``: ``TestLDAPWithFlags`` and ``TestLDAPWithStdin``), step by step in the recorded order.

The recorded clusters and ``nds`` calls are left out: the real test made a cluster first, and this server serves
none. Requests carry what the real CLI sent (host ``2.tcp.ngrok.io``, port 19657, the admin DN, one mapping rule).
Compared: status and reason, the contract headers (``header_problems``), and the body: keys in order at every level
and every value once our project id, request id and base URL stand in for the recorded ones.

The verification is replayed deterministically: this server looks for pending verifications only when the test
says so (``LdapVerifier.run_pending``), so ``Watch`` first sees PENDING, then FAILED (the host is not contacted:
the server's policy allows the loopback only, as in every test, which fails CONNECT as the recorded unreachable host
did).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from snaphost import Recording, load
from test_orgs_projects_shapes import header_problems
from test_recordings import RECORDINGS

from atlas_access.server.ldap_verify import LdapVerifier
from support.ldap_world import Project
from support.server import LocalServer

RECORDED_BASE = "http://localhost:8080"
BIND = "cn=admin,dc=example,dc=org"
VERIFY_BODY = {"hostname": "2.tcp.ngrok.io", "port": 19657, "bindUsername": BIND, "bindPassword": "recorded-secret"}
SAVE_BODY = {
    "ldap": {
        "authenticationEnabled": False,
        "authorizationEnabled": False,
        "hostname": "2.tcp.ngrok.io",
        "port": 19657,
        "bindUsername": BIND,
        "bindPassword": "recorded-secret",
        "userToDNMapping": [
            {"match": "(.+)@ENGINEERING.EXAMPLE.COM", "substitution": "cn={0},ou=engineering,dc=example,dc=com"}
        ],
    }
}
FLAGS = ("TestLDAPWithFlags", "6a793f37c0eb9e7a17711e84", "6a7942742c88faeba59c9285")
STDIN = ("TestLDAPWithStdin", "6a79428cc0eb9e7a1772653c", "6a79497cc0eb9e7a17749cf4")
# (step, what the file name says after "<METHOD>_api_atlas_v2_groups_<group>_", the body, run pending work first)
Step = tuple[str, str, str, Any, bool]
FLAGS_STEPS: list[Step] = [
    ("Verify", "POST", "userSecurity_ldap_verify_1", VERIFY_BODY, False),
    ("Watch", "GET", "userSecurity_ldap_verify_REQUEST_1", None, False),
    ("Watch", "GET", "userSecurity_ldap_verify_REQUEST_2", None, True),
    ("Get_Status", "GET", "userSecurity_ldap_verify_REQUEST_1", None, False),
    ("Save", "PATCH", "userSecurity_1", SAVE_BODY, False),
    ("Get", "GET", "userSecurity_1", None, False),
    ("Delete", "DELETE", "userSecurity_ldap_userToDNMapping_1", None, False),
]
STDIN_STEPS: list[Step] = [
    ("Verify", "POST", "userSecurity_ldap_verify_1", VERIFY_BODY, False),
    ("Save", "PATCH", "userSecurity_1", SAVE_BODY, False),
    ("Delete", "DELETE", "userSecurity_ldap_userToDNMapping_1", None, False),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    made = LocalServer(Path(tmp_path_factory.mktemp("ldap-shapes")) / "data")
    state = made.opened.state
    # The server's own poller waits an hour between looks: the test runs the pending work when it chooses.
    state.ldap_verify = replace(state.ldap_verify, loopback_only=True, poll_seconds=3600.0)
    made.start()
    yield made
    made.stop()


def _run_pending(server: LocalServer) -> None:
    state = server.opened.state
    verifier = LdapVerifier(state.db, state.keys.ha1_seal.secrets, state.ldap_verify)
    asyncio.run(verifier.run_pending())


def _replay(server: LocalServer, recorded: tuple[str, str, str], steps: list[Step]) -> list[str]:
    test, recorded_group, recorded_request = recorded
    project = Project(server, f"replay {test}")
    folder = RECORDINGS / "ldap" / "ldap" / "testdata" / ".snapshots" / test
    ours_request = ""
    problems: list[str] = []
    for step, method, name, body, run_first in steps:
        if run_first:
            _run_pending(server)
        recording: Recording = load(
            folder
            / step
            / f"{method}_api_atlas_v2_groups_{recorded_group}_{name.replace('REQUEST', recorded_request)}.snaphost"
        )
        path = recording.path.replace(recorded_group, project.group_id).replace(
            recorded_request, ours_request or recorded_request
        )
        response = project.owner.request(method, path, json=body)
        where = f"{test}/{step}/{recording.file.name}"
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            problems.append(f"{where}: status {response.status_code}, recorded {recording.status}: {response.text}")
            continue
        problems += [f"{where}: {problem}" for problem in header_problems(recording, response)]
        answer = response.json()
        if method == "POST":
            ours_request = answer["requestId"]
        expected_text = recording.text.replace(recorded_group, project.group_id).replace(recorded_request, ours_request)
        expected_text = expected_text.replace(RECORDED_BASE, server.base_url)
        if response.text != json.dumps(json.loads(expected_text), separators=(",", ":")):
            problems.append(f"{where}: body {response.text} recorded {expected_text}")
    return problems


@pytest.mark.parametrize(("recorded", "steps"), [(FLAGS, FLAGS_STEPS), (STDIN, STDIN_STEPS)], ids=["flags", "stdin"])
def test_each_recorded_step_answers_as_recorded(
    server: LocalServer, recorded: tuple[str, str, str], steps: list[Step]
) -> None:
    assert _replay(server, recorded, steps) == []
