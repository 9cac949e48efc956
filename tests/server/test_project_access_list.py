"""A project's IP access list (``/groups/{groupId}/accessList``, 2023-01-01): ``createGroupAccessListEntry``,
``listGroupAccessListEntries``, ``getGroupAccessListEntry``, ``getGroupAccessListStatus``,
``deleteGroupAccessListEntry``.

As recorded (``reference/recordings/accesslists``): create answers 201 with the project's whole list, paginated;
an address shows as ``ipAddress`` and as its ``/32`` ``cidrBlock``; an entry links to itself by its block with the
slash escaped. Errors carry MongoDB's published codes (docs/network-access.md). Temporary entries end on the server
clock, which these tests move. Each test works in a project of its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.project_world import ProjectWorld
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
OTHER_GROUP = "5f0000000000000000000000"
_names = itertools.count()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class World(ProjectWorld):
    """One organization: an owner key, a read-only member of its project, a network access manager."""

    def __init__(self, server: LocalServer) -> None:
        super().__init__(
            server,
            org="Network Home",
            project="Network roles",
            project_keys={"reader": ["GROUP_READ_ONLY"], "network": ["GROUP_NETWORK_ACCESS_MANAGER"]},
            accept=ACCEPT,
            prefix="net",
        )
        self.reader, self.network = self.keys["reader"], self.keys["network"]

    def now(self) -> datetime:
        response = self.server.admin().get("/api/local/v1/clock")
        assert response.status_code == 200, response.text
        return datetime.fromisoformat(response.json()["now"].replace("Z", "+00:00")).astimezone(UTC)

    def add(self, group_id: str, *items: dict[str, Any], client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.owner).post(path(group_id), json=list(items))

    def added(self, group_id: str, *items: dict[str, Any]) -> dict[str, Any]:
        response = self.add(group_id, *items)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def listed(self, group_id: str) -> list[dict[str, Any]]:
        response = self.owner.get(path(group_id), params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def events(self, group_id: str) -> list[dict[str, Any]]:
        """The project's access-list events, oldest first."""
        response = self.owner.get(f"/api/atlas/v2/groups/{group_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        found = [e for e in response.json()["results"] if e["eventTypeName"].startswith("NETWORK_PERMISSION")]
        return list(reversed(found))

    def event_names(self, group_id: str) -> list[tuple[str, str]]:
        return [(e["eventTypeName"], e["whitelistEntry"]) for e in self.events(group_id)]


def path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/accessList"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("network")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- create, read ---------------------------------------------------------------------------------------------------


def test_create_answers_201_with_the_whole_list_as_recorded(world: World) -> None:
    group = world.project()
    response = world.add(group, {"ipAddress": "192.168.0.243", "comment": "test"})
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    base = f"{world.server.base_url}{path(group)}"
    entry = {
        "cidrBlock": "192.168.0.243/32",
        "comment": "test",
        "groupId": group,
        "ipAddress": "192.168.0.243",
        "links": [{"href": f"{base}/192.168.0.243%2F32", "rel": "self"}],
    }
    body = response.json()
    assert body == {
        "links": [{"href": f"{base}?includeCount=true&pageNum=1&itemsPerPage=100", "rel": "self"}],
        "results": [entry],
        "totalCount": 1,
    }
    assert list(body) == ["links", "results", "totalCount"] and list(body["results"][0]) == list(entry)
    # Read back: the list, the entry by address and by its escaped block, its status.
    assert world.owner.get(path(group)).json() == body
    assert world.owner.get(f"{path(group)}/192.168.0.243").json() == entry
    assert world.owner.get(f"{path(group)}/192.168.0.243%2F32").json() == entry
    status = world.owner.get(f"{path(group)}/192.168.0.243%2F32/status")
    assert (status.status_code, status.json()) == (200, {"STATUS": "ACTIVE"})
    assert status.headers["content-type"] == CONTENT_TYPE
    (event,) = world.events(group)
    assert (event["eventTypeName"], event["whitelistEntry"], event["groupId"]) == (
        "NETWORK_PERMISSION_ENTRY_ADDED",
        "192.168.0.243",
        group,
    )
    assert event["apiKeyId"] == world.owner_key_id


def test_blocks_ipv6_and_several_entries_at_once(world: World) -> None:
    group = world.project()
    body = world.added(
        group,
        {"cidrBlock": "10.2.3.4/16"},  # host bits: the block is 10.2.0.0/16
        {"ipAddress": "2001:db8::1", "comment": ""},
        {"cidrBlock": "192.0.2.7"},  # no prefix length: the block of the one address
    )
    results = body["results"]
    # Made in one second: by block.
    assert [(r["cidrBlock"], r.get("ipAddress")) for r in results] == [
        ("10.2.0.0/16", None),
        ("192.0.2.7/32", "192.0.2.7"),
        ("2001:db8:0:0:0:0:0:1/128", "2001:db8:0:0:0:0:0:1"),
    ]
    block = next(r for r in results if r["cidrBlock"] == "10.2.0.0/16")
    assert "comment" not in block and "ipAddress" not in block
    assert block["links"][0]["href"].endswith("/accessList/10.2.0.0%2F16")
    assert world.owner.get(f"{path(group)}/10.2.0.0%2F16").json() == block
    assert world.owner.get(f"{path(group)}/10.2.0.0%2F16/status").json() == {"STATUS": "ACTIVE"}
    six = next(r for r in results if r["cidrBlock"].startswith("2001"))
    assert six["comment"] == ""
    assert world.owner.get(f"{path(group)}/2001:db8::1").json() == six
    assert body["totalCount"] == 3
    assert sorted(world.event_names(group)) == sorted(
        [
            ("NETWORK_PERMISSION_ENTRY_ADDED", "10.2.0.0/16"),
            ("NETWORK_PERMISSION_ENTRY_ADDED", "2001:db8:0:0:0:0:0:1"),
            ("NETWORK_PERMISSION_ENTRY_ADDED", "192.0.2.7"),
        ]
    )


def test_entries_are_listed_oldest_first_and_paginated(world: World) -> None:
    group = world.project()
    for n in range(3):
        world.added(group, {"ipAddress": f"198.51.100.{n + 1}"})
    page = world.owner.get(path(group), params={"itemsPerPage": 2, "pageNum": 2})
    assert page.status_code == 200, page.text
    body = page.json()
    assert [r["ipAddress"] for r in body["results"]] == ["198.51.100.3"]
    assert body["totalCount"] == 3
    assert [link["rel"] for link in body["links"]] == ["self", "previous"]
    assert [r["ipAddress"] for r in world.listed(group)] == ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    expect_error(world.owner.get(path(group), params={"itemsPerPage": 0}), 400, "INVALID_QUERY_PARAMETER")


def test_an_address_inside_a_block_on_the_list_is_an_entry_of_its_own(world: World) -> None:
    group = world.project()
    world.added(group, {"cidrBlock": "10.0.0.0/8"})
    body = world.added(group, {"ipAddress": "10.1.2.3"})
    assert [r["cidrBlock"] for r in body["results"]] == ["10.0.0.0/8", "10.1.2.3/32"]
    assert world.owner.delete(f"{path(group)}/10.0.0.0%2F8").status_code == 204
    assert [r["cidrBlock"] for r in world.listed(group)] == ["10.1.2.3/32"]


# --- an entry given again -------------------------------------------------------------------------------------------


def test_an_entry_given_again_is_updated_in_place(world: World) -> None:
    group = world.project()
    world.added(group, {"ipAddress": "203.0.113.5", "comment": "first"})
    body = world.added(group, {"cidrBlock": "203.0.113.5/32", "comment": "second"})
    assert body["totalCount"] == 1
    assert body["results"][0]["comment"] == "second"
    assert world.owner.get(f"{path(group)}/203.0.113.5").json()["comment"] == "second"
    world.added(group, {"ipAddress": "203.0.113.5", "comment": "second"})  # the same again: nothing changes
    assert world.event_names(group) == [
        ("NETWORK_PERMISSION_ENTRY_ADDED", "203.0.113.5"),
        ("NETWORK_PERMISSION_ENTRY_UPDATED", "203.0.113.5"),
    ]


def test_a_permanent_entry_cannot_be_made_temporary_but_a_temporary_one_can_be_kept(world: World) -> None:
    group = world.project()
    soon = _iso(world.now() + timedelta(hours=1))
    world.added(group, {"ipAddress": "203.0.113.6"})
    body = expect_error(
        world.add(group, {"ipAddress": "203.0.113.6", "deleteAfterDate": soon}),
        400,
        "PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY",
    )
    assert body["detail"] == "A permanent entity cannot be made temporary."
    assert "deleteAfterDate" not in world.owner.get(f"{path(group)}/203.0.113.6").json()
    world.added(group, {"ipAddress": "203.0.113.7", "deleteAfterDate": soon})
    assert world.owner.get(f"{path(group)}/203.0.113.7").json()["deleteAfterDate"] == soon
    world.added(group, {"ipAddress": "203.0.113.7"})
    assert "deleteAfterDate" not in world.owner.get(f"{path(group)}/203.0.113.7").json()


# --- bodies refused -------------------------------------------------------------------------------------------------

BAD_BODIES: list[tuple[str, Any, str, list[Any] | None]] = [
    ("not-an-address", [{"ipAddress": "300.1.1.1"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", ["300.1.1.1"]),
    ("address-with-prefix", [{"ipAddress": "10.0.0.1/32"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", ["10.0.0.1/32"]),
    ("prefix-too-long", [{"cidrBlock": "10.0.0.0/33"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", ["10.0.0.0/33"]),
    ("spaces", [{"ipAddress": " 10.0.0.1"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", [" 10.0.0.1"]),
    ("zone", [{"ipAddress": "fe80::1%eth0"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", ["fe80::1%eth0"]),
    ("no-address", [{"comment": "nothing"}], "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", [None]),
    (
        "two-kinds",
        [{"ipAddress": "10.0.0.1", "cidrBlock": "10.0.0.1/32"}],
        "MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY",
        [],
    ),
    (
        "twice",
        [{"ipAddress": "10.0.0.1"}, {"cidrBlock": "10.0.0.1/32"}],
        "DUPLICATE_ADDRESSES_IN_INPUT",
        [],
    ),
    ("long-comment", [{"ipAddress": "10.0.0.1", "comment": "x" * 81}], "INVALID_NETWORK_PERMISSION_COMMENT", None),
    (
        "security-group",
        [{"awsSecurityGroup": "sg-0026348ec11780bd1"}],
        "CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION",
        [],
    ),
    (
        "temporary-security-group",
        [{"awsSecurityGroup": "sg-0026348ec11780bd1", "deleteAfterDate": "2030-01-01T00:00:00Z"}],
        "NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED",
        [],
    ),
    ("another-project", [{"ipAddress": "10.0.0.1", "groupId": OTHER_GROUP}], "GROUP_MISMATCH", [OTHER_GROUP]),
    ("empty", [], "INVALID_JSON", []),
    ("an-object", {"ipAddress": "10.0.0.1"}, "INVALID_JSON", []),
    ("wrong-type", [{"ipAddress": 10}], "INVALID_JSON_ATTRIBUTE", ["ipAddress"]),
    ("unknown-attribute", [{"ipAddress": "10.0.0.1", "bogus": True}], "INVALID_ATTRIBUTE", ["bogus"]),
    ("bad-date", [{"ipAddress": "10.0.0.1", "deleteAfterDate": "tomorrow"}], "INVALID_JSON_ATTRIBUTE", None),
]


@pytest.mark.parametrize(("body", "code", "parameters"), [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_refused_and_nothing_is_added(
    world: World, body: Any, code: str, parameters: list[Any] | None
) -> None:
    group = world.project()
    world.added(group, {"ipAddress": "192.0.2.200"})
    sent = [{"ipAddress": "192.0.2.201"}, *body] if isinstance(body, list) and body else body  # all or nothing
    response = world.owner.post(path(group), json=sent)
    found = expect_error(response, 400, code)
    if parameters is not None:
        assert found["parameters"] == parameters
    assert [r["ipAddress"] for r in world.listed(group)] == ["192.0.2.200"]
    assert len(world.events(group)) == 1


def test_the_address_errors_read_as_the_real_ones(world: World) -> None:
    group = world.project()
    body = expect_error(world.add(group, {"ipAddress": "192.0.2.1dfdfd5"}), 400, "INVALID_IP_ADDRESS_OR_CIDR_NOTATION")
    assert body["detail"] == "The address 192.0.2.1dfdfd5 must be in valid IP address or CIDR notation."
    body = expect_error(world.add(group, {"comment": "c"}), 400, "INVALID_IP_ADDRESS_OR_CIDR_NOTATION")
    assert body["detail"] == "The address null must be in valid IP address or CIDR notation."
    long = "x" * 81
    body = expect_error(
        world.add(group, {"ipAddress": "10.0.0.1", "comment": long}), 400, "INVALID_NETWORK_PERMISSION_COMMENT"
    )
    assert body["detail"] == f"The comment {long} must be 80 characters or less."
    assert world.added(group, {"ipAddress": "10.0.0.1", "comment": "x" * 80})["totalCount"] == 1


def test_body_that_is_not_json_is_400(world: World) -> None:
    response = world.owner.post(path(world.project()), content=b"[{", headers={"Content-Type": "application/json"})
    expect_error(response, 400, "MALFORMED_JSON")


def test_delete_after_must_be_within_a_week(world: World) -> None:
    group = world.project()
    now = world.now()
    past = expect_error(
        world.add(group, {"ipAddress": "10.9.0.1", "deleteAfterDate": _iso(now - timedelta(minutes=1))}),
        400,
        "EXPIRATION_DATE_IN_PAST",
    )
    assert past["detail"] == "The specified expiration date must be in the future."
    far = expect_error(
        world.add(group, {"ipAddress": "10.9.0.1", "deleteAfterDate": _iso(now + timedelta(days=7, minutes=5))}),
        400,
        "EXPIRATION_DATE_EXCEEDS_MAX",
    )
    assert (far["parameters"], far["detail"]) == (
        [7],
        "The specified expiration date can be at most 7 days in the future.",
    )
    assert world.listed(group) == []
    # Any offset is read; the answer is in UTC to the second.
    later = now + timedelta(days=6)
    local = later.astimezone(timezone(timedelta(hours=2))).strftime("%Y-%m-%dT%H:%M:%S.250+02:00")
    body = world.added(group, {"ipAddress": "10.9.0.1", "deleteAfterDate": local})
    assert body["results"][0]["deleteAfterDate"] == _iso(later)


# --- delete, not found ----------------------------------------------------------------------------------------------


def test_delete_answers_204_and_the_entry_is_gone(world: World) -> None:
    group = world.project()
    world.added(group, {"ipAddress": "192.168.0.243"}, {"cidrBlock": "172.16.0.0/12"})
    response = world.owner.delete(f"{path(group)}/192.168.0.243")
    assert (response.status_code, response.content) == (204, b"")
    assert response.headers["content-type"] == CONTENT_TYPE
    response = world.owner.delete(f"{path(group)}/172.16.0.0%2F12")
    assert response.status_code == 204, response.text
    assert world.listed(group) == []
    body = expect_error(
        world.owner.get(f"{path(group)}/192.168.0.243"), 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND"
    )
    assert body["parameters"] == ["192.168.0.243", group]
    assert body["detail"] == f"IP Address 192.168.0.243 not on Atlas access list for group {group}."
    expect_error(world.owner.delete(f"{path(group)}/192.168.0.243"), 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
    assert world.event_names(group)[2:] == [
        ("NETWORK_PERMISSION_ENTRY_REMOVED", "192.168.0.243"),
        ("NETWORK_PERMISSION_ENTRY_REMOVED", "172.16.0.0/12"),
    ]


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("192.0.2.0%2F28", "192.0.2.0/28"),
        ("not-an-address", "not-an-address"),
        ("sg-0026348ec11780bd1", "sg-0026348ec11780bd1"),
    ],
)
def test_entries_not_on_the_list_are_404(world: World, entry: str, named: str) -> None:
    group = world.roles_group
    for method, suffix in (("GET", ""), ("GET", "/status"), ("DELETE", "")):
        response = world.owner.request(method, f"{path(group)}/{entry}{suffix}")
        body = expect_error(response, 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
        assert body["parameters"] == [named, group]


def test_another_projects_entry_is_not_found(world: World) -> None:
    mine, other = world.project(), world.project()
    world.added(other, {"ipAddress": "198.51.100.77"})
    expect_error(world.owner.get(f"{path(mine)}/198.51.100.77"), 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
    expect_error(world.owner.delete(f"{path(mine)}/198.51.100.77"), 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
    assert [r["ipAddress"] for r in world.listed(other)] == ["198.51.100.77"]


# --- the limit ------------------------------------------------------------------------------------------------------


def test_a_project_holds_at_most_200_entries(world: World) -> None:
    group = world.project()
    many = [{"ipAddress": f"10.50.{n // 250}.{n % 250 + 1}"} for n in range(200)]
    assert world.added(group, *many)["totalCount"] == 200
    body = expect_error(world.add(group, {"ipAddress": "10.60.0.1"}), 403, "ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED")
    assert (body["parameters"], body["detail"]) == (
        [200],
        "Too many network permission entries. Only 200 entries are supported.",
    )
    # Given again, an entry on the list is no new one.
    assert world.added(group, {"ipAddress": "10.50.0.1", "comment": "kept"})["totalCount"] == 200
    assert world.owner.delete(f"{path(group)}/10.50.0.1").status_code == 204
    assert world.added(group, {"ipAddress": "10.60.0.1"})["totalCount"] == 200


# --- temporary entries on the server clock --------------------------------------------------------------------------


def test_a_temporary_entry_ends_on_the_server_clock(world: World) -> None:
    group = world.project()
    end = world.now() + timedelta(minutes=5)
    body = world.added(group, {"ipAddress": "192.168.0.243", "comment": "test", "deleteAfterDate": _iso(end)})
    assert list(body["results"][0]) == ["cidrBlock", "comment", "deleteAfterDate", "groupId", "ipAddress", "links"]
    assert body["results"][0]["deleteAfterDate"] == _iso(end)
    world.added(group, {"ipAddress": "192.168.0.244"})
    world.server.advance("5m")
    # From its end on the entry is absent from every read.
    assert [r["ipAddress"] for r in world.listed(group)] == ["192.168.0.244"]
    assert world.owner.get(path(group)).json()["totalCount"] == 1
    for suffix in ("", "/status"):
        response = world.owner.get(f"{path(group)}/192.168.0.243{suffix}")
        expect_error(response, 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
    assert [name for name, _ in world.event_names(group)] == ["NETWORK_PERMISSION_ENTRY_ADDED"] * 2
    # The next write removes it for good: its event is the SYSTEM's, dated at its end.
    world.added(group, {"ipAddress": "192.168.0.245"})
    removed = [e for e in world.events(group) if e["eventTypeName"] == "NETWORK_PERMISSION_ENTRY_REMOVED"]
    assert len(removed) == 1
    assert removed[0]["created"] == _iso(end)
    assert removed[0]["whitelistEntry"] == "192.168.0.243"
    assert not {"apiKeyId", "publicKey", "userId", "username"} & set(removed[0])
    # And it may be added again, as new.
    world.added(group, {"ipAddress": "192.168.0.243"})
    assert world.event_names(group)[-1] == ("NETWORK_PERMISSION_ENTRY_ADDED", "192.168.0.243")
    # Oldest first; the two made in one second by block.
    assert [r["ipAddress"] for r in world.listed(group)] == ["192.168.0.244", "192.168.0.243", "192.168.0.245"]


def test_deleting_an_ended_entry_is_404_and_it_is_removed_once(world: World) -> None:
    group = world.project()
    end = world.now() + timedelta(minutes=1)
    world.added(group, {"cidrBlock": "192.0.2.0/24", "deleteAfterDate": _iso(end)})
    world.server.advance("61s")
    expect_error(world.owner.delete(f"{path(group)}/192.0.2.0%2F24"), 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
    # A refused request changes nothing, its removal of ended entries included; the next write that succeeds does.
    assert [name for name, _ in world.event_names(group)] == ["NETWORK_PERMISSION_ENTRY_ADDED"]
    world.added(group, {"ipAddress": "192.0.2.1"})
    world.added(group, {"ipAddress": "192.0.2.2"})
    assert world.event_names(group) == [
        ("NETWORK_PERMISSION_ENTRY_ADDED", "192.0.2.0/24"),
        ("NETWORK_PERMISSION_ENTRY_REMOVED", "192.0.2.0/24"),
        ("NETWORK_PERMISSION_ENTRY_ADDED", "192.0.2.1"),
        ("NETWORK_PERMISSION_ENTRY_ADDED", "192.0.2.2"),
    ]


# --- who may -------------------------------------------------------------------------------------------------------


def test_readers_read_and_network_access_managers_change(world: World) -> None:
    group = world.roles_group
    expect_error(world.add(group, {"ipAddress": "192.0.2.50"}, client=world.reader), 401, "USER_UNAUTHORIZED")
    response = world.add(group, {"ipAddress": "192.0.2.50"}, client=world.network)
    assert response.status_code == 201, response.text
    assert world.reader.get(path(group)).status_code == 200
    assert world.reader.get(f"{path(group)}/192.0.2.50").status_code == 200
    assert world.reader.get(f"{path(group)}/192.0.2.50/status").status_code == 200
    expect_error(world.reader.delete(f"{path(group)}/192.0.2.50"), 401, "USER_UNAUTHORIZED")
    assert world.network.delete(f"{path(group)}/192.0.2.50").status_code == 204


def test_the_list_does_not_restrict_api_calls(world: World) -> None:
    group = world.project()
    world.added(group, {"ipAddress": "203.0.113.99"})  # not the test client's 127.0.0.1
    assert world.owner.get(path(group)).status_code == 200


def test_deleting_the_project_deletes_its_list(world: World) -> None:
    group = world.project()
    world.added(group, {"ipAddress": "192.0.2.90"})
    response = world.owner.delete(f"/api/atlas/v2/groups/{group}")
    assert response.status_code == 202, response.text
    exported = world.server.admin().get("/api/local/v1/export")
    assert exported.status_code == 200, exported.text
    rows = exported.json()["tables"]["project_access_list"]
    assert all(row["group_id"] != group for row in rows)
    expect_error(world.owner.get(path(group)), 404, "GROUP_NOT_FOUND")
