"""Organizations and projects answer as the real MongoDB Cloud recorded (``../shared/reference/recordings``,
``atlasorgs`` List and Describe, ``atlasprojects`` List and Describe).

The invitation replay (test_recordings.py) infers request bodies from invitation answers and follows one rate
bucket through a scenario; these recordings are reads over three different buckets, and the project list holds 37
projects of the recording run, so they are compared here instead. We build what the recording shows (the
organization ``Atlas CLI E2E``, projects of the recorded names, the recorded creation time), send the recorded
request, and compare the status, the contract headers, and the body: keys in order at every level, JSON types,
and every value once our ids and base URL stand in for the recorded ones. Values this server has no source for
are compared by type only, each named in ``NO_SOURCE`` with its reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from snaphost import Recording, load
from test_recordings import NOT_CONTRACT, RECORDED_ORG_PLACEHOLDER, RECORDINGS, TLS_ONLY, TRANSPORT, V2_ACCEPT

from support.server import LocalServer

RECORDED_BASE = "http://localhost:8080"
ORG_NAME = "Atlas CLI E2E"
ORG_LIST = ("atlasorgs/TestAtlasOrgs/List", "GET_api_atlas_v2_orgs_1.snaphost")
ORG_DESCRIBE = ("atlasorgs/TestAtlasOrgs/Describe", "GET_api_atlas_v2_orgs_a0123456789abcdef012345a_1.snaphost")
PROJECT_LIST = ("atlasprojects/TestAtlasProjects/List", "GET_api_atlas_v2_groups_1.snaphost")
PROJECT_DESCRIBE = (
    "atlasprojects/TestAtlasProjects/Describe",
    "GET_api_atlas_v2_groups_6a793feb2c88faeba59bd8f6_1.snaphost",
)
# Recorded values without a source in this server: compared by JSON type only.
NO_SOURCE = {
    "clusterCount": "this server hosts no clusters: always 0",
    "tags": "the listed projects' tags were set by other tests of the recording run; ours are made without tags "
    "(stored tags are compared in test_projects_write_shapes.py)",
}
# ``created``: the recorded list's projects were made at many times by other tests, so only the format is
# compared there; the described project is made here at its recorded time.
CREATED = "created"
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _seconds(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def _recording(folder: str, name: str) -> Recording:
    path = RECORDINGS / folder / name
    if not path.is_file():
        pytest.skip(f"recording not found at {path}; set ATLAS_RECORDINGS to the recordings folder")
    return load(path)


@dataclass
class Built:
    server: LocalServer
    ids: dict[str, str]  # recorded id -> ours
    key: dict[str, str]  # the organization owner's API key

    def client(self) -> httpx.Client:
        return self.server.digest(self.key["publicKey"], self.key["privateKey"], accept=V2_ACCEPT)

    def ours(self, text: str) -> str:
        """A recorded string with our base URL and ids in place of the recorded ones."""
        text = text.replace(RECORDED_BASE, self.server.base_url)
        for recorded, mine in self.ids.items():
            text = text.replace(recorded, mine)
        return text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The recorded organization with every project of the recorded list, made at the described project's time."""
    listed = _recording(*PROJECT_LIST).json()["results"]
    described = _recording(*PROJECT_DESCRIBE).json()
    server = LocalServer(Path(tmp_path_factory.mktemp("orgs-projects-shapes")) / "data").start()
    server.set_time(described["created"])
    org = server.fixtures(
        {
            "orgs": [
                {
                    "name": ORG_NAME,
                    "projects": [{"name": project["name"]} for project in listed],
                    "apiKeys": [{"description": "shapes", "orgRoles": ["ORG_OWNER"]}],
                }
            ]
        }
    )["orgs"][0]
    ids = {RECORDED_ORG_PLACEHOLDER: org["id"]}
    ours_by_name = {project["name"]: project["id"] for project in org["projects"]}
    ids.update({project["id"]: ours_by_name[project["name"]] for project in listed})
    yield Built(server, ids, org["apiKeys"][0])
    server.stop()


