"""Programmatic API keys answer as the real MongoDB Cloud recorded (``../shared/reference/recordings``:
``atlasorgapikeyaccesslist``, ``atlasorgapikeys``, ``atlasprojectapikeys``).

The three recorded tests ran one after the other in one organization, so we build that organization once: its
projects, and the keys the recorded lists show (descriptions and roles as recorded; the caller is the recorded
``GH Actions Snapshots`` organization owner). Then each recorded step is replayed, in the recorded order, at the
recorded time (``Date``), with the request body the real CLI's test sent (its arguments show in the answers), and we
compare the status, the contract headers and the body: keys in order at every level, JSON types, and values once our
ids, base URL and address stand in for the recorded ones.

Compared by form, not value, because they are random: ``publicKey`` (8 lower-case letters), ``privateKey`` (a UUID
form when just created, else ``********-****-****-`` and twelve hex digits). Named exceptions:
- ``roles`` are compared as a multiset: the real cloud's order is not stable (the recorded ``List`` and
  ``List_Compact`` answers list the same key's roles in different orders);
- the caller's key is made by the local fixtures, whose stored mask keeps four characters: its masked key ends
  ``********`` and four hex digits (``CALLER_MASK``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from snaphost import Recording
from test_orgs_projects_shapes import RECORDED_BASE, _recording, header_problems
from test_recordings import RECORDED_ORG_PLACEHOLDER, V2_ACCEPT

from support.server import LocalServer

ORG_KEYS = "atlasorgapikeys/TestAtlasOrgAPIKeys"
PROJECT_KEYS = "atlasprojectapikeys/TestAtlasProjectAPIKeys"
ACCESS_LIST = "atlasorgapikeyaccesslist/TestAtlasOrgAPIKeyAccessList"
ORG_PATH = f"api_atlas_v2_orgs_{RECORDED_ORG_PLACEHOLDER}_apiKeys"
RECORDED_PROJECT = "b0123456789abcdef012345b"
PROJECT_PATH = f"api_atlas_v2_groups_{RECORDED_PROJECT}_apiKeys"
RECORDED_ADDRESS = "52.190.182.226"  # the recording machine's address; ours is 127.0.0.1
CALLER = "GH Actions Snapshots"

ORG_KEY = "6a793f752c88faeba59bba49"
PROJECT_KEY = "6a793fbd2c88faeba59bd3b1"
HELPER_KEY = "6a793f5d2c88faeba59ba528"

PUBLIC_KEY = re.compile(r"^[a-z]{8}$")
PRIVATE_KEY = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MASKED = re.compile(r"^\*{8}-\*{4}-\*{4}-[0-9a-f]{12}$")
CALLER_MASK = re.compile(r"^\*{8}-\*{4}-\*{4}-\*{8}[0-9a-f]{4}$")
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _seconds(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Built:
    server: LocalServer
    client: httpx.Client
    ids: dict[str, str]  # recorded id (or address) -> ours
    caller_id: str
    problems: list[str] = field(default_factory=list)

    def ours(self, text: str) -> str:
        text = text.replace(RECORDED_BASE, self.server.base_url)
        for recorded, mine in self.ids.items():
            text = text.replace(recorded, mine)
        return text


def _listed_keys() -> list[dict[str, Any]]:
    return list(_recording(f"{ORG_KEYS}/List", f"GET_{ORG_PATH}_1.snaphost").json()["results"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The recorded organization: every project the recorded keys hold roles in, the caller (a fixture key) and the
    other keys of the recorded list, made through the API before the first recorded step."""
    helper = _recording(ACCESS_LIST, f"POST_{ORG_PATH}_1.snaphost")
    listed = _listed_keys()
    projects = sorted({role["groupId"] for key in listed for role in key["roles"] if "groupId" in role})
    caller = next(key for key in listed if key["desc"] == CALLER)
    server = LocalServer(Path(tmp_path_factory.mktemp("api-keys-shapes")) / "data").start()
    server.set_time(_iso(helper.date - 60))
    org = server.fixtures(
        {
            "orgs": [
                {
                    "name": "Atlas CLI E2E",
                    "projects": [{"name": f"project {recorded}"} for recorded in projects],
                    "apiKeys": [
                        {
                            "description": CALLER,
                            "orgRoles": [r["roleName"] for r in caller["roles"] if "orgId" in r],
                            "projectRoles": {
                                f"project {r['groupId']}": [r["roleName"]] for r in caller["roles"] if "groupId" in r
                            },
                        }
                    ],
                }
            ]
        }
    )["orgs"][0]
    ids = {RECORDED_ORG_PLACEHOLDER: org["id"], RECORDED_ADDRESS: "127.0.0.1"}
    ids.update({p["name"].removeprefix("project "): p["id"] for p in org["projects"]})
    key = org["apiKeys"][0]
    client = server.digest(key["publicKey"], key["privateKey"], accept=V2_ACCEPT)
    ids[caller["id"]] = key["id"]
    done = Built(server, client, ids, key["id"])
    for recorded in listed:
        if recorded["desc"] in (CALLER, "e2e-test-atlas-org"):  # the caller, and the key the Create step makes
            continue
        ids[recorded["id"]] = _make(done, recorded)
    yield done
    server.stop()


