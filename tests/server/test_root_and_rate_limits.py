"""The root (``getSystemStatus``, ``listControlPlaneIpAddresses``), ``listEventTypes`` and the rate-limit API
(``listRateLimits``, ``getRateLimit``), docs/limits-and-root.md."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from atlas_access.core.event_types import WRITTEN
from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
RATE = "application/vnd.atlas.2025-03-12+json"
SRC = Path(__file__).resolve().parents[2] / "src" / "atlas_access"


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        (org,) = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Root Home",
                        "projects": [{"name": "web"}],
                        "apiKeys": [
                            {
                                "description": "keyed",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"web": ["GROUP_READ_ONLY"]},
                                "accessList": ["127.0.0.1", "10.0.0.0/24"],
                            }
                        ],
                        "serviceAccounts": [{"name": "sa", "orgRoles": ["ORG_READ_ONLY"]}],
                    }
                ]
            }
        )["orgs"]
        self.org_id, self.group_id = org["id"], org["projects"][0]["id"]
        key = org["apiKeys"][0]
        self.key_id, self.public_key = key["id"], key["publicKey"]
        self.key = server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)
        account = org["serviceAccounts"][0]
        self.account = server.bearer(account["clientId"], account["clientSecret"], accept=ACCEPT)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("root")) / "data").start()
    yield World(server)
    server.stop()


def test_status_shows_the_calling_key(world: World) -> None:
    response = world.key.get("/api/atlas/v2")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["appName"] == "MongoDB Atlas" and body["throttling"] is False and len(body["build"]) == 40
    key = body["apiKey"]
    assert key["id"] == world.key_id and key["publicKey"] == world.public_key
    assert key["accessList"] == [
        {"cidrBlock": "10.0.0.0/24", "ipAddress": None},
        {"cidrBlock": "127.0.0.1/32", "ipAddress": "127.0.0.1"},
    ] or key["accessList"] == [
        {"cidrBlock": "127.0.0.1/32", "ipAddress": "127.0.0.1"},
        {"cidrBlock": "10.0.0.0/24", "ipAddress": None},
    ]
    assert {"orgId": world.org_id, "roleName": "ORG_MEMBER"} in key["roles"]
    assert {"groupId": world.group_id, "roleName": "GROUP_READ_ONLY"} in key["roles"]
    assert int(response.headers["ratelimit-limit"]) == 300


def test_status_for_a_service_account_and_without_credentials(world: World) -> None:
    response = world.account.get("/api/atlas/v2")
    assert response.status_code == 200, response.text
    assert response.json()["apiKey"] is None
    anonymous = httpx.get(f"{world.server.base_url}/api/atlas/v2", headers={"Accept": ACCEPT})
    assert anonymous.status_code == 401


def test_control_plane_addresses_need_no_credentials(world: World) -> None:
    url = f"{world.server.base_url}/api/atlas/v2/unauth/controlPlaneIPAddresses"
    response = httpx.get(url, headers={"Accept": "application/vnd.atlas.2023-11-15+json"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.atlas.2023-11-15+json;charset=utf-8"
    empty = {"aws": {}, "azure": {}, "gcp": {}}
    assert response.json() == {"gateways": [], "inbound": empty, "outbound": empty}
    assert response.headers["x-content-type-options"] == "nosniff"
    expect_error(httpx.get(url, headers={"Accept": ACCEPT}), 406, "INVALID_VERSION_DATE")
    enveloped = httpx.get(url, params={"envelope": "true"}, headers={"Accept": "application/vnd.atlas.2023-11-15+json"})
    assert enveloped.json()["status"] == 200


def test_event_types_list_the_spec_and_what_this_server_writes(world: World) -> None:
    first = world.key.get("/api/atlas/v2/eventTypes", params={"itemsPerPage": 500})
    assert first.status_code == 200, first.text
    total = first.json()["totalCount"]
    seen = {item["eventType"]: item for item in first.json()["results"]}
    page = 2
    while len(seen) < total:
        more = world.key.get("/api/atlas/v2/eventTypes", params={"itemsPerPage": 500, "pageNum": page}).json()
        seen |= {item["eventType"]: item for item in more["results"]}
        page += 1
    assert set(WRITTEN) <= set(seen) and total > 900
    assert seen["ORG_INVITATION_DELETED"]["description"] == "Org invitation deleted."
    assert seen["JOINED_GROUP"]["alertable"] in (True, False)
    assert list(seen) == sorted(seen)


def _recorded_literals() -> set[str]:
    """Event types named as literals in ``record`` calls of the source (first three arguments)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if "record" in name or name == "joined":
                    found |= {
                        arg.value
                        for arg in node.args[:3]
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.isupper()
                    }
    return found


def test_every_event_type_the_source_records_is_listed() -> None:
    missing = _recorded_literals() - set(WRITTEN)
    assert not missing, f"add to core/event_types.py WRITTEN: {sorted(missing)}"


def test_rate_limits_describe_the_buckets_enforced(world: World) -> None:
    response = world.key.get("/api/atlas/v2/rateLimits", headers={"Accept": RATE}, params={"itemsPerPage": 500})
    assert response.status_code == 200, response.text
    sets = {item["endpointSetId"]: item for item in response.json()["results"]}
    groups = sets["api.atlas.v2.groups:GROUP"]
    assert groups["capacity"] == {"value": 1200} and groups["refillRate"] == {"value": 500}
    assert groups["refillDurationSeconds"] == {"value": 60} and groups["scope"] == "GROUP"
    assert {"method": "GET", "path": "/api/atlas/v2/groups/{groupId}/limits"} in groups["endpoints"]
    assert sets["api.atlas.v2.orgs:USER"]["capacity"] == {"value": 300}
    one = world.key.get("/api/atlas/v2/rateLimits/api.atlas.v2.groups:GROUP", headers={"Accept": RATE})
    assert one.json() == groups
    # What it says is what the server does: the status answer's bucket has that capacity.
    root = next(item for item in sets.values() if {"method": "GET", "path": "/api/atlas/v2"} in item["endpoints"])
    assert int(world.key.get("/api/atlas/v2").headers["ratelimit-limit"]) == root["capacity"]["value"]
    filtered = world.key.get(
        "/api/atlas/v2/rateLimits", headers={"Accept": RATE}, params={"endpointPath": "/api/atlas/v2/eventTypes"}
    ).json()
    assert [item["endpointSetId"] for item in filtered["results"]] == [root["endpointSetId"]]
    expect_error(
        world.key.get("/api/atlas/v2/rateLimits/nope", headers={"Accept": RATE}), 404, "ENDPOINT_SET_NOT_FOUND"
    )
    bad = world.key.get("/api/atlas/v2/rateLimits", headers={"Accept": RATE}, params={"orgId": "x"})
    expect_error(bad, 400, "INVALID_QUERY_PARAMETER")
    expect_error(world.key.get("/api/atlas/v2/rateLimits"), 406, "INVALID_VERSION_DATE")
