"""Creating, updating and deleting a project answers as the real MongoDB Cloud recorded
(``reference/recordings/atlasprojects``: Create, Tags, Update_setNameAndTags, Update_resetTags, Users, Delete).

The steps are replayed in the recorded order against one organization made here at the recorded time, with the
request bodies the real CLI's test sent (its arguments show in the answers: name, tags). Status, contract headers
and body are compared as in test_orgs_projects_shapes.py; tags are compared exactly here.

The Users step (the users API, 2025-02-19) shows who owns the new project: the organization's one owner user, as
``GROUP_OWNER``. The recorded person is not replayed: a stand-in (``OWNER``) takes their place, and their
``createdAt`` and ``lastAuth`` are compared by format (the fixtures make users now).

Named exception: the recorded ``Location`` header of the 201 is ``http://localhost:8080//api/atlas/v1.0``, which names
no resource (not even the project); it is MongoDB Cloud's slip, and this server sends no ``Location``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from snaphost import Recording
from test_orgs_projects_shapes import ISO_SECOND, ORG_NAME, Built, _compare, _recording, header_problems
from test_recordings import RECORDED_ORG_PLACEHOLDER

from support.server import LocalServer

FOLDER = "atlasprojects/TestAtlasProjects"
RECORDED_ID = "6a793feb2c88faeba59bd8f6"
NOT_REPRODUCED = {"location"}  # see the module's docstring
NAME = "e2e-proj-939"
STEPS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    # (step, recording file, method, body)
    (
        "Create",
        "POST_api_atlas_v2_groups_1.snaphost",
        "POST",
        {
            "name": NAME,
            "orgId": RECORDED_ORG_PLACEHOLDER,
            "tags": [{"key": "env", "value": "e2e"}, {"key": "prod", "value": "false"}],
        },
    ),
    ("Tags", f"GET_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost", "GET", None),
    (
        "Update_setNameAndTags",
        f"PATCH_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost",
        "PATCH",
        {"name": f"{NAME}-updated", "tags": [{"key": "env", "value": "e2e"}, {"key": "app", "value": "cli"}]},
    ),
    ("Update_setNameAndTags", f"GET_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost", "GET", None),
    ("Update_resetTags", f"PATCH_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost", "PATCH", {"tags": []}),
    ("Update_resetTags", f"GET_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost", "GET", None),
    ("Users", f"GET_api_atlas_v2_groups_{RECORDED_ID}_users_1.snaphost", "GET", None),
    ("Delete", f"DELETE_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost", "DELETE", None),
]
USERS_API = "application/vnd.atlas.2025-02-19+json"
# The recorded owner and the stand-in this test makes in their place.
RECORDED_OWNER = {
    "id": "5e18664b7a3e5a55893d374a",
    "username": "colm.quinn@mongodb.com",
    "first": "Colm",
    "last": "Quinn",
}
OWNER = {"username": "first-owner@example.com", "firstName": "Ann", "lastName": "Owner", "country": "IE"}
USER_TIMES = ("createdAt", "lastAuth")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    created = _recording(f"{FOLDER}/Create", STEPS[0][1]).json()["created"]
    server = LocalServer(Path(tmp_path_factory.mktemp("projects-write-shapes")) / "data").start()
    server.set_time(created)
    owner = {**OWNER, "orgRoles": ["ORG_OWNER"], "signedIn": True}
    org = server.fixtures(
        {
            "orgs": [
                {
                    "name": ORG_NAME,
                    "users": [owner],
                    "apiKeys": [{"description": "shapes", "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"][0]
    ids = {
        RECORDED_ORG_PLACEHOLDER: org["id"],
        RECORDED_OWNER["id"]: org["users"][0]["id"],
        RECORDED_OWNER["username"]: OWNER["username"],
    }
    yield Built(server, ids, org["apiKeys"][0])
    server.stop()


def _headers(recording: Recording, response: httpx.Response) -> list[str]:
    return header_problems(recording, response, skip=frozenset(NOT_REPRODUCED))


def _with_stand_in(recorded: dict[str, Any], ours: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """The recorded users page with the stand-in's names, and our times where the recorded person's were (checked
    for their format here)."""
    text = json.dumps(recorded).replace(RECORDED_OWNER["first"], OWNER["firstName"])
    recorded = json.loads(text.replace(RECORDED_OWNER["last"], OWNER["lastName"]))
    for mine, theirs in zip(ours.get("results", []), recorded["results"], strict=False):
        for name in USER_TIMES:
            if not ISO_SECOND.fullmatch(str(mine.get(name))):
                problems.append(f"Users: {name} expected YYYY-MM-DDTHH:MM:SSZ, got {mine.get(name)!r}")
            theirs[name] = mine.get(name)
    return recorded


def test_the_recorded_steps_are_reproduced(built: Built) -> None:
    client = built.client()
    problems: list[str] = []
    for step, file, method, body in STEPS:
        recording = _recording(f"{FOLDER}/{step}", file)
        sent = None if body is None else json.loads(built.ours(json.dumps(body)))
        headers = {"Accept": USERS_API} if step == "Users" else None
        response = client.request(method, built.ours(recording.path), json=sent, headers=headers)
        where = f"{step}/{file}"
        if method == "POST":
            built.ids[RECORDED_ID] = response.json()["id"]  # our project's id stands in for the recorded one
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            problems.append(
                f"{where}: status expected {recording.status} {recording.reason}, got {response.status_code}"
            )
        problems += [f"{where}: {problem}" for problem in _headers(recording, response)]
        ours, recorded = json.loads(response.content), recording.json()
        if step == "Users":
            recorded = _with_stand_in(recorded, ours, problems)
        found: list[str] = []
        _compare(built, None, recorded, ours, "body", found)
        problems += [f"{where}: {problem}" for problem in found]
        if isinstance(recorded, dict) and "tags" in recorded and ours.get("tags") != recorded["tags"]:
            problems.append(f"{where}: tags expected {recorded['tags']}, got {ours.get('tags')}")
    assert not problems, "the project writes differ from the real cloud's answers\n  " + "\n  ".join(problems)
