"""The IP access list of a programmatic API key (``/orgs/{orgId}/apiKeys/{apiUserId}/accessList``, 2023-01-01),
and what it does to the key (WIRE.md section 5): a key whose list is not empty works only from the addresses on it.

Shapes as recorded (``reference/recordings/atlasorgapikeyaccesslist``): create answers 200 with the key's whole list,
paginated; an address shows as ``ipAddress`` and as a ``/32`` ``cidrBlock``; ``count`` is 0 (this server does not
count uses). Every test server listens on 127.0.0.1, so "another address" is any list without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
ENTRY_FIELDS = ["cidrBlock", "count", "created", "ipAddress", "links"]
MISSING = "5f0000000000000000000000"


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Lists Home",
                        "projects": [{"name": "Listed"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                        ],
                    },
                    {"name": "Lists Away", "apiKeys": [{"description": "away owner", "orgRoles": ["ORG_OWNER"]}]},
                ]
            }
        )["orgs"]
        self.org_id = home["id"]
        self.group_id = home["projects"][0]["id"]
        self.owner, self.member = (self.login(key) for key in home["apiKeys"])
        self.away = self.login(away["apiKeys"][0])
        self.away_key_id = away["apiKeys"][0]["id"]

    def login(self, key: dict[str, Any]) -> httpx.Client:
        return self.server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)

    def key(self, roles: list[str] | None = None) -> dict[str, Any]:
        response = self.owner.post(
            f"/api/atlas/v2/orgs/{self.org_id}/apiKeys", json={"desc": "listed", "roles": roles or ["ORG_READ_ONLY"]}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def entries(self, key_id: str) -> str:
        return f"/api/atlas/v2/orgs/{self.org_id}/apiKeys/{key_id}/accessList"

    def add(self, key_id: str, *items: dict[str, str]) -> httpx.Response:
        return self.owner.post(self.entries(key_id), json=list(items))

    def listed(self, key_id: str) -> list[dict[str, Any]]:
        response = self.owner.get(self.entries(key_id))
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def events(self, public_key: str) -> list[tuple[str, str | None]]:
        response = self.owner.get(f"/api/atlas/v2/orgs/{self.org_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        found = [e for e in response.json()["results"] if e.get("targetPublicKey") == public_key]
        return [(e["eventTypeName"], e.get("whitelistEntry")) for e in reversed(found)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("api-key-lists")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_create_answers_the_whole_list(world: World) -> None:
    key = world.key()
    response = world.add(key["id"], {"ipAddress": "192.168.0.229"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    body = response.json()
    base = f"{world.server.base_url}{world.entries(key['id'])}"
    assert body["links"] == [{"href": f"{base}?includeCount=true&pageNum=1&itemsPerPage=100", "rel": "self"}]
    assert body["totalCount"] == 1
    [entry] = body["results"]
    assert list(entry) == ENTRY_FIELDS
    assert (entry["cidrBlock"], entry["count"], entry["ipAddress"]) == ("192.168.0.229/32", 0, "192.168.0.229")
    assert entry["links"] == [{"href": f"{base}/192.168.0.229", "rel": "self"}]
    assert "lastUsed" not in entry
    # A CIDR block and an IPv6 address join it; the answer is the whole list.
    more = world.add(key["id"], {"cidrBlock": "10.0.0.0/24"}, {"ipAddress": "2001:db8::1"}).json()
    assert more["totalCount"] == 3
    by_block = {item["cidrBlock"]: item for item in more["results"]}
    # IPv6 is written out in all eight groups, as the spec's response patterns have it.
    assert set(by_block) == {"192.168.0.229/32", "10.0.0.0/24", "2001:db8:0:0:0:0:0:1/128"}
    assert "ipAddress" not in by_block["10.0.0.0/24"]
    assert by_block["10.0.0.0/24"]["links"] == [{"href": f"{base}/10.0.0.0%2F24", "rel": "self"}]
    assert by_block["2001:db8:0:0:0:0:0:1/128"]["ipAddress"] == "2001:db8:0:0:0:0:0:1"
    assert world.listed(key["id"]) == more["results"]
    assert world.events(key["publicKey"]) == [
        ("API_KEY_CREATED", None),
        ("API_KEY_ACCESS_LIST_ENTRY_ADDED", "192.168.0.229"),
        ("API_KEY_ACCESS_LIST_ENTRY_ADDED", "10.0.0.0/24"),
        ("API_KEY_ACCESS_LIST_ENTRY_ADDED", "2001:db8:0:0:0:0:0:1"),
    ]


def test_one_entry_by_address_or_escaped_cidr(world: World) -> None:
    key = world.key()
    listed = world.add(key["id"], {"ipAddress": "192.0.2.7"}, {"cidrBlock": "198.51.100.0/24"}).json()["results"]
    by_block = {item["cidrBlock"]: item for item in listed}
    path = world.entries(key["id"])
    single = world.owner.get(f"{path}/192.0.2.7")
    assert single.status_code == 200, single.text
    assert single.headers["content-type"] == CONTENT_TYPE
    assert single.json() == by_block["192.0.2.7/32"]
    for spelling in ("198.51.100.0%2F24", "198.51.100.0%2f24", "198.51.100.0/24"):
        found = world.owner.get(f"{path}/{spelling}")
        assert found.status_code == 200, (spelling, found.text)
        assert found.json() == by_block["198.51.100.0/24"]
    assert world.owner.get(f"{path}/192.0.2.7%2F32").json() == by_block["192.0.2.7/32"]
    body = expect_error(world.owner.get(f"{path}/203.0.113.9"), 404, "ACCESS_LIST_ENTRY_NOT_FOUND")
    assert body["detail"] == f"No access list entry 203.0.113.9 exists for {key['id']}."
    expect_error(world.owner.get(f"{path}/not-an-address"), 400, "INVALID_PATH_PARAMETER")
    expect_error(world.owner.get(f"{path}/10.0.0.0%2F99"), 400, "INVALID_PATH_PARAMETER")


def test_delete_an_entry(world: World) -> None:
    key = world.key()
    world.add(key["id"], {"ipAddress": "192.0.2.8"}, {"cidrBlock": "198.51.100.0/24"})
    path = world.entries(key["id"])
    response = world.owner.delete(f"{path}/198.51.100.0%2F24")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    assert [item["cidrBlock"] for item in world.listed(key["id"])] == ["192.0.2.8/32"]
    assert world.owner.delete(f"{path}/192.0.2.8").status_code == 204
    assert world.listed(key["id"]) == []
    expect_error(world.owner.delete(f"{path}/192.0.2.8"), 404, "ACCESS_LIST_ENTRY_NOT_FOUND")
    expect_error(world.owner.delete(f"{path}/nope"), 400, "INVALID_PATH_PARAMETER")
    assert world.events(key["publicKey"])[-2:] == [
        ("API_KEY_ACCESS_LIST_ENTRY_DELETED", "198.51.100.0/24"),
        ("API_KEY_ACCESS_LIST_ENTRY_DELETED", "192.0.2.8"),
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"ipAddress": "10.0.0.1"}, "INVALID_JSON"),
        ([], "MISSING_ATTRIBUTE"),
        ([{}], "MISSING_ATTRIBUTE"),
        ([{"ipAddress": "300.1.1.1"}], "INVALID_JSON_ATTRIBUTE"),
        ([{"ipAddress": "10.0.0.0/24"}], "INVALID_JSON_ATTRIBUTE"),
        ([{"ipAddress": "example.com"}], "INVALID_JSON_ATTRIBUTE"),
        ([{"cidrBlock": "10.0.0.1"}], "INVALID_JSON_ATTRIBUTE"),
        ([{"cidrBlock": "10.0.0.0/33"}], "INVALID_JSON_ATTRIBUTE"),
        ([{"ipAddress": 10}], "INVALID_JSON_ATTRIBUTE"),
        ([{"ipAddress": "10.0.0.1", "cidrBlock": "10.0.0.0/24"}], "INVALID_ATTRIBUTE"),
        ([{"ipAddress": "10.0.0.1", "comment": "x"}], "INVALID_ATTRIBUTE"),
        (["10.0.0.1"], "INVALID_JSON"),
    ],
)
def test_bad_bodies_are_400_and_change_nothing(world: World, body: Any, code: str) -> None:
    key = world.key()
    response = world.owner.post(world.entries(key["id"]), json=body)
    answer = expect_error(response, 400, code)
    if code == "INVALID_JSON_ATTRIBUTE":
        assert answer["badRequestDetail"]["fields"][0]["field"] in ("0.ipAddress", "0.cidrBlock")
    assert world.listed(key["id"]) == []


def test_an_entry_already_on_the_list_is_409_and_nothing_of_the_request_stays(world: World) -> None:
    key = world.key()
    first = world.add(key["id"], {"ipAddress": "192.0.2.9"}).json()["results"]
    again = world.add(key["id"], {"ipAddress": "192.0.2.10"}, {"cidrBlock": "192.0.2.9/32"})
    body = expect_error(again, 409, "ACCESS_LIST_ENTRY_ALREADY_EXISTS")
    assert body["detail"] == f"The access list entry 192.0.2.9 already exists for {key['id']}."
    assert world.listed(key["id"]) == first
    # The same entry twice in one request is one entry; a block is kept in canonical form.
    both = world.add(key["id"], {"cidrBlock": "203.0.113.77/24"}, {"cidrBlock": "203.0.113.0/24"})
    assert both.status_code == 200, both.text
    assert [item["cidrBlock"] for item in both.json()["results"]].count("203.0.113.0/24") == 1


def test_the_list_is_paginated(world: World) -> None:
    key = world.key()
    world.add(key["id"], *({"ipAddress": f"192.0.2.{n}"} for n in range(20, 25)))
    page = world.owner.get(world.entries(key["id"]), params={"itemsPerPage": 2, "pageNum": 3}).json()
    assert page["totalCount"] == 5
    assert len(page["results"]) == 1
    expect_error(world.owner.get(world.entries(key["id"]), params={"itemsPerPage": 0}), 400, "INVALID_QUERY_PARAMETER")


def test_unknown_foreign_and_malformed_keys(world: World) -> None:
    entry = [{"ipAddress": "192.0.2.1"}]
    for key_id in (MISSING, world.away_key_id):
        expect_error(world.owner.get(world.entries(key_id)), 400, "API_KEY_NOT_FOUND")
        expect_error(world.owner.post(world.entries(key_id), json=entry), 400, "API_KEY_NOT_FOUND")
        expect_error(world.owner.get(f"{world.entries(key_id)}/192.0.2.1"), 400, "API_KEY_NOT_FOUND")
        expect_error(world.owner.delete(f"{world.entries(key_id)}/192.0.2.1"), 400, "API_KEY_NOT_FOUND")
    expect_error(world.owner.get(world.entries("nope")), 400, "INVALID_PATH_PARAMETER")


def test_who_may_read_and_who_may_change(world: World) -> None:
    key = world.key()
    world.add(key["id"], {"ipAddress": "192.0.2.30"})
    path = world.entries(key["id"])
    assert world.member.get(path).status_code == 200
    assert world.member.get(f"{path}/192.0.2.30").status_code == 200
    expect_error(world.member.post(path, json=[{"ipAddress": "192.0.2.31"}]), 401, "USER_UNAUTHORIZED")
    expect_error(world.member.delete(f"{path}/192.0.2.30"), 401, "USER_UNAUTHORIZED")
    expect_error(world.away.get(path), 401, "USER_CANNOT_ACCESS_ORG")
    assert [item["ipAddress"] for item in world.listed(key["id"])] == ["192.0.2.30"]


def test_the_list_decides_where_the_key_works(world: World) -> None:
    """WIRE.md section 5, end to end through this API: an entry that excludes 127.0.0.1 locks the key out (403);
    adding 127.0.0.1 lets it in; with the list empty again it works from anywhere."""
    key = world.key()
    client = world.login(key)
    org = f"/api/atlas/v2/orgs/{world.org_id}"
    assert client.get(org).status_code == 200
    assert world.add(key["id"], {"ipAddress": "10.1.2.3"}).status_code == 200
    body = expect_error(client.get(org), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST")
    assert body["detail"] == "IP address 127.0.0.1 is not allowed to access this resource."
    assert world.add(key["id"], {"ipAddress": "127.0.0.1"}).status_code == 200
    assert client.get(org).status_code == 200
    assert world.owner.delete(f"{world.entries(key['id'])}/127.0.0.1").status_code == 204
    expect_error(client.get(org), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST")
    assert world.add(key["id"], {"cidrBlock": "127.0.0.0/8"}).status_code == 200
    assert client.get(org).status_code == 200
    for entry in ("10.1.2.3", "127.0.0.0%2F8"):
        assert world.owner.delete(f"{world.entries(key['id'])}/{entry}").status_code == 204
    assert world.listed(key["id"]) == []
    assert client.get(org).status_code == 200


def test_a_key_manages_its_own_list_from_an_allowed_address(world: World) -> None:
    key = world.key(["ORG_OWNER"])
    client = world.login(key)
    path = world.entries(key["id"])
    assert client.post(path, json=[{"ipAddress": "127.0.0.1"}, {"ipAddress": "10.1.2.4"}]).status_code == 200
    assert client.delete(f"{path}/10.1.2.4").status_code == 204
    assert [item["ipAddress"] for item in client.get(path).json()["results"]] == ["127.0.0.1"]
