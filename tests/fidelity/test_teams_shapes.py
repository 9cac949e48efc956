"""Teams answer as the real MongoDB Cloud recorded (``reference/recordings``: ``atlasteams``, ``atlasteamusers``,
``atlasprojectteams``).

Each recorded test is replayed step by step, in the recorded order, against an organization made here with what the
recording shows: the team members as active owners holding ``GROUP_OWNER`` in the recorded project, and for the
project teams a project. The request bodies are the real CLI's, as its answers show them (names, usernames, roles).
Compared: the status, the contract headers (``header_problems``), and the body: keys in order at every level, JSON
types, and every value once our ids, base URL and people stand in for the recorded ones.

The recorded people are not replayed: each recorded username and name has a stand-in here (``PEOPLE``). Values
without a source here are compared by type and format only: ``createdAt`` and ``lastAuth`` (the fixtures make users
now). The recorded ``CloudAppUser`` roles come in no stable order (the two recorded users list theirs in opposite
orders), so they are compared as sets.

Named exception: the create's ``Location`` (``<host>/orgs/<orgId>/teams/<id>``, without the API's base path, names
no resource; a handler's answer carries no headers here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from snaphost import Recording, load
from test_orgs_projects_shapes import header_problems
from test_recordings import RECORDED_ORG_PLACEHOLDER, RECORDINGS

from support.server import LocalServer

RECORDED_BASE = "http://localhost:8080"
RECORDED_PROJECT_PLACEHOLDER = "b0123456789abcdef012345b"
ANDREA, BIANCA = "5e4bc367c6b0f41bb9bbb178", "61dc5929ae95796dcd418d1d"  # the recorded users' ids
# Recorded -> ours, longest first so that a username is replaced before a name inside it.
PEOPLE = {
    "andrea.angiolillo@mongodb.com": "ann.example@example.com",
    "bianca.vianadeaguiar@mongodb.com": "bea.example@example.com",
    "Angiolillo": "Example",
    "Andrea": "Ann",
    "Bianca": "Bea",
    "Lisle": "Sample",
}
NOT_REPRODUCED = frozenset({"location"})  # see the module's docstring
TYPE_ONLY = frozenset({"createdAt", "lastAuth"})
UNORDERED = frozenset({"roles"})
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
VERSION = re.compile(r"application/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json")

# (step folder or "" for the test's own folder, recording file, body sent); the order is the recorded one.
Step = tuple[str, str, Any]
TEAMS = "atlasteams/TestAtlasTeams"
TEAMS_ID = "6a794032c0eb9e7a1771a2dd"
TEAMS_STEPS: list[Step] = [
    ("Create", "POST_api_atlas_v2_orgs_ORG_teams_1.snaphost", {"name": "teams643", "usernames": ["ANDREA"]}),
    ("Describe_By_ID", f"GET_api_atlas_v2_orgs_ORG_teams_{TEAMS_ID}_1.snaphost", None),
    ("Describe_By_Name", "GET_api_atlas_v2_orgs_ORG_teams_byName_teams643_1.snaphost", None),
    ("Rename", f"PATCH_api_atlas_v2_orgs_ORG_teams_{TEAMS_ID}_1.snaphost", {"name": "teams643_renamed"}),
    ("List", "GET_api_atlas_v2_orgs_ORG_teams_1.snaphost", None),
    ("List_Compact", "GET_api_atlas_v2_orgs_ORG_teams_1.snaphost", None),
    ("Delete", f"DELETE_api_atlas_v2_orgs_ORG_teams_{TEAMS_ID}_1.snaphost", None),
]
TEAM_USERS = "atlasteamusers/TestAtlasTeamUsers"
TEAM_USERS_ID = "6a79404ec0eb9e7a1771aa1d"
TEAM_USERS_STEPS: list[Step] = [
    ("", "POST_api_atlas_v2_orgs_ORG_teams_1.snaphost", {"name": "teams192", "usernames": ["ANDREA"]}),
    ("Add", f"POST_api_atlas_v2_orgs_ORG_teams_{TEAM_USERS_ID}_users_1.snaphost", [{"id": BIANCA}]),
    ("List", f"GET_api_atlas_v2_orgs_ORG_teams_{TEAM_USERS_ID}_users_1.snaphost", None),
    ("List_Compact", f"GET_api_atlas_v2_orgs_ORG_teams_{TEAM_USERS_ID}_users_1.snaphost", None),
    ("Delete", f"DELETE_api_atlas_v2_orgs_ORG_teams_{TEAM_USERS_ID}_users_{BIANCA}_1.snaphost", None),
    ("", f"DELETE_api_atlas_v2_orgs_ORG_teams_{TEAM_USERS_ID}_1.snaphost", None),
]
PROJECT_TEAMS = "atlasprojectteams/TestAtlasProjectTeams"
PROJECT_TEAMS_GROUP, PROJECT_TEAMS_ID = "6a794012c0eb9e7a17719684", "6a79401b2c88faeba59be48c"
_GROUP_TEAMS = f"groups_{PROJECT_TEAMS_GROUP}_teams"
PROJECT_TEAMS_STEPS: list[Step] = [
    ("", "POST_api_atlas_v2_orgs_ORG_teams_1.snaphost", {"name": "e2e-teams-703", "usernames": ["ANDREA"]}),
    (
        "Add",
        f"POST_api_atlas_v2_{_GROUP_TEAMS}_1.snaphost",
        [{"teamId": PROJECT_TEAMS_ID, "roleNames": ["GROUP_READ_ONLY"]}],
    ),
    (
        "Update",
        f"PATCH_api_atlas_v2_{_GROUP_TEAMS}_{PROJECT_TEAMS_ID}_1.snaphost",
        {"roleNames": ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]},
    ),
    ("List", f"GET_api_atlas_v2_{_GROUP_TEAMS}_1.snaphost", None),
    ("Delete", f"DELETE_api_atlas_v2_{_GROUP_TEAMS}_{PROJECT_TEAMS_ID}_1.snaphost", None),
    ("", f"DELETE_api_atlas_v2_orgs_ORG_teams_{PROJECT_TEAMS_ID}_1.snaphost", None),
]


def _org_path(name: str) -> str:
    return name.replace("ORG", RECORDED_ORG_PLACEHOLDER)


def _recording(folder: str, step: str, name: str) -> Recording:
    path = RECORDINGS / folder / step / _org_path(name)
    if not path.is_file():
        pytest.skip(f"recording not found at {path}; set ATLAS_RECORDINGS to the recordings folder")
    return load(path)


@dataclass
class Replay:
    """One recorded test's organization here, and the recorded -> ours replacements for its values."""

    server: LocalServer
    client: httpx.Client
    ids: dict[str, str] = field(default_factory=dict)

    def ours(self, text: str) -> str:
        text = text.replace(RECORDED_BASE, self.server.base_url)
        for recorded, mine in {**self.ids, **PEOPLE}.items():
            text = text.replace(recorded, mine)
        return text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    built = LocalServer(Path(tmp_path_factory.mktemp("teams-shapes")) / "data").start()
    yield built
    built.stop()


