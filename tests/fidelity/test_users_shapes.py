"""The users API answers in the shapes the real MongoDB Cloud recorded (``../shared/reference/recordings``).

The recorded user lists belong to real people of the recording run, so we do not replay their values. For each
recorded ``GET …/users`` we build the same kinds of users here (active members with a country and a sign-in,
a pending user), send the same request (same version, same query), and compare what a client depends on: the
status, the ``Content-Type``, the ``self``/``next`` links' query strings, and for every kind of user in the
recording (``ACTIVE``, ``PENDING``) the keys in order at every level and each value's JSON type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from snaphost import Recording, load
from test_recordings import RECORDINGS

from support.server import LocalServer

LISTS = [
    ("atlasorgs/TestAtlasOrgs/List_Org_Users", "GET_api_atlas_v2_orgs_a0123456789abcdef012345a_users_1.snaphost"),
    ("atlasteamusers/TestAtlasTeamUsers", "GET_api_atlas_v2_orgs_a0123456789abcdef012345a_users_1.snaphost"),
    ("atlasteamusers/TestAtlasTeamUsers", "GET_api_atlas_v2_orgs_a0123456789abcdef012345a_users_2.snaphost"),
    ("atlasusers/TestAtlasUsers/List", "GET_api_atlas_v2_groups_b0123456789abcdef012345b_users_1.snaphost"),
    ("atlasprojects/TestAtlasProjects/Users", "GET_api_atlas_v2_groups_6a793feb2c88faeba59bd8f6_users_1.snaphost"),
]
VERSION = re.compile(r"application/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json")


def _recording(folder: str, name: str) -> Recording:
    path = RECORDINGS / folder / name
    if not path.is_file():
        pytest.skip(f"recording not found at {path}; set ATLAS_RECORDINGS to the recordings folder")
    return load(path)


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalServer, dict[str, str]]]:
    server = LocalServer(Path(tmp_path_factory.mktemp("users-shapes")) / "data", rate_limits=False).start()
    project = "Shapes project"

    def user(name: str, roles: list[str]) -> dict[str, Any]:
        return {
            "username": f"{name}@example.com",
            "firstName": name.title(),
            "lastName": "Example",
            "country": "IE",
            "signedIn": True,
            "orgRoles": roles,
            "projectRoles": {project: ["GROUP_OWNER"]},
        }

    built = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Shapes",
                    "projects": [{"name": project}],
                    "users": [user("andrea", ["ORG_OWNER"]), user("bianca", ["ORG_MEMBER", "ORG_OWNER"])],
                    "apiKeys": [{"orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"][0]
    ids = {"org": built["id"], "group": built["projects"][0]["id"]}
    key = built["apiKeys"][0]
    client = server.digest(key["publicKey"], key["privateKey"])
    response = client.post(
        f"/api/atlas/v2/orgs/{ids['org']}/users",
        json={"username": "test-file-812@example.com", "roles": {"orgRoles": ["ORG_READ_ONLY"]}},
        headers={"Accept": "application/vnd.atlas.2025-02-19+json"},
    )
    assert response.status_code == 201, response.text
    ids["publicKey"], ids["privateKey"] = key["publicKey"], key["privateKey"]
    yield server, ids
    server.stop()


def _types(value: Any) -> Any:
    """The value's shape: keys in order with their shapes, the list's item type (any, when empty), or the type."""
    if isinstance(value, dict):
        return [(k, _types(v)) for k, v in value.items()]
    if isinstance(value, list):
        return "list" if not value else f"list of {type(value[0]).__name__}"
    return type(value).__name__


def _same(recorded: Any, ours: Any) -> bool:
    if isinstance(recorded, str) and isinstance(ours, str) and "list" in (recorded, ours):
        return recorded.startswith("list") and ours.startswith("list")
    if isinstance(recorded, list) and isinstance(ours, list):
        return len(recorded) == len(ours) and all(_same(r, o) for r, o in zip(recorded, ours, strict=True))
    if isinstance(recorded, tuple) and isinstance(ours, tuple):
        return recorded[0] == ours[0] and _same(recorded[1], ours[1])
    return bool(recorded == ours)


def _by_status(results: list[dict[str, Any]]) -> dict[str, Any]:
    shapes: dict[str, Any] = {}
    for item in results:
        shape = _types({k: v for k, v in item.items() if k != "roles"})
        roles = item["roles"]
        shape.append(("roles", _types(roles) if isinstance(roles, dict) else "list"))
        shapes.setdefault(item["orgMembershipStatus"], shape)
    return shapes


def _query(href: str) -> str:
    return urlsplit(href).query


@pytest.mark.parametrize(("folder", "name"), LISTS, ids=[f"{f.split('/')[0]}-{n[-12:-9]}" for f, n in LISTS])
def test_users_list_has_the_recorded_shape(
    populated: tuple[LocalServer, dict[str, str]], folder: str, name: str
) -> None:
    recording = _recording(folder, name)
    server, ids = populated
    recorded = recording.json()
    version_match = VERSION.search(recording.header("Content-Type") or "")
    assert version_match is not None
    scope = "orgs" if "/orgs/" in recording.path else "groups"
    our_path = f"/api/atlas/v2/{scope}/{ids['org' if scope == 'orgs' else 'group']}/users"
    recorded_self = recorded["links"][0]["href"]
    query = _query(recorded_self)
    client = server.digest(ids["publicKey"], ids["privateKey"])
    response = client.get(f"{our_path}?{query}", headers={"Accept": f"application/vnd.atlas.{version_match[1]}+json"})

    assert response.status_code == recording.status
    assert response.headers["content-type"] == recording.header("Content-Type")
    ours = response.json()
    assert list(ours) == list(recorded)
    assert [link["rel"] for link in ours["links"]] == [link["rel"] for link in recorded["links"]]
    for our_link, recorded_link in zip(ours["links"], recorded["links"], strict=True):
        assert _query(our_link["href"]) == _query(recorded_link["href"])
        assert urlsplit(our_link["href"]).path == our_path
    recorded_shapes, our_shapes = _by_status(recorded["results"]), _by_status(ours["results"])
    for status, shape in recorded_shapes.items():
        assert status in our_shapes, f"no {status} user to compare"
        assert _same(shape, our_shapes[status]), f"{status} users differ: recorded {shape}, ours {our_shapes[status]}"
