"""Database users and custom database roles answer as the real MongoDB Cloud recorded (``reference/recordings``:
``dbusers/TestDBUserWithFlags``, ``customdbroles/TestDBRoles``).

Each recorded step is replayed in the order the real CLI's test ran it, with the body that CLI sends (its
``dbusers``/``customDbRoles`` commands: the whole user minus what a step does not change, ``cluster: false`` and
``collection: ""`` in resources, the ``--append`` merge made by the client). Compared: the status, the contract
headers (``header_problems``: ``Content-Type``, ``Ratelimit-Limit``, the security headers) and the body: keys in
order at every level, JSON types, every value once our ids and base URL stand in for the recorded ones.

The recorded project held other users and roles of other tests (33 users, 13 roles); the lists are compared on the
items this replay made, in the recorded order, and ``totalCount`` by type. ``deleteAfterDate`` is compared by format
(the recorded one was a day after the recording). Before the steps, the OIDC group user the recorded list shows
(``d0123456789abcdef012345d/user-998``, whose link escapes the slash) is made as the real test had made it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from snaphost import Recording, load
from test_orgs_projects_shapes import header_problems
from test_recordings import RECORDINGS

from atlas_access.core.clock import iso, parse_iso
from support.server import LocalServer

RECORDED_BASE = "http://localhost:8080"
RECORDED_PROJECT = "b0123456789abcdef012345b"
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
VERSION = re.compile(r"application/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json")
TYPE_ONLY = frozenset({"deleteAfterDate", "totalCount"})
USER, OIDC_USER, ROLE = "user-253", "d0123456789abcdef012345d/user-998", "role-90"
PASSWORD = "QUJDREVGR0hJSk"

_USERS = f"api_atlas_v2_groups_{RECORDED_PROJECT}_databaseUsers"
_ROLES = f"api_atlas_v2_groups_{RECORDED_PROJECT}_customDBRoles_roles"


def _resource(db: str = "", collection: str = "", cluster: bool = False) -> dict[str, Any]:
    """A resource as the real CLI sends it (atlas-sdk-go's required fields, none omitted)."""
    return {"cluster": cluster, "collection": collection, "db": db}


def _user_steps(group_id: str, delete_after: str) -> list[tuple[str, str, Any]]:
    none = {"awsIAMType": "NONE", "ldapAuthType": "NONE", "oidcAuthType": "NONE", "x509Type": "NONE"}
    create = {
        **none,
        "databaseName": "admin",
        "deleteAfterDate": delete_after,
        "groupId": group_id,
        "password": PASSWORD,
        "roles": [{"databaseName": "admin", "roleName": "atlasAdmin"}],
        "scopes": [{"name": "snapshotCluster0", "type": "CLUSTER"}, {"name": "snapshotCluster1", "type": "CLUSTER"}],
        "username": USER,
    }
    update = {
        "databaseName": "admin",
        "groupId": group_id,
        "password": PASSWORD[::-1],
        "roles": [{"databaseName": "admin", "roleName": "readWrite"}],
        "scopes": [{"name": "snapshotCluster0", "type": "CLUSTER"}],
        "username": USER,
        "x509Type": "NONE",
    }
    # The real CLI's body for `dbusers update --password` only: empty roles and scopes, which the cloud kept.
    only_password = {
        "databaseName": "admin",
        "groupId": group_id,
        "password": PASSWORD,
        "roles": [],
        "scopes": [],
        "username": USER,
    }
    return [
        ("Create", f"POST_{_USERS}_1.snaphost", create),
        ("List", f"GET_{_USERS}_1.snaphost", None),
        ("List_Compact", f"GET_{_USERS}_1.snaphost", None),
        ("Describe", f"GET_{_USERS}_admin_{USER}_1.snaphost", None),
        ("Update", f"PATCH_{_USERS}_admin_{USER}_1.snaphost", update),
        ("Update_only_password", f"PATCH_{_USERS}_admin_{USER}_1.snaphost", {**only_password, "x509Type": "NONE"}),
        ("Delete", f"DELETE_{_USERS}_admin_{USER}_1.snaphost", None),
    ]


ROLE_STEPS: list[tuple[str, str, Any]] = [
    (
        "Create",
        f"POST_{_ROLES}_1.snaphost",
        {
            "actions": [
                {"action": "UPDATE", "resources": [_resource("db", "collection")]},
                {"action": "FIND", "resources": [_resource("db", "collection2")]},
            ],
            "inheritedRoles": [{"db": "admin", "role": "enableSharding"}],
            "roleName": ROLE,
        },
    ),
    ("List", f"GET_{_ROLES}_1.snaphost", None),
    ("Describe", f"GET_{_ROLES}_{ROLE}_1.snaphost", None),
    ("Update_with_append", f"GET_{_ROLES}_{ROLE}_1.snaphost", None),
    (
        "Update_with_append",
        f"PATCH_{_ROLES}_{ROLE}_1.snaphost",
        {
            "actions": [
                {"action": "UPDATE", "resources": [_resource("db2", "collection"), _resource("db", "collection")]},
                {"action": "LIST_SESSIONS", "resources": [_resource(cluster=True)]},
                {"action": "FIND", "resources": [_resource("db", "collection2")]},
            ],
            "inheritedRoles": [{"db": "mydb", "role": "read"}, {"db": "admin", "role": "enableSharding"}],
            "roleName": "",
        },
    ),
    (
        "Update",
        f"PATCH_{_ROLES}_{ROLE}_1.snaphost",
        {
            "actions": [{"action": "LIST_SESSIONS", "resources": [_resource(cluster=True)]}],
            "inheritedRoles": [{"db": "admin", "role": "enableSharding"}],
            "roleName": "",
        },
    ),
    ("Delete", f"DELETE_{_ROLES}_{ROLE}_1.snaphost", None),
]


def _recording(folder: str, step: str, name: str) -> Recording:
    path = RECORDINGS / folder / step / name
    if not path.is_file():
        pytest.skip(f"recording not found at {path}; set ATLAS_RECORDINGS to the recordings folder")
    return load(path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    built = LocalServer(Path(tmp_path_factory.mktemp("database-access-shapes")) / "data").start()
    yield built
    built.stop()


def _ours(server: LocalServer, group_id: str, text: str) -> str:
    return text.replace(RECORDED_BASE, server.base_url).replace(RECORDED_PROJECT, group_id)


def _only_ours(recorded: Any, names: set[str]) -> Any:
    """A recorded list narrowed to the items this replay made (the recorded project held other tests' too)."""
    if isinstance(recorded, list):
        return [item for item in recorded if item.get("roleName") in names]
    if isinstance(recorded, dict) and "results" in recorded:
        return {**recorded, "results": [item for item in recorded["results"] if item["username"] in names]}
    return recorded


def _compare(key: str | None, recorded: Any, ours: Any, where: str, problems: list[str], fix: Any) -> None:
    if type(recorded) is not type(ours):
        problems.append(f"{where}: expected a {type(recorded).__name__}, got {ours!r}")
    elif key in TYPE_ONLY:
        if isinstance(ours, str) and not ISO_SECOND.fullmatch(ours):
            problems.append(f"{where}: expected YYYY-MM-DDTHH:MM:SSZ, got {ours!r}")
    elif isinstance(recorded, dict):
        if list(recorded) != list(ours):
            problems.append(f"{where}: keys expected {list(recorded)} (in this order), got {list(ours)}")
        for name in recorded:
            if name in ours:
                _compare(name, recorded[name], ours[name], f"{where}.{name}", problems, fix)
    elif isinstance(recorded, list):
        if len(recorded) != len(ours):
            problems.append(f"{where}: expected {len(recorded)} items, got {len(ours)}")
        for position, (rec_item, our_item) in enumerate(zip(recorded, ours, strict=False)):
            _compare(key, rec_item, our_item, f"{where}[{position}]", problems, fix)
    else:
        expected = fix(recorded) if isinstance(recorded, str) else recorded
        if ours != expected:
            problems.append(f"{where}: expected {expected!r}, got {ours!r}")


def _replay(
    server: LocalServer, client: httpx.Client, group_id: str, folder: str, steps: list[tuple[str, str, Any]]
) -> list[str]:
    problems: list[str] = []
    names = {USER, OIDC_USER, ROLE}
    for step, file, sent in steps:
        recording = _recording(folder, step, file)
        version = VERSION.match(recording.header("Content-Type") or "")
        assert version is not None, file
        path = _ours(server, group_id, recording.path)
        response = client.request(
            recording.method, path, json=sent, headers={"Accept": f"application/vnd.atlas.{version.group(1)}+json"}
        )
        where = f"{step}/{file}"
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            problems.append(f"{where}: status expected {recording.status}, got {response.status_code} {response.text}")
        problems += [f"{where}: {p}" for p in header_problems(recording, response)]
        if recording.body.strip() or response.content:
            if PASSWORD in response.text or PASSWORD[::-1] in response.text:
                problems.append(f"{where}: the password is in the answer")
            found: list[str] = []
            recorded = _only_ours(recording.json(), names)
            _compare(None, recorded, json.loads(response.content), "body", found, lambda t: _ours(server, group_id, t))
            problems += [f"{where}: {p}" for p in found]
    return problems


def test_dbusers_is_reproduced(server: LocalServer) -> None:
    client = server.digest(accept=None)
    group_id = server.project_id
    users = f"/api/atlas/v2/groups/{group_id}/databaseUsers"
    oidc = {
        "databaseName": "admin",
        "oidcAuthType": "IDP_GROUP",
        "roles": [{"databaseName": "admin", "roleName": "atlasAdmin"}],
        "scopes": [{"name": "Cluster0", "type": "CLUSTER"}, {"name": "Cluster1", "type": "CLUSTER"}],
        "username": OIDC_USER,
    }
    made = client.post(users, json=oidc, headers={"Accept": "application/vnd.atlas.2023-01-01+json"})
    assert made.status_code == 201, made.text
    now = parse_iso(server.admin().get("/api/local/v1/clock").json()["now"])
    problems = _replay(
        server, client, group_id, "dbusers/TestDBUserWithFlags", _user_steps(group_id, iso(now + 86_400))
    )
    assert not problems, "the database user answers differ from the real cloud's\n  " + "\n  ".join(problems)


def test_customdbroles_is_reproduced(server: LocalServer) -> None:
    client = server.digest(accept=None)
    problems = _replay(server, client, server.project_id, "customdbroles/TestDBRoles", ROLE_STEPS)
    assert not problems, "the custom role answers differ from the real cloud's\n  " + "\n  ".join(problems)


def test_the_comparison_notices_differences() -> None:
    """No replay: a recorded answer against changed copies of itself."""
    recorded = _recording("customdbroles/TestDBRoles", "Update_with_append", ROLE_STEPS[4][1]).json()

    def problems(ours: Any) -> list[str]:
        found: list[str] = []
        _compare(None, recorded, ours, "body", found, lambda text: text)
        return found

    assert problems(json.loads(json.dumps(recorded))) == []
    reordered = json.loads(json.dumps(recorded))
    reordered["inheritedRoles"].reverse()
    assert problems(reordered)
    assert "in this order" in problems(dict(reversed(list(recorded.items()))))[0]
    dropped = json.loads(json.dumps(recorded))
    dropped["actions"][0]["resources"].pop()
    assert problems(dropped)