def _make(built: Built, recorded: dict[str, Any]) -> str:
    """A key with the recorded description and roles, made through the API as the real ones were; its id."""
    org_roles = [r["roleName"] for r in recorded["roles"] if "orgId" in r]
    response = built.client.post(
        f"/api/atlas/v2/orgs/{built.ids[RECORDED_ORG_PLACEHOLDER]}/apiKeys",
        json={"desc": recorded["desc"], "roles": org_roles},
    )
    assert response.status_code == 200, response.text
    key_id = str(response.json()["id"])
    by_project: dict[str, list[str]] = {}
    for role in recorded["roles"]:
        if "groupId" in role:
            by_project.setdefault(role["groupId"], []).append(role["roleName"])
    for group_id, roles in by_project.items():
        path = f"/api/atlas/v2/groups/{built.ids[group_id]}/apiKeys/{key_id}"
        added = built.client.post(path, json=[{"roles": roles}])
        assert added.status_code == 204, added.text
    return key_id


# --- comparing ----------------------------------------------------------------------------------------------------


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
    if key == "roles":
        expected = Counter(built.ours(json.dumps(role, sort_keys=True)) for role in recorded)
        got = Counter(json.dumps(role, sort_keys=True) for role in ours)
        if expected != got:
            problems.append(f"{where}: expected the roles {sorted(expected)} (any order), got {ours!r}")
        return
    if isinstance(recorded, list):
        if len(recorded) != len(ours):
            problems.append(f"{where}: expected {len(recorded)} items, got {len(ours)}")
        for position, (rec_item, our_item) in enumerate(zip(recorded, ours, strict=False)):
            _compare(built, key, rec_item, our_item, f"{where}[{position}]", problems)
        return
    if key == "publicKey":
        if not PUBLIC_KEY.fullmatch(ours):
            problems.append(f"{where}: expected 8 lower-case letters, got {ours!r}")
        return
    if key == "privateKey":
        form = PRIVATE_KEY if not recorded.startswith("*") else MASKED
        if not form.fullmatch(ours) and not (form is MASKED and CALLER_MASK.fullmatch(ours)):
            problems.append(f"{where}: expected the form of {recorded!r}, got {ours!r}")
        return
    if key == "created":
        if not ISO_SECOND.fullmatch(ours) or not 0 <= _seconds(ours) - _seconds(recorded) <= 1:
            problems.append(f"{where}: expected {recorded} (the recorded time, clock replayed), got {ours!r}")
        return
    expected_value = built.ours(recorded) if isinstance(recorded, str) else recorded
    if ours != expected_value:
        problems.append(f"{where}: expected {expected_value!r}, got {ours!r}")