def _compare(built: Built, key: str | None, recorded: Any, ours: Any, where: str, problems: list[str]) -> None:
    if type(recorded) is not type(ours):
        problems.append(f"{where}: expected a {type(recorded).__name__}, got {ours!r}")
        return
    if isinstance(recorded, dict):
        if list(recorded) != list(ours):
            problems.append(f"{where}: keys expected {list(recorded)} (in this order), got {list(ours)}")
        for name in recorded:
            if name in ours:
                _compare(built, name, recorded[name], ours[name], f"{where}.{name}", problems)
        return
    if key in NO_SOURCE:
        return
    if isinstance(recorded, list):
        if len(recorded) != len(ours):
            problems.append(f"{where}: expected {len(recorded)} items, got {len(ours)}")
        for position, (rec_item, our_item) in enumerate(zip(recorded, ours, strict=False)):
            _compare(built, key, rec_item, our_item, f"{where}[{position}]", problems)
        return
    if key == CREATED:
        if not ISO_SECOND.fullmatch(ours):
            problems.append(f"{where}: expected YYYY-MM-DDTHH:MM:SSZ, got {ours!r}")
        elif not where.startswith("body.results") and not 0 <= _seconds(ours) - _seconds(recorded) <= 1:
            # The described project: made at the recorded time (the clock runs on: a second may pass).
            problems.append(f"{where}: expected {recorded} (the recorded time, clock replayed), got {ours!r}")
        return
    expected = built.ours(recorded) if isinstance(recorded, str) else recorded
    if ours != expected:
        problems.append(f"{where}: expected {expected!r}, got {ours!r}")


def header_problems(recording: Recording, response: httpx.Response, skip: frozenset[str] = frozenset()) -> list[str]:
    """The recorded headers of the contract that our answer lacks or differs in (``skip``: lower-case names left
    out on purpose)."""
    problems: list[str] = []
    for name, value in recording.headers:
        lower = name.lower()
        if NOT_CONTRACT.match(lower) or lower in TLS_ONLY or lower in TRANSPORT or lower in skip:
            continue
        ours = response.headers.get(lower)
        if lower == "ratelimit-remaining":
            # The recorded buckets had served other tests' requests; ours must count down from the same limit.
            limit = int(recording.header("Ratelimit-Limit") or "")
            if ours is None or not ours.isdigit() or int(ours) >= limit:
                problems.append(f"header {name}: expected a count below {limit}, got {ours!r}")
        elif ours != value:
            problems.append(f"header {name}: expected {value!r}, got {ours!r}")
    return problems


def _differences(built: Built, recording: Recording) -> list[str]:
    response = built.client().request(recording.method, built.ours(recording.path))
    problems: list[str] = []
    if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
        problems.append(f"status: expected {recording.status} {recording.reason}, got {response.status_code}")
    problems += header_problems(recording, response)
    body = json.loads(response.content)
    if json.dumps(body, separators=(",", ":"), ensure_ascii=False) != response.text:
        problems.append("body: not compact JSON")
    _compare(built, None, recording.json(), body, "body", problems)
    return problems


@pytest.mark.parametrize(
    "where",
    [ORG_LIST, ORG_DESCRIBE, PROJECT_LIST, PROJECT_DESCRIBE],
    ids=["orgs-List", "orgs-Describe", "projects-List", "projects-Describe"],
)
def test_read_reproduces_recording(built: Built, where: tuple[str, str]) -> None:
    recording = _recording(*where)
    problems = _differences(built, recording)
    assert not problems, f"{where[0]}/{where[1]} differs from the real cloud's answer\n  " + "\n  ".join(problems)


def test_the_project_list_order_is_the_recorded_one(built: Built) -> None:
    """Code-point order of the names (upper case first), as recorded; checked apart so that a failure says so."""
    names = [project["name"] for project in _recording(*PROJECT_LIST).json()["results"]]
    assert names == sorted(names)
    response = built.client().get("/api/atlas/v2/groups")
    assert [project["name"] for project in response.json()["results"]] == names


def test_no_source_values_are_the_real_defaults(built: Built) -> None:
    """What we answer where the recording's value has no source here."""
    listed = built.client().get("/api/atlas/v2/groups").json()["results"]
    assert {(p["clusterCount"], json.dumps(p["tags"]), p["withDefaultAlertsSettings"]) for p in listed} == {
        (0, "[]", True)
    }
    assert all("regionUsageRestrictions" not in p for p in listed)


def test_the_comparison_notices_differences() -> None:
    """No server: the recorded Describe against changed copies of itself."""
    recorded = _recording(*ORG_DESCRIBE).json()
    same = Built(server=None, ids={}, key={})  # type: ignore[arg-type]
    same.ours = lambda text: text  # type: ignore[method-assign]

    def problems(ours: Any) -> list[str]:
        found: list[str] = []
        _compare(same, None, recorded, ours, "body", found)
        return found

    assert problems(json.loads(json.dumps(recorded))) == []
    assert "in this order" in problems(dict(reversed(list(recorded.items()))))[0]
    assert "expected 'Atlas CLI E2E'" in problems({**recorded, "name": "Other"})[0]
    assert "expected a bool" in problems({**recorded, "isDeleted": "false"})[0]
    assert "expected 4 items" in problems({**recorded, "links": recorded["links"][:1]})[0]
