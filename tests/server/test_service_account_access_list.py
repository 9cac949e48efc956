"""A service account's IP access list (Atlas v2, 2024-08-05), under its organization and under a project:
``list/create{Org,Group}ServiceAccountAccessList``, ``delete{Org,Group}ServiceAccountAccessListEntry``.

The spec: the POST body is a bare array of ``{ipAddress}`` or ``{cidrBlock}``, the answer the paginated list; the
DELETE path names an address or a URL-escaped CIDR block. WIRE.md section 5 (real): a non-empty list refuses API
calls from other addresses with 403 ``IP_ADDRESS_NOT_ON_ACCESS_LIST``, while tokens can still be minted anywhere.
Ours: the codes for bad entries (400 ``INVALID_ATTRIBUTE``), an existing entry (409), a bad path (400).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2024-08-05+json"
CONTENT_TYPE = ACCEPT + ";charset=utf-8"
_names = itertools.count()


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Access List Home",
                        "projects": [{"name": "Listed"}],
                        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                    }
                ]
            }
        )["orgs"][0]
        self.org_id, self.group_id = home["id"], home["projects"][0]["id"]
        self.owner = server.digest(home["apiKeys"][0]["publicKey"], home["apiKeys"][0]["privateKey"], accept=ACCEPT)
        self.org_base = f"/api/atlas/v2/orgs/{self.org_id}/serviceAccounts"
        self.group_base = f"/api/atlas/v2/groups/{self.group_id}/serviceAccounts"

    def account(self, roles: list[str] | None = None) -> dict[str, Any]:
        body = {
            "name": f"listed {next(_names)}",
            "description": "d",
            "roles": roles or ["ORG_READ_ONLY"],
            "secretExpiresAfterHours": 24,
        }
        response = self.owner.post(self.org_base, json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def list_path(self, client_id: str, under_project: bool = False) -> str:
        return f"{self.group_base if under_project else self.org_base}/{client_id}/accessList"

    def entries(self, client_id: str) -> list[dict[str, Any]]:
        response = self.owner.get(self.list_path(client_id))
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def events(self, path: str) -> list[str]:
        response = self.owner.get(path, params={"itemsPerPage": 500})
        return [e["eventTypeName"] for e in reversed(response.json()["results"]) if "ACCESS_LIST" in e["eventTypeName"]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("sa-access-list")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def _cidrs(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["cidrBlock"] for entry in entries]


def test_create_adds_entries_and_answers_the_whole_list(world: World) -> None:
    client_id = world.account()["clientId"]
    path = world.list_path(client_id)
    empty = world.owner.get(path)
    assert empty.status_code == 200, empty.text
    assert empty.headers["content-type"] == CONTENT_TYPE
    assert (empty.json()["results"], empty.json()["totalCount"]) == ([], 0)

    response = world.owner.post(path, json=[{"ipAddress": "192.168.0.229"}, {"cidrBlock": "10.20.0.0/16"}])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    body = response.json()
    assert body["totalCount"] == 2
    assert body["links"] == [
        {"href": f"{world.server.base_url}{path}?includeCount=true&pageNum=1&itemsPerPage=100", "rel": "self"}
    ]
    # Oldest first; entries added together by their CIDR text (store.access_lists).
    block, single = body["results"]
    assert sorted(single) == ["cidrBlock", "createdAt", "ipAddress", "requestCount"]
    assert (single["ipAddress"], single["cidrBlock"], single["requestCount"]) == (
        "192.168.0.229",
        "192.168.0.229/32",
        0,
    )
    assert sorted(block) == ["cidrBlock", "createdAt", "requestCount"]
    assert block["cidrBlock"] == "10.20.0.0/16"
    assert world.owner.get(path).json() == body
    # More later: the list grows; host bits of a block are dropped, IPv6 is fine.
    more = world.owner.post(path, json=[{"cidrBlock": "172.16.5.9/12"}, {"ipAddress": "2001:db8::1"}]).json()
    assert sorted(_cidrs(more["results"])) == [
        "10.20.0.0/16",
        "172.16.0.0/12",
        "192.168.0.229/32",
        "2001:db8:0:0:0:0:0:1/128",  # IPv6 in all eight groups, as the spec's response patterns have it
    ]
    assert (
        world.events(f"/api/atlas/v2/orgs/{world.org_id}/events").count("SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED") >= 4
    )


def test_delete_takes_an_address_or_an_escaped_block(world: World) -> None:
    client_id = world.account()["clientId"]
    path = world.list_path(client_id)
    entries = [{"ipAddress": "192.168.0.229"}, {"cidrBlock": "10.0.0.0/24"}, {"cidrBlock": "2001:db8::/32"}]
    world.owner.post(path, json=entries)
    response = world.owner.delete(f"{path}/192.168.0.229")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    assert world.owner.delete(f"{path}/10.0.0.0%2F24").status_code == 204
    assert world.owner.delete(f"{path}/2001:db8::%2f32").status_code == 204
    assert world.entries(client_id) == []
    answer = expect_error(world.owner.delete(f"{path}/192.168.0.229"), 404, "ACCESS_LIST_ENTRY_NOT_FOUND")
    assert answer["parameters"] == ["192.168.0.229", client_id]  # a single host is named by its address
    expect_error(world.owner.delete(f"{path}/not-an-address"), 400, "INVALID_PATH_PARAMETER")
    expect_error(world.owner.delete(f"{path}/10.0.0.0%2F99"), 400, "INVALID_PATH_PARAMETER")


def test_an_entry_already_there_is_a_conflict_and_nothing_is_added(world: World) -> None:
    client_id = world.account()["clientId"]
    path = world.list_path(client_id)
    world.owner.post(path, json=[{"ipAddress": "10.1.1.1"}])
    # The same entry written another way, beside a new one.
    response = world.owner.post(path, json=[{"ipAddress": "10.9.9.9"}, {"cidrBlock": "10.1.1.1/32"}])
    answer = expect_error(response, 409, "ACCESS_LIST_ENTRY_ALREADY_EXISTS")
    assert answer["parameters"] == ["10.1.1.1/32", client_id]
    assert _cidrs(world.entries(client_id)) == ["10.1.1.1/32"]
    # Twice in one request is once.
    twice = world.owner.post(path, json=[{"ipAddress": "10.2.2.2"}, {"ipAddress": "10.2.2.2"}])
    assert twice.status_code == 200, twice.text
    assert _cidrs(twice.json()["results"]) == ["10.1.1.1/32", "10.2.2.2/32"]


BAD_ENTRIES = [
    ([{"ipAddress": "10.0.0.0/24"}], 400, "INVALID_JSON_ATTRIBUTE"),
    ([{"ipAddress": "300.1.1.1"}], 400, "INVALID_JSON_ATTRIBUTE"),
    ([{"cidrBlock": "10.0.0.1"}], 400, "INVALID_JSON_ATTRIBUTE"),
    ([{"cidrBlock": "10.0.0.0/33"}], 400, "INVALID_JSON_ATTRIBUTE"),
    ([{"ipAddress": "10.0.0.1", "cidrBlock": "10.0.0.0/24"}], 400, "INVALID_ATTRIBUTE"),
    ([{}], 400, "MISSING_ATTRIBUTE"),
    ([], 400, "MISSING_ATTRIBUTE"),
    ([{"ipAddress": "10.0.0.1", "comment": "x"}], 400, "INVALID_ATTRIBUTE"),
    ([{"ipAddress": 167772161}], 400, "INVALID_JSON_ATTRIBUTE"),
    ([{"ipAddress": "10.0.0.1"}, {"cidrBlock": "nope"}], 400, "INVALID_JSON_ATTRIBUTE"),
    ({"ipAddress": "10.0.0.1"}, 400, "INVALID_JSON"),
    (["10.0.0.1"], 400, "INVALID_JSON"),
]


@pytest.mark.parametrize(("body", "status", "code"), BAD_ENTRIES, ids=[str(b[0]) for b in BAD_ENTRIES])
def test_bad_entries_are_refused_and_nothing_is_added(world: World, body: Any, status: int, code: str) -> None:
    client_id = world.account()["clientId"]
    answer = expect_error(world.owner.post(world.list_path(client_id), json=body), status, code)
    assert answer["detail"]
    assert world.entries(client_id) == []


def test_a_bad_entry_is_named_with_its_place_in_the_array(world: World) -> None:
    path = world.list_path(world.account()["clientId"])
    body = [{"ipAddress": "10.0.0.1"}, {"cidrBlock": "nope"}]
    answer = expect_error(world.owner.post(path, json=body), 400, "INVALID_JSON_ATTRIBUTE")
    assert answer["parameters"] == ["cidrBlock"]
    assert answer["badRequestDetail"] == {
        "fields": [{"description": "Not a CIDR block: 'nope'.", "field": "1.cidrBlock"}]
    }


def test_the_same_entry_given_both_ways_is_one_entry(world: World) -> None:
    client_id = world.account()["clientId"]
    body = [{"ipAddress": "10.3.3.3", "cidrBlock": "10.3.3.3/32"}]
    response = world.owner.post(world.list_path(client_id), json=body)
    assert response.status_code == 200, response.text
    assert _cidrs(response.json()["results"]) == ["10.3.3.3/32"]


def test_malformed_bodies(world: World) -> None:
    path = world.list_path(world.account()["clientId"])
    expect_error(
        world.owner.post(path, content=b"[", headers={"Content-Type": "application/json"}), 400, "MALFORMED_JSON"
    )
    expect_error(
        world.owner.post(path, content=b"[]", headers={"Content-Type": "text/plain"}), 415, "UNSUPPORTED_MEDIA_TYPE"
    )


def test_the_project_paths_act_on_the_same_list(world: World) -> None:
    account = world.account()
    client_id = account["clientId"]
    invite = f"{world.group_base}/{client_id}:invite"
    assert world.owner.post(invite, json={"roles": ["GROUP_READ_ONLY"]}).status_code == 200
    under_project = world.list_path(client_id, under_project=True)
    response = world.owner.post(under_project, json=[{"cidrBlock": "10.4.0.0/16"}])
    assert response.status_code == 200, response.text
    assert response.json()["links"][0]["href"].startswith(f"{world.server.base_url}{under_project}?")
    assert _cidrs(world.entries(client_id)) == ["10.4.0.0/16"]
    assert _cidrs(world.owner.get(under_project).json()["results"]) == ["10.4.0.0/16"]
    assert world.owner.delete(f"{under_project}/10.4.0.0%2F16").status_code == 204
    assert world.entries(client_id) == []
    assert world.events(f"/api/atlas/v2/groups/{world.group_id}/events")[-2:] == [
        "SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED",
        "SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_DELETED",
    ]
    # An account not assigned to the project has no list there.
    loner = world.account()["clientId"]
    expect_error(world.owner.get(world.list_path(loner, under_project=True)), 404, "SERVICE_ACCOUNT_NOT_FOUND")


def _mint(world: World, client_id: str, secret: str) -> httpx.Response:
    return httpx.post(
        f"{world.server.base_url}/api/oauth/token",
        auth=(client_id, secret),
        data={"grant_type": "client_credentials"},
        trust_env=False,
    )


def test_a_list_without_the_callers_address_refuses_its_api_calls_but_not_its_tokens(world: World) -> None:
    account = world.account(["ORG_READ_ONLY"])
    client_id, secret = account["clientId"], account["secrets"][0]["secret"]
    path = world.list_path(client_id)
    org = f"/api/atlas/v2/orgs/{world.org_id}"
    as_account = world.server.bearer(client_id, secret, accept=ACCEPT)
    assert as_account.get(org).status_code == 200

    world.owner.post(path, json=[{"cidrBlock": "10.0.0.0/8"}])
    refused = as_account.get(org)
    answer = expect_error(refused, 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST")
    assert answer["detail"] == "IP address 127.0.0.1 is not allowed to access this resource."
    minted = _mint(world, client_id, secret)
    assert minted.status_code == 200, minted.text
    fresh = world.server.bearer(token=minted.json()["access_token"], accept=ACCEPT)
    expect_error(fresh.get(f"{world.org_base}/{client_id}"), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST")

    # The caller's address on the list: allowed again; off it again: refused; an empty list allows everyone.
    world.owner.post(path, json=[{"ipAddress": "127.0.0.1"}])
    assert as_account.get(org).status_code == 200
    assert world.owner.delete(f"{path}/127.0.0.1").status_code == 204
    expect_error(as_account.get(org), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST")
    assert world.owner.delete(f"{path}/10.0.0.0%2F8").status_code == 204
    assert as_account.get(org).status_code == 200


def test_an_ipv6_block_of_32_bits_is_a_block_not_an_address(world: World) -> None:
    """A /32 is one host only in IPv4: ``2001:db8::/32`` is a block, shown and linked as one."""
    client_id = world.account()["clientId"]
    path = world.list_path(client_id)
    response = world.owner.post(path, json=[{"cidrBlock": "2001:db8::/32"}])
    assert response.status_code == 200, response.text
    [entry] = response.json()["results"]
    assert entry["cidrBlock"] == "2001:db8:0:0:0:0:0:0/32"
    assert "ipAddress" not in entry
    assert world.owner.delete(f"{path}/2001:db8:0:0:0:0:0:0%2F32").status_code == 204
    assert world.entries(client_id) == []