def _matching(built: Built, recorded: list[dict[str, Any]], ours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our list items in the recorded list's order, matched by description and roles (public keys are random, so
    our order differs): the order itself is checked apart, by public key."""

    def identity(item: dict[str, Any], mapped: bool) -> tuple[str, str]:
        roles = [json.dumps(role, sort_keys=True) for role in item["roles"]]
        return item["desc"], json.dumps(sorted(built.ours(r) if mapped else r for r in roles))

    by_identity = {identity(item, False): item for item in ours}
    return [by_identity.get(identity(item, True), {}) for item in recorded]


def _replay(
    built: Built, folder: str, file: str, method: str, body: Any = None, *, creates: str | None = None
) -> httpx.Response:
    """Send the recorded request at the recorded time and compare our answer; the problems go to ``built``.
    ``creates``: the recorded id of the key the request makes, which ours stands in for from now on."""
    recording = _recording(folder, file)
    where = f"{folder.rsplit('/', 1)[-1]}/{file}"
    built.server.set_time(_iso(recording.date))
    sent = None if body is None else json.loads(built.ours(json.dumps(body)))
    response = built.client.request(method, built.ours(recording.path), json=sent)
    if creates is not None and response.status_code == 200:
        built.ids[creates] = response.json()["id"]
    problems: list[str] = []
    if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
        problems.append(f"status: expected {recording.status} {recording.reason}, got {response.status_code}")
    problems += header_problems(recording, response)
    if recording.body:
        _compare_body(built, recording, response, problems)
    elif response.content:
        problems.append(f"body: expected none, got {response.text!r}")
    built.problems += [f"{where}: {problem}" for problem in problems]
    return response


def _compare_body(built: Built, recording: Recording, response: httpx.Response, problems: list[str]) -> None:
    ours, recorded = json.loads(response.content), recording.json()
    if json.dumps(ours, separators=(",", ":"), ensure_ascii=False) != response.text:
        problems.append("body: not compact JSON")
    if (
        isinstance(recorded, dict)
        and "results" in recorded
        and recorded["results"]
        and "desc" in recorded["results"][0]
    ):
        keys = [item["publicKey"] for item in ours.get("results", [])]
        if keys != sorted(keys):
            problems.append("body.results: not in public-key order (the recorded order)")
        ours = {**ours, "results": _matching(built, recorded["results"], ours.get("results", []))}
    _compare(built, None, recorded, ours, "body", problems)


def _report(built: Built, what: str) -> None:
    problems, built.problems = built.problems, []
    assert not problems, f"{what} differ from the real cloud's answers\n  " + "\n  ".join(problems)


# --- the recorded tests, in the order they ran --------------------------------------------------------------------


def test_access_list_steps_are_reproduced(built: Built) -> None:
    entries = f"{ORG_PATH}_{HELPER_KEY}_accessList"
    helper = {"desc": "e2e-test-helper", "roles": ["ORG_READ_ONLY"]}
    _replay(built, ACCESS_LIST, f"POST_{ORG_PATH}_1.snaphost", "POST", helper, creates=HELPER_KEY)
    _replay(built, f"{ACCESS_LIST}/Create", f"POST_{entries}_1.snaphost", "POST", [{"ipAddress": "192.168.0.229"}])
    _replay(built, f"{ACCESS_LIST}/List", f"GET_{entries}_1.snaphost", "GET")
    _replay(built, f"{ACCESS_LIST}/Delete", f"DELETE_{entries}_192.168.0.229_1.snaphost", "DELETE")
    # The real CLI asks for the caller's address, then adds it.
    address = built.client.get("/api/private/ipinfo").json()["currentIpv4Address"]
    assert address == built.ids[RECORDED_ADDRESS]
    current = [{"ipAddress": RECORDED_ADDRESS}]
    _replay(built, f"{ACCESS_LIST}/Create_Current_IP", f"POST_{entries}_1.snaphost", "POST", current)
    _replay(built, f"{ACCESS_LIST}/Delete#01", f"DELETE_{entries}_{RECORDED_ADDRESS}_1.snaphost", "DELETE")
    _replay(built, ACCESS_LIST, f"DELETE_{ORG_PATH}_{HELPER_KEY}_1.snaphost", "DELETE")
    _report(built, "the API key access-list steps")


def test_org_key_steps_are_reproduced(built: Built) -> None:
    one = f"{ORG_PATH}_{ORG_KEY}"
    body = {"desc": "e2e-test-atlas-org", "roles": ["ORG_READ_ONLY"]}
    created = _replay(built, f"{ORG_KEYS}/Create", f"POST_{ORG_PATH}_1.snaphost", "POST", body, creates=ORG_KEY)
    private_key = created.json()["privateKey"]
    _replay(built, f"{ORG_KEYS}/List", f"GET_{ORG_PATH}_1.snaphost", "GET")
    _replay(built, f"{ORG_KEYS}/List_Compact", f"GET_{ORG_PATH}_1.snaphost", "GET")
    update = {"desc": "e2e-test-atlas-org-updated", "roles": ["ORG_READ_ONLY"]}
    updated = _replay(built, f"{ORG_KEYS}/Update", f"PATCH_{one}_1.snaphost", "PATCH", update)
    described = _replay(built, f"{ORG_KEYS}/Describe", f"GET_{one}_1.snaphost", "GET")
    for answer in (updated, described):  # masked as recorded: the last twelve characters of the one shown
        assert answer.json()["privateKey"] == "********-****-****-" + private_key[-12:]
    _replay(built, f"{ORG_KEYS}/Delete", f"DELETE_{one}_1.snaphost", "DELETE")
    _report(built, "the organization API key steps")


def test_project_key_steps_are_reproduced(built: Built) -> None:
    one = f"{PROJECT_PATH}_{PROJECT_KEY}"
    body = {"desc": "e2e-test", "roles": ["GROUP_READ_ONLY"]}
    _replay(built, f"{PROJECT_KEYS}/Create", f"POST_{PROJECT_PATH}_1.snaphost", "POST", body, creates=PROJECT_KEY)
    assign = {"roles": ["GROUP_DATA_ACCESS_READ_ONLY"]}
    _replay(built, f"{PROJECT_KEYS}/Assign", f"PATCH_{one}_1.snaphost", "PATCH", assign)
    _replay(built, f"{PROJECT_KEYS}/List", f"GET_{PROJECT_PATH}_1.snaphost", "GET")
    _replay(built, f"{PROJECT_KEYS}/List_Compact", f"GET_{PROJECT_PATH}_1.snaphost", "GET")
    _replay(built, f"{PROJECT_KEYS}/Delete", f"DELETE_{one}_1.snaphost", "DELETE")
    _replay(built, PROJECT_KEYS, f"DELETE_{ORG_PATH}_{PROJECT_KEY}_1.snaphost", "DELETE")
    _report(built, "the project API key steps")


def test_the_recorded_lists_are_in_public_key_order() -> None:
    """What the order rule rests on: both recorded lists are sorted by public key (their ids are not)."""
    for folder, path in ((f"{ORG_KEYS}/List", ORG_PATH), (f"{PROJECT_KEYS}/List", PROJECT_PATH)):
        results = _recording(folder, f"GET_{path}_1.snaphost").json()["results"]
        keys = [item["publicKey"] for item in results]
        assert keys == sorted(keys)
        ids = [item["id"] for item in results]
        assert ids != sorted(ids)


def test_the_comparison_notices_differences() -> None:
    """No server: the recorded Describe against changed copies of itself."""
    recorded = _recording(f"{ORG_KEYS}/Describe", f"GET_{ORG_PATH}_{ORG_KEY}_1.snaphost").json()
    same = Built(server=None, client=None, ids={}, caller_id="")  # type: ignore[arg-type]
    same.ours = lambda text: text  # type: ignore[method-assign]

    def problems(ours: Any) -> list[str]:
        found: list[str] = []
        _compare(same, None, recorded, ours, "body", found)
        return found

    assert problems(json.loads(json.dumps(recorded))) == []
    assert problems({**recorded, "roles": list(reversed(recorded["roles"]))}) == []
    assert "in this order" in problems(dict(reversed(list(recorded.items()))))[0]
    assert "form" in problems({**recorded, "privateKey": "c8150efd-c7a0-4afd-8c4f-01bdd56c8977"})[0]
    assert "lower-case" in problems({**recorded, "publicKey": "GSWVKOCQ"})[0]
    assert "roles" in problems({**recorded, "roles": [{**recorded["roles"][0], "roleName": "ORG_OWNER"}]})[0]
    assert "expected 'e2e-test-atlas-org-updated'" in problems({**recorded, "desc": "other"})[0]