def _replay_for(server: LocalServer, name: str, extra_project: str | None = None) -> Replay:
    """A new organization like the recorded one: the two recorded people as owners with GROUP_OWNER in the
    recorded project (and ``extra_project`` for the project teams)."""
    main = f"{name} project"

    def person(username: str, first: str, last: str) -> dict[str, Any]:
        return {
            "username": PEOPLE[username],
            "firstName": PEOPLE[first],
            "lastName": PEOPLE[last],
            "country": "IE",
            "signedIn": True,
            "orgRoles": ["ORG_OWNER"],
            "projectRoles": {main: ["GROUP_OWNER"]},
        }

    projects = [{"name": main}] + ([{"name": extra_project}] if extra_project else [])
    org = server.fixtures(
        {
            "orgs": [
                {
                    "name": name,
                    "projects": projects,
                    "users": [
                        person("andrea.angiolillo@mongodb.com", "Andrea", "Angiolillo"),
                        person("bianca.vianadeaguiar@mongodb.com", "Bianca", "Lisle"),
                    ],
                    "apiKeys": [{"description": "shapes", "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"][0]
    key = org["apiKeys"][0]
    replay = Replay(server, server.digest(key["publicKey"], key["privateKey"], accept=None))
    replay.ids.update({RECORDED_ORG_PLACEHOLDER: org["id"], RECORDED_PROJECT_PLACEHOLDER: org["projects"][0]["id"]})
    replay.ids.update({ANDREA: org["users"][0]["id"], BIANCA: org["users"][1]["id"]})
    if extra_project:
        replay.ids[PROJECT_TEAMS_GROUP] = org["projects"][1]["id"]
    return replay


def _compare(replay: Replay, key: str | None, recorded: Any, ours: Any, where: str, problems: list[str]) -> None:
    if type(recorded) is not type(ours):
        problems.append(f"{where}: expected a {type(recorded).__name__}, got {ours!r}")
    elif isinstance(recorded, dict):
        if list(recorded) != list(ours):
            problems.append(f"{where}: keys expected {list(recorded)} (in this order), got {list(ours)}")
        for name in recorded:
            if name in ours:
                _compare(replay, name, recorded[name], ours[name], f"{where}.{name}", problems)
    elif key in TYPE_ONLY:
        if not ISO_SECOND.fullmatch(ours):
            problems.append(f"{where}: expected YYYY-MM-DDTHH:MM:SSZ, got {ours!r}")
    elif isinstance(recorded, list):
        if key in UNORDERED:  # as sets: both sides in one order, the recorded one with our values already in
            recorded = sorted((json.loads(replay.ours(json.dumps(item))) for item in recorded), key=json.dumps)
            ours = sorted(ours, key=json.dumps)
        if len(recorded) != len(ours):
            problems.append(f"{where}: expected {len(recorded)} items, got {len(ours)}")
        for position, (rec_item, our_item) in enumerate(zip(recorded, ours, strict=False)):
            _compare(replay, key, rec_item, our_item, f"{where}[{position}]", problems)
    else:
        expected = replay.ours(recorded) if isinstance(recorded, str) else recorded
        if ours != expected:
            problems.append(f"{where}: expected {expected!r}, got {ours!r}")


def _body(replay: Replay, sent: Any) -> Any:
    if sent is None:
        return None
    text = json.dumps(sent).replace('"ANDREA"', json.dumps("andrea.angiolillo@mongodb.com"))
    return json.loads(replay.ours(text))


def _replay(replay: Replay, folder: str, steps: list[Step], created_id: str) -> list[str]:
    problems: list[str] = []
    for step, file, sent in steps:
        recording = _recording(folder, step, file)
        version = VERSION.match(recording.header("Content-Type") or "")
        assert version is not None, file
        accept = f"application/vnd.atlas.{version.group(1)}+json"
        response = replay.client.request(
            recording.method, replay.ours(recording.path), json=_body(replay, sent), headers={"Accept": accept}
        )
        where = f"{step or '(test)'}/{file}"
        if recording.method == "POST" and recording.path.endswith("/teams") and "/orgs/" in recording.path:
            replay.ids[created_id] = response.json()["id"]  # our team stands in for the recorded one
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            problems.append(f"{where}: status expected {recording.status}, got {response.status_code} {response.text}")
        problems += [f"{where}: {p}" for p in header_problems(recording, response, skip=NOT_REPRODUCED)]
        if recording.body.strip() or response.content:
            found: list[str] = []
            _compare(replay, None, recording.json(), json.loads(response.content), "body", found)
            problems += [f"{where}: {p}" for p in found]
    return problems


def test_atlasteams_is_reproduced(server: LocalServer) -> None:
    replay = _replay_for(server, "Teams shapes")
    problems = _replay(replay, TEAMS, TEAMS_STEPS, TEAMS_ID)
    assert not problems, "the team answers differ from the real cloud's\n  " + "\n  ".join(problems)


def test_atlasteamusers_is_reproduced(server: LocalServer) -> None:
    replay = _replay_for(server, "Team users shapes")
    problems = _replay(replay, TEAM_USERS, TEAM_USERS_STEPS, TEAM_USERS_ID)
    assert not problems, "the team user answers differ from the real cloud's\n  " + "\n  ".join(problems)


def test_atlasprojectteams_is_reproduced(server: LocalServer) -> None:
    replay = _replay_for(server, "Project teams shapes", extra_project="teams-e2e-255")
    problems = _replay(replay, PROJECT_TEAMS, PROJECT_TEAMS_STEPS, PROJECT_TEAMS_ID)
    assert not problems, "the project team answers differ from the real cloud's\n  " + "\n  ".join(problems)


def test_the_skipped_headers_are_only_the_named_ones() -> None:
    """What the replay leaves out of the header comparison is recorded where this module says."""
    create = _recording(TEAMS, "Create", TEAMS_STEPS[0][1])
    assert create.header("Location") is not None
    add = _recording(TEAM_USERS, "Add", TEAM_USERS_STEPS[1][1])
    assert add.header("Deprecation") == "Wed, 19 Feb 2025 00:00:00 GMT"
    assert {name.lower() for name in NOT_REPRODUCED} == {"location"}


def test_the_comparison_notices_differences(server: LocalServer) -> None:
    """No replay: a recorded answer against changed copies of itself."""
    recorded = _recording(TEAM_USERS, "Add", TEAM_USERS_STEPS[1][1]).json()
    same = Replay(server, server.client())

    def problems(ours: Any) -> list[str]:
        found: list[str] = []
        _compare(same, None, recorded, json.loads(same.ours(json.dumps(ours))), "body", found)
        return found

    assert problems(recorded) == []
    swapped = json.loads(json.dumps(recorded))
    swapped["results"][0]["roles"].reverse()  # roles are a set
    assert problems(swapped) == []
    reordered = json.loads(json.dumps(recorded))
    reordered["results"].reverse()  # users are not
    assert problems(reordered)
    assert "in this order" in problems(dict(reversed(list(recorded.items()))))[0]
    renamed = json.loads(json.dumps(recorded))
    renamed["results"][0]["lastName"] = "Other"
    assert problems(renamed)
