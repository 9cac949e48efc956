"""A project's IP access list, auditing and settings answer as the real MongoDB Cloud recorded
(``reference/recordings``: ``accesslists``, ``auditing``, ``projectsettings``).

Each recorded test is replayed step by step, in the recorded order, with the request bodies the real CLI sent (its
arguments show in the answers), in an organization made here, on a server whose clock is set to the recorded time
(so that the recorded ``deleteAfterDate``, five minutes ahead, is accepted as it was). The project each test made
first is made here too, and ours stands in for the recorded one. Compared: the status, the contract headers
(``header_problems``: Content-Type with the version and charset, rate limits, security headers) and the body: keys in
order at every level, JSON types, and every value once our ids, base URL and addresses stand in for the recorded ones.

Stand-ins and named exceptions: the caller's address (``--currentIp`` asks ``/api/private/ipinfo`` first) is
127.0.0.1 here where the recording has the CI machine's; the project's ``created`` is compared by format; the
recorded ``Location`` of the project's create and of the settings' answers (``<host>//api/atlas/v1.0``, which names
no resource) is not sent here, nor ``X-Xgen-Up-Proto`` (the protocol MongoDB's proxy spoke upstream). The project's
create is the projects' area: the real cloud leaves ``tags`` out of a project made without tags (and shows
``"tags":[]`` once they are reset, ``atlasprojects``), where this server always shows them; that one key is left out
of the comparison here.
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
RECORDED_ADDRESS, OUR_ADDRESS = "52.161.45.225", "127.0.0.1"
NOT_REPRODUCED = frozenset({"location", "x-xgen-up-proto"})  # see the module's docstring
TYPE_ONLY = frozenset({"created"})
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
VERSION = re.compile(r"application/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json")
FILE_FILTER = (
    '{\n  "atype": "authCheck",\n  "param.command": {\n    "$in": [\n      "insert",\n      "update",\n'
    '      "delete"\n    ]\n  }\n}'
)


@dataclass(frozen=True)
class Suite:
    folder: str
    group: str  # the recorded project's id
    name: str  # the recorded project's name
    started: str  # the recorded time of the project's create (its Date header)
    # (step folder or "" for the test's own folder, recording file, body sent); the order is the recorded one.
    steps: list[tuple[str, str, Any]]


ACCESS_GROUP = "6a793f62c0eb9e7a1771502a"
_LIST = f"api_atlas_v2_groups_{ACCESS_GROUP}_accessList"
ACCESS_LISTS = Suite(
    "accesslists/TestAccessList",
    ACCESS_GROUP,
    "accessList-e2e-149",
    "2026-08-10T03:02:58Z",
    [
        ("", "POST_api_atlas_v2_groups_1.snaphost", "PROJECT"),
        ("Create_Forever", f"POST_{_LIST}_1.snaphost", [{"ipAddress": "192.168.0.243", "comment": "test"}]),
        ("List", f"GET_{_LIST}_1.snaphost", None),
        ("Describe", f"GET_{_LIST}_192.168.0.243_1.snaphost", None),
        ("Delete", f"DELETE_{_LIST}_192.168.0.243_1.snaphost", None),
        (
            "Create_Delete_After",
            f"POST_{_LIST}_1.snaphost",
            [{"ipAddress": "192.168.0.243", "comment": "test", "deleteAfterDate": "2026-08-10T03:08:14Z"}],
        ),
        ("Delete#01", f"DELETE_{_LIST}_192.168.0.243_1.snaphost", None),
        ("Create_with_CurrentIp", "GET_api_private_ipinfo_1.snaphost", None),
        ("Create_with_CurrentIp", f"POST_{_LIST}_1.snaphost", [{"ipAddress": RECORDED_ADDRESS, "comment": "test"}]),
        ("Delete#02", f"DELETE_{_LIST}_{RECORDED_ADDRESS}_1.snaphost", None),
    ],
)
AUDIT_GROUP = "6a793fcbc0eb9e7a17717dbb"
AUDITING = Suite(
    "auditing/TestAuditing",
    AUDIT_GROUP,
    "auditing-e2e-184",
    "2026-08-10T03:04:43Z",
    [
        ("", "POST_api_atlas_v2_groups_1.snaphost", "PROJECT"),
        ("Describe", f"GET_api_atlas_v2_groups_{AUDIT_GROUP}_auditLog_1.snaphost", None),
        (
            "Update",
            f"PATCH_api_atlas_v2_groups_{AUDIT_GROUP}_auditLog_1.snaphost",
            {"auditAuthorizationSuccess": True, "auditFilter": '{"atype": "authenticate"}', "enabled": True},
        ),
        (
            "Update_via_file",
            f"PATCH_api_atlas_v2_groups_{AUDIT_GROUP}_auditLog_1.snaphost",
            {"auditAuthorizationSuccess": True, "auditFilter": FILE_FILTER, "enabled": True},
        ),
    ],
)
SETTINGS_GROUP = "6a7940802c88faeba59bfda2"
PROJECT_SETTINGS = Suite(
    "projectsettings/TestProjectSettings",
    SETTINGS_GROUP,
    "settings-e2e-156",
    "2026-08-10T03:07:44Z",
    [
        ("", "POST_api_atlas_v2_groups_1.snaphost", "PROJECT"),
        ("Describe", f"GET_api_atlas_v2_groups_{SETTINGS_GROUP}_settings_1.snaphost", None),
        (
            "",
            f"PATCH_api_atlas_v2_groups_{SETTINGS_GROUP}_settings_1.snaphost",
            {"isCollectDatabaseSpecificsStatisticsEnabled": False},
        ),
    ],
)
SUITES = {"accesslists": ACCESS_LISTS, "auditing": AUDITING, "projectsettings": PROJECT_SETTINGS}


def _recording(suite: Suite, step: str, name: str) -> Recording:
    path = RECORDINGS / suite.folder / step / name
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
        for recorded, mine in self.ids.items():
            text = text.replace(recorded, mine)
        return text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    built = LocalServer(Path(tmp_path_factory.mktemp("network-shapes")) / "data").start()
    yield built
    built.stop()


def _replay_for(server: LocalServer, suite: Suite) -> Replay:
    (org,) = server.fixtures(
        {"orgs": [{"name": f"{suite.name} org", "apiKeys": [{"description": "shapes", "orgRoles": ["ORG_OWNER"]}]}]}
    )["orgs"]
    key = org["apiKeys"][0]
    replay = Replay(server, server.digest(key["publicKey"], key["privateKey"], accept=None))
    replay.ids.update({RECORDED_ORG_PLACEHOLDER: org["id"], RECORDED_ADDRESS: OUR_ADDRESS})
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
        if len(recorded) != len(ours):
            problems.append(f"{where}: expected {len(recorded)} items, got {len(ours)}")
        for position, (rec_item, our_item) in enumerate(zip(recorded, ours, strict=False)):
            _compare(replay, key, rec_item, our_item, f"{where}[{position}]", problems)
    else:
        expected = replay.ours(recorded) if isinstance(recorded, str) else recorded
        if ours != expected:
            problems.append(f"{where}: expected {expected!r}, got {ours!r}")


def _replay(server: LocalServer, suite: Suite) -> list[str]:
    server.set_time(suite.started)
    replay = _replay_for(server, suite)
    problems: list[str] = []
    for step, file, sent in suite.steps:
        recording = _recording(suite, step, file)
        if sent == "PROJECT":
            sent = {"name": suite.name, "orgId": RECORDED_ORG_PLACEHOLDER}
        version = VERSION.match(recording.header("Content-Type") or "")
        accept = f"application/vnd.atlas.{version.group(1)}+json" if version else "application/json"
        body = None if sent is None else json.loads(replay.ours(json.dumps(sent)))
        response = replay.client.request(
            recording.method, replay.ours(recording.path), json=body, headers={"Accept": accept}
        )
        where = f"{step or '(test)'}/{file}"
        if recording.method == "POST" and recording.path == "/api/atlas/v2/groups":
            replay.ids[suite.group] = response.json()["id"]  # our project stands in for the recorded one
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            problems.append(f"{where}: status expected {recording.status}, got {response.status_code} {response.text}")
        problems += [f"{where}: {p}" for p in header_problems(recording, response, skip=NOT_REPRODUCED)]
        if recording.body.strip() or response.content:
            found: list[str] = []
            ours = json.loads(response.content)
            if sent is not None and recording.path == "/api/atlas/v2/groups" and "tags" not in recording.json():
                assert ours.pop("tags") == []  # see the module's docstring
            _compare(replay, None, recording.json(), ours, "body", found)
            problems += [f"{where}: {p}" for p in found]
    return problems


@pytest.mark.parametrize("name", list(SUITES))
def test_the_recorded_test_is_reproduced(server: LocalServer, name: str) -> None:
    problems = _replay(server, SUITES[name])
    assert not problems, f"the {name} answers differ from the real cloud's\n  " + "\n  ".join(problems)


def test_every_recorded_answer_is_replayed() -> None:
    """No recorded file of the three suites is left out of the replays."""
    for suite in SUITES.values():
        folder = RECORDINGS / suite.folder
        if not folder.is_dir():
            pytest.skip(f"recordings not found at {folder}")
        recorded = {str(file.relative_to(folder)) for file in folder.rglob("*.snaphost")}
        replayed = {str(Path(step) / file) for step, file, _ in suite.steps}
        assert recorded == replayed, suite.folder


def test_the_skipped_headers_are_only_the_named_ones() -> None:
    settings = _recording(PROJECT_SETTINGS, "Describe", PROJECT_SETTINGS.steps[1][1])
    assert settings.header("Location") == "http://localhost:8080//api/atlas/v1.0"
    ipinfo = _recording(ACCESS_LISTS, "Create_with_CurrentIp", "GET_api_private_ipinfo_1.snaphost")
    assert ipinfo.header("X-Xgen-Up-Proto") == "HTTP/2"
    assert {"location", "x-xgen-up-proto"} == NOT_REPRODUCED


def test_the_comparison_notices_differences(server: LocalServer) -> None:
    """No replay: a recorded answer against changed copies of itself."""
    recorded = _recording(ACCESS_LISTS, "Create_Delete_After", ACCESS_LISTS.steps[5][1]).json()
    same = Replay(server, server.client())

    def problems(ours: Any) -> list[str]:
        found: list[str] = []
        _compare(same, None, recorded, json.loads(same.ours(json.dumps(ours))), "body", found)
        return found

    assert problems(recorded) == []
    changed = json.loads(json.dumps(recorded))
    changed["results"][0]["deleteAfterDate"] = "2026-08-10T03:08:15Z"
    assert problems(changed)
    assert "in this order" in problems({**recorded, "results": [dict(reversed(recorded["results"][0].items()))]})[0]
    without = json.loads(json.dumps(recorded))
    del without["results"][0]["comment"]
    assert problems(without)
