"""Creating, updating and deleting a project answers as the real MongoDB Cloud recorded
(``reference/recordings/atlasprojects``: Create, Tags, Update_setNameAndTags, Update_resetTags, Delete).

The steps are replayed in the recorded order against one organization made here at the recorded time, with the
request bodies the real CLI's test sent (its arguments show in the answers: name, tags). Status, contract headers
and body are compared as in test_orgs_projects_shapes.py; tags are compared exactly here.

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
from test_orgs_projects_shapes import ORG_NAME, Built, _compare, _recording, header_problems
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
    ("Delete", f"DELETE_api_atlas_v2_groups_{RECORDED_ID}_1.snaphost", "DELETE", None),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    created = _recording(f"{FOLDER}/Create", STEPS[0][1]).json()["created"]
    server = LocalServer(Path(tmp_path_factory.mktemp("projects-write-shapes")) / "data").start()
    server.set_time(created)
    org = server.fixtures(
        {"orgs": [{"name": ORG_NAME, "apiKeys": [{"description": "shapes", "orgRoles": ["ORG_OWNER"]}]}]}
    )["orgs"][0]
    yield Built(server, {RECORDED_ORG_PLACEHOLDER: org["id"]}, org["apiKeys"][0])
    server.stop()


def _headers(recording: Recording, response: httpx.Response) -> list[str]:
    return header_problems(recording, response, skip=frozenset(NOT_REPRODUCED))


def test_the_recorded_steps_are_reproduced(built: Built) -> None:
    client = built.client()
    problems: list[str] = []
    for step, file, method, body in STEPS:
        recording = _recording(f"{FOLDER}/{step}", file)
        sent = None if body is None else json.loads(built.ours(json.dumps(body)))
        response = client.request(method, built.ours(recording.path), json=sent)
        where = f"{step}/{file}"
        if method == "POST":
            built.ids[RECORDED_ID] = response.json()["id"]  # our project's id stands in for the recorded one
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            problems.append(
                f"{where}: status expected {recording.status} {recording.reason}, got {response.status_code}"
            )
        problems += [f"{where}: {problem}" for problem in _headers(recording, response)]
        ours, recorded = json.loads(response.content), recording.json()
        found: list[str] = []
        _compare(built, None, recorded, ours, "body", found)
        problems += [f"{where}: {problem}" for problem in found]
        if isinstance(recorded, dict) and "tags" in recorded and ours.get("tags") != recorded["tags"]:
            problems.append(f"{where}: tags expected {recorded['tags']}, got {ours.get('tags')}")
    assert not problems, "the project writes differ from the real cloud's answers\n  " + "\n  ".join(problems)
