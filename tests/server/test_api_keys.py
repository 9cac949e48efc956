"""Programmatic API keys over the Atlas Admin API v2 (2023-01-01): an organization's keys
(``/orgs/{orgId}/apiKeys``) and the keys of a project (``/groups/{groupId}/apiKeys``).

A key made through the API is a working credential: Digest with its public and private key, allowed exactly what
its roles allow. Statuses as recorded (``reference/recordings/atlasorgapikeys``, ``atlasprojectapikeys``): creates
200, deletes 204, ``addGroupApiKey`` 204 (the spec). Access lists: ``test_api_key_access_list.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from atlas_access.store import tables
from support.answers import expect_error
from support.concurrency import at_once
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
KEY_FIELDS = ["desc", "id", "links", "privateKey", "publicKey", "roles"]
PRIVATE_KEY = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MASKED = re.compile(r"^\*{8}-\*{4}-\*{4}-[0-9a-f]{12}$")
PUBLIC_KEY = re.compile(r"^[a-z]{8}$")
MISSING = "5f0000000000000000000000"


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Keys Home",
                        "projects": [{"name": "Alpha"}, {"name": "Beta"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                            {
                                "description": "alpha access manager",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"Alpha": ["GROUP_USER_ADMIN"]},
                            },
                        ],
                    },
                    {"name": "Keys Away", "apiKeys": [{"description": "away owner", "orgRoles": ["ORG_OWNER"]}]},
                ]
            }
        )["orgs"]
        self.org_id, self.away_org_id = home["id"], away["id"]
        self.alpha, self.beta = (project["id"] for project in home["projects"])
        self.owner, self.member, self.manager = (self.login(key) for key in home["apiKeys"])
        self.away = self.login(away["apiKeys"][0])
        self.away_key = away["apiKeys"][0]

    def login(self, key: dict[str, Any]) -> httpx.Client:
        return self.server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)

    @property
    def keys(self) -> str:
        return f"/api/atlas/v2/orgs/{self.org_id}/apiKeys"

    def project_keys(self, group_id: str) -> str:
        return f"/api/atlas/v2/groups/{group_id}/apiKeys"

    def create(self, desc: str = "a key", roles: list[str] | None = None) -> dict[str, Any]:
        response = self.owner.post(self.keys, json={"desc": desc, "roles": roles or ["ORG_MEMBER"]})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def create_in(self, group_id: str, desc: str = "a project key", roles: list[str] | None = None) -> dict[str, Any]:
        body = {"desc": desc, "roles": roles or ["GROUP_READ_ONLY"]}
        response = self.owner.post(self.project_keys(group_id), json=body)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def get(self, key_id: str) -> dict[str, Any]:
        response = self.owner.get(f"{self.keys}/{key_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def listed(self, path: str) -> list[dict[str, Any]]:
        response = self.owner.get(path, params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def events(self, feed: str, public_key: str) -> list[tuple[str, str | None]]:
        """The feed's events about this key, oldest first: (type, project id or None)."""
        response = self.owner.get(f"/api/atlas/v2/{feed}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        found = [e for e in response.json()["results"] if e.get("targetPublicKey") == public_key]
        return [(e["eventTypeName"], e.get("groupId")) for e in reversed(found)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("api-keys")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def _roles(key: dict[str, Any]) -> list[tuple[str, str]]:
    return [(role.get("orgId") or role["groupId"], role["roleName"]) for role in key["roles"]]


# --- organization keys --------------------------------------------------------------------------------------------


def test_create_shows_the_private_key_once(world: World) -> None:
    response = world.owner.post(world.keys, json={"desc": "e2e-test-atlas-org", "roles": ["ORG_READ_ONLY"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    key = response.json()
    assert list(key) == KEY_FIELDS
    assert PRIVATE_KEY.fullmatch(key["privateKey"]) and PUBLIC_KEY.fullmatch(key["publicKey"])
    assert key["desc"] == "e2e-test-atlas-org"
    assert key["roles"] == [{"orgId": world.org_id, "roleName": "ORG_READ_ONLY"}]
    href = f"{world.server.base_url}{world.keys}/{key['id']}"
    assert key["links"] == [{"href": href, "rel": "self"}]
    # Afterwards: masked as recorded, the last twelve characters kept.
    again = world.get(key["id"])
    assert again == {**key, "privateKey": "********-****-****-" + key["privateKey"][-12:]}
    assert MASKED.fullmatch(again["privateKey"])
    assert again in world.listed(world.keys)
    assert world.events(f"orgs/{world.org_id}", key["publicKey"]) == [("API_KEY_CREATED", None)]


def test_the_list_is_in_public_key_order_and_paginated(world: World) -> None:
    for n in range(3):
        world.create(f"listed {n}")
    listed = world.listed(world.keys)
    assert [k["publicKey"] for k in listed] == sorted(k["publicKey"] for k in listed)
    assert all(k["privateKey"].startswith("********-****-****-") for k in listed)
    page = world.owner.get(world.keys, params={"itemsPerPage": 2, "pageNum": 2}).json()
    assert page["totalCount"] == len(listed)
    assert [k["id"] for k in page["results"]] == [k["id"] for k in listed[2:4]]
    assert [link["rel"] for link in page["links"]] == ["self", "next", "previous"]


def test_a_created_key_works_with_digest_and_only_as_its_roles_allow(world: World) -> None:
    made = world.create("reader", ["ORG_READ_ONLY"])
    reader = world.login(made)
    assert reader.get(f"/api/atlas/v2/orgs/{world.org_id}").status_code == 200
    assert reader.get(f"/api/atlas/v2/groups/{world.alpha}").status_code == 200  # ORG_READ_ONLY reads every project
    assert reader.get(world.keys).status_code == 200
    team = reader.post(f"/api/atlas/v2/orgs/{world.org_id}/teams", json={"name": "readers", "usernames": []})
    expect_error(team, 401, "USER_UNAUTHORIZED")
    expect_error(reader.post(world.keys, json={"desc": "x", "roles": ["ORG_MEMBER"]}), 401, "USER_UNAUTHORIZED")
    project = reader.post("/api/atlas/v2/groups", json={"name": "by a reader", "orgId": world.org_id})
    expect_error(project, 401, "NOT_ORG_GROUP_CREATOR")
    expect_error(reader.get(f"/api/atlas/v2/orgs/{world.away_org_id}"), 401, "USER_CANNOT_ACCESS_ORG")
    # Made an owner, it may do what owners do.
    assert world.owner.patch(f"{world.keys}/{made['id']}", json={"roles": ["ORG_OWNER"]}).status_code == 200
    assert reader.post(world.keys, json={"desc": "by the reader", "roles": ["ORG_MEMBER"]}).status_code == 200


def test_update_changes_description_and_org_roles(world: World) -> None:
    key = world.create_in(world.alpha, "before")
    path = f"{world.keys}/{key['id']}"
    response = world.owner.patch(path, json={"desc": "after", "roles": ["ORG_READ_ONLY", "ORG_BILLING_ADMIN"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    updated = response.json()
    assert list(updated) == KEY_FIELDS
    assert updated["desc"] == "after"
    assert MASKED.fullmatch(updated["privateKey"])
    # The organization roles are replaced; the project roles stay.
    assert _roles(updated) == [
        (world.org_id, "ORG_READ_ONLY"),
        (world.org_id, "ORG_BILLING_ADMIN"),
        (world.alpha, "GROUP_READ_ONLY"),
    ]
    assert world.get(key["id"]) == updated
    # The same again changes nothing and writes nothing.
    assert world.owner.patch(path, json={"desc": "after", "roles": ["ORG_BILLING_ADMIN", "ORG_READ_ONLY"]}).json() == (
        updated
    )
    assert world.events(f"orgs/{world.org_id}", key["publicKey"]) == [
        ("API_KEY_CREATED", None),
        ("API_KEY_DESCRIPTION_CHANGED", None),
        ("API_KEY_ROLES_CHANGED", None),
    ]
    only_desc = world.owner.patch(path, json={"desc": "only the description"}).json()
    assert (only_desc["desc"], only_desc["roles"]) == ("only the description", updated["roles"])


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"roles": ["ORG_MEMBER"]}, "MISSING_ATTRIBUTE"),
        ({"desc": "", "roles": ["ORG_MEMBER"]}, "INVALID_JSON_ATTRIBUTE"),
        ({"desc": "x" * 251, "roles": ["ORG_MEMBER"]}, "INVALID_JSON_ATTRIBUTE"),
        ({"desc": 5, "roles": ["ORG_MEMBER"]}, "INVALID_JSON_ATTRIBUTE"),
        ({"desc": "x"}, "MISSING_API_KEY_ROLES"),
        ({"desc": "x", "roles": []}, "MISSING_API_KEY_ROLES"),
        ({"desc": "x", "roles": "ORG_MEMBER"}, "INVALID_JSON_ATTRIBUTE"),
        ({"desc": "x", "roles": ["GROUP_OWNER"]}, "INVALID_ROLE_FOR_ORG"),
        ({"desc": "x", "roles": ["ORG_BOSS"]}, "INVALID_ROLE_FOR_ORG"),
        ({"desc": "x", "roles": ["ORG_USER_ADMIN"]}, "INVALID_ROLE_FOR_ORG"),
        ({"desc": "x", "roles": ["ORG_MEMBER"], "publicKey": "abcdefgh"}, "INVALID_ATTRIBUTE"),
    ],
)
def test_bad_create_bodies_are_400(world: World, body: dict[str, Any], code: str) -> None:
    before = len(world.listed(world.keys))
    expect_error(world.owner.post(world.keys, json=body), 400, code)
    assert len(world.listed(world.keys)) == before


def test_create_error_details(world: World) -> None:
    body = expect_error(world.owner.post(world.keys, json={"desc": "x", "roles": []}), 400, "MISSING_API_KEY_ROLES")
    assert body["detail"] == "API keys must have at least one role."
    wrong = world.owner.post(world.keys, json={"desc": "x", "roles": ["GROUP_OWNER"]})
    body = expect_error(wrong, 400, "INVALID_ROLE_FOR_ORG")
    assert body["detail"] == f"Role GROUP_OWNER invalid for organization {world.org_id}."
    assert body["badRequestDetail"]["fields"] == [{"description": "Unknown role GROUP_OWNER.", "field": "roles"}]
    not_json = world.owner.post(world.keys, content=b"{", headers={"Content-Type": "application/json"})
    expect_error(not_json, 400, "MALFORMED_JSON")


def test_bad_updates_are_400(world: World) -> None:
    key = world.create("steady")
    path = f"{world.keys}/{key['id']}"
    expect_error(world.owner.patch(path, json={}), 400, "MISSING_ATTRIBUTE")
    expect_error(world.owner.patch(path, json={"roles": []}), 400, "MISSING_API_KEY_ROLES")
    expect_error(world.owner.patch(path, json={"roles": ["GROUP_READ_ONLY"]}), 400, "INVALID_ROLE_FOR_ORG")
    expect_error(world.owner.patch(path, json={"desc": ""}), 400, "INVALID_JSON_ATTRIBUTE")
    after = world.get(key["id"])
    assert {**after, "privateKey": key["privateKey"]} == key


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_unknown_foreign_and_malformed_key_ids(world: World, method: str) -> None:
    body = {"desc": "x"} if method == "PATCH" else None
    for key_id in (MISSING, world.away_key["id"]):
        answer = expect_error(
            world.owner.request(method, f"{world.keys}/{key_id}", json=body), 400, "API_KEY_NOT_FOUND"
        )
        assert answer["detail"] == f"No API key with ID {key_id} exists."
    expect_error(world.owner.request(method, f"{world.keys}/not-a-key", json=body), 400, "INVALID_PATH_PARAMETER")


def test_who_may_read_and_who_may_change(world: World) -> None:
    key = world.create("watched")
    assert world.member.get(world.keys).status_code == 200
    assert world.member.get(f"{world.keys}/{key['id']}").status_code == 200
    expect_error(world.member.post(world.keys, json={"desc": "x", "roles": ["ORG_MEMBER"]}), 401, "USER_UNAUTHORIZED")
    expect_error(world.member.patch(f"{world.keys}/{key['id']}", json={"desc": "x"}), 401, "USER_UNAUTHORIZED")
    expect_error(world.member.delete(f"{world.keys}/{key['id']}"), 401, "USER_UNAUTHORIZED")
    expect_error(world.away.get(world.keys), 401, "USER_CANNOT_ACCESS_ORG")
    assert world.get(key["id"])["desc"] == "watched"


def test_delete_removes_the_key_its_memberships_and_its_credential(world: World) -> None:
    key = world.create_in(world.alpha, "doomed")
    world.owner.post(f"{world.keys}/{key['id']}/accessList", json=[{"cidrBlock": "127.0.0.0/8"}])
    doomed = world.login(key)
    assert doomed.get(f"/api/atlas/v2/groups/{world.alpha}").status_code == 200
    response = world.owner.delete(f"{world.keys}/{key['id']}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    expect_error(world.owner.get(f"{world.keys}/{key['id']}"), 400, "API_KEY_NOT_FOUND")
    expect_error(world.owner.get(f"{world.keys}/{key['id']}/accessList"), 400, "API_KEY_NOT_FOUND")
    assert key["id"] not in [k["id"] for k in world.listed(world.keys)]
    assert key["id"] not in [k["id"] for k in world.listed(world.project_keys(world.alpha))]
    refused = world.login(key).get(f"/api/atlas/v2/groups/{world.alpha}")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith('Digest realm="MMS Public API"')
    assert refused.json()["errorCode"] == "UNEXPECTED_ERROR"
    assert world.events(f"orgs/{world.org_id}", key["publicKey"])[-1] == ("API_KEY_DELETED", None)
    expect_error(world.owner.delete(f"{world.keys}/{key['id']}"), 400, "API_KEY_NOT_FOUND")


def test_a_key_may_delete_itself(world: World) -> None:
    key = world.create("self-destructing", ["ORG_OWNER"])
    client = world.login(key)
    assert client.delete(f"{world.keys}/{key['id']}").status_code == 204
    assert client.get(world.keys).status_code == 401


# --- project keys -------------------------------------------------------------------------------------------------


def test_create_in_a_project_makes_an_org_member_with_the_project_roles(world: World) -> None:
    response = world.owner.post(
        world.project_keys(world.alpha), json={"desc": "e2e-test", "roles": ["GROUP_READ_ONLY"]}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    key = response.json()
    assert list(key) == KEY_FIELDS
    assert PRIVATE_KEY.fullmatch(key["privateKey"])
    assert _roles(key) == [(world.org_id, "ORG_MEMBER"), (world.alpha, "GROUP_READ_ONLY")]
    # Its link is the organization's resource, as recorded.
    assert key["links"] == [{"href": f"{world.server.base_url}{world.keys}/{key['id']}", "rel": "self"}]
    masked = {**key, "privateKey": "********-****-****-" + key["privateKey"][-12:]}
    assert masked in world.listed(world.project_keys(world.alpha))
    assert masked in world.listed(world.keys)
    assert world.events(f"orgs/{world.org_id}", key["publicKey"]) == [("API_KEY_CREATED", None)]
    assert world.events(f"groups/{world.alpha}", key["publicKey"]) == [("API_KEY_ADDED_TO_GROUP", world.alpha)]


def test_a_project_key_reads_its_project_and_nothing_else(world: World) -> None:
    client = world.login(world.create_in(world.alpha, "alpha reader"))
    assert client.get(f"/api/atlas/v2/groups/{world.alpha}").status_code == 200
    assert client.get(world.project_keys(world.alpha)).status_code == 200
    expect_error(client.get(f"/api/atlas/v2/groups/{world.beta}"), 401, "NOT_IN_GROUP")
    expect_error(client.get(world.project_keys(world.beta)), 401, "NOT_IN_GROUP")
    body = {"desc": "x", "roles": ["GROUP_READ_ONLY"]}
    expect_error(client.post(world.project_keys(world.alpha), json=body), 401, "USER_UNAUTHORIZED")
    assert client.get(f"/api/atlas/v2/orgs/{world.org_id}").status_code == 200  # an Organization Member


def test_the_project_list_shows_the_keys_with_roles_in_it_by_public_key(world: World) -> None:
    ours = [world.create_in(world.beta, f"beta {n}") for n in range(3)]
    owner_only = world.create("org owner", ["ORG_OWNER"])  # GROUP_OWNER by implication only: not listed
    listed = world.listed(world.project_keys(world.beta))
    ids = [k["id"] for k in listed]
    assert {k["id"] for k in ours} <= set(ids)
    assert owner_only["id"] not in ids
    assert [k["publicKey"] for k in listed] == sorted(k["publicKey"] for k in listed)
    assert all(any(role.get("groupId") == world.beta for role in k["roles"]) for k in listed)


def test_update_roles_replaces_the_project_roles(world: World) -> None:
    key = world.create_in(world.alpha, "e2e-test")
    path = f"{world.project_keys(world.alpha)}/{key['id']}"
    response = world.owner.patch(path, json={"roles": ["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_SEARCH_INDEX_EDITOR"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    updated = response.json()
    assert list(updated) == KEY_FIELDS
    assert MASKED.fullmatch(updated["privateKey"])
    assert _roles(updated) == [
        (world.org_id, "ORG_MEMBER"),
        (world.alpha, "GROUP_DATA_ACCESS_READ_ONLY"),
        (world.alpha, "GROUP_SEARCH_INDEX_EDITOR"),
    ]
    assert world.get(key["id"]) == updated
    assert world.login(key).get(f"/api/atlas/v2/groups/{world.alpha}").status_code == 200
    assert world.events(f"groups/{world.alpha}", key["publicKey"]) == [
        ("API_KEY_ADDED_TO_GROUP", world.alpha),
        ("API_KEY_ROLES_CHANGED", world.alpha),
    ]
    # A description may come along; the same roles again change nothing.
    again = world.owner.patch(
        path, json={"desc": "renamed", "roles": ["GROUP_SEARCH_INDEX_EDITOR", "GROUP_DATA_ACCESS_READ_ONLY"]}
    )
    assert again.json() == {**updated, "desc": "renamed"}
    assert len(world.events(f"groups/{world.alpha}", key["publicKey"])) == 2
    assert world.events(f"orgs/{world.org_id}", key["publicKey"])[-1] == ("API_KEY_DESCRIPTION_CHANGED", None)


@pytest.mark.parametrize("body", [{"roles": ["GROUP_OWNER"]}, {"desc": "x"}, {"desc": "x", "roles": ["GROUP_OWNER"]}])
def test_update_roles_of_a_key_that_is_not_in_the_project_is_404(world: World, body: dict[str, Any]) -> None:
    """PATCH changes the roles of a key in the project; it does not assign one (``addGroupApiKey`` does, with a
    stronger role): 404 ``USER_NOT_IN_GROUP``, as for removing such a key, and nothing changes."""
    key = world.create("org only")
    for caller in (world.owner, world.manager):  # the org owner; Alpha's access manager, who may not assign keys
        path = f"{world.project_keys(world.alpha)}/{key['id']}"
        answer = expect_error(caller.patch(path, json=body), 404, "USER_NOT_IN_GROUP")
        assert answer["parameters"] == [key["id"], world.alpha]
        assert answer["detail"] == f"User {key['id']} is not in group {world.alpha}."
    assert _roles(world.get(key["id"])) == [(world.org_id, "ORG_MEMBER")]
    assert world.events(f"groups/{world.alpha}", key["publicKey"]) == []
    assert key["id"] not in [k["id"] for k in world.listed(world.project_keys(world.alpha))]
    expect_error(
        world.manager.post(f"{world.project_keys(world.alpha)}/{key['id']}", json=[{"roles": ["GROUP_OWNER"]}]),
        401,
        "USER_UNAUTHORIZED",
    )


def test_the_access_manager_updates_the_roles_of_a_key_in_the_project(world: World) -> None:
    key = world.create_in(world.alpha, "in alpha")
    path = f"{world.project_keys(world.alpha)}/{key['id']}"
    response = world.manager.patch(path, json={"roles": ["GROUP_DATA_ACCESS_READ_ONLY"]})
    assert response.status_code == 200, response.text
    assert _roles(response.json()) == [(world.org_id, "ORG_MEMBER"), (world.alpha, "GROUP_DATA_ACCESS_READ_ONLY")]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MISSING_ATTRIBUTE"),
        ({"roles": []}, "MISSING_API_KEY_ROLES"),
        ({"roles": ["ORG_OWNER"]}, "INVALID_ROLE_FOR_GROUP"),
        ({"roles": ["GROUP_USER_ADMIN"]}, "INVALID_ROLE_FOR_GROUP"),
        ({"roles": ["GROUP_READ_ONLY"], "id": "x"}, "INVALID_ATTRIBUTE"),
    ],
)
def test_bad_role_updates_are_400(world: World, body: dict[str, Any], code: str) -> None:
    key = world.create_in(world.alpha, "kept")
    path = f"{world.project_keys(world.alpha)}/{key['id']}"
    expect_error(world.owner.patch(path, json=body), 400, code)
    assert _roles(world.get(key["id"])) == [(world.org_id, "ORG_MEMBER"), (world.alpha, "GROUP_READ_ONLY")]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"desc": "x"}, "MISSING_API_KEY_ROLES"),
        ({"desc": "x", "roles": ["ORG_MEMBER"]}, "INVALID_ROLE_FOR_GROUP"),
        ({"roles": ["GROUP_READ_ONLY"]}, "MISSING_ATTRIBUTE"),
        ({"desc": "", "roles": ["GROUP_READ_ONLY"]}, "INVALID_JSON_ATTRIBUTE"),
    ],
)
def test_bad_project_creates_are_400(world: World, body: dict[str, Any], code: str) -> None:
    expect_error(world.owner.post(world.project_keys(world.alpha), json=body), 400, code)


def test_add_assigns_an_existing_key_of_the_org(world: World) -> None:
    key = world.create("to be added")
    response = world.owner.post(f"{world.project_keys(world.beta)}/{key['id']}", json=[{"roles": ["GROUP_READ_ONLY"]}])
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    assert _roles(world.get(key["id"])) == [(world.org_id, "ORG_MEMBER"), (world.beta, "GROUP_READ_ONLY")]
    assert world.login(key).get(f"/api/atlas/v2/groups/{world.beta}").status_code == 200
    assert world.events(f"groups/{world.beta}", key["publicKey"]) == [("API_KEY_ADDED_TO_GROUP", world.beta)]
    # Again, with roles from two items and the key's own id: the roles are replaced.
    body = [{"roles": ["GROUP_OWNER"], "userId": key["id"]}, {"roles": ["GROUP_READ_ONLY"]}]
    assert world.owner.post(f"{world.project_keys(world.beta)}/{key['id']}", json=body).status_code == 204
    assert _roles(world.get(key["id"]))[1:] == [(world.beta, "GROUP_OWNER"), (world.beta, "GROUP_READ_ONLY")]
    assert world.events(f"groups/{world.beta}", key["publicKey"])[-1] == ("API_KEY_ROLES_CHANGED", world.beta)


def test_bad_adds(world: World) -> None:
    key = world.create("not added")
    path = f"{world.project_keys(world.beta)}/{key['id']}"
    expect_error(world.owner.post(path, json={"roles": ["GROUP_READ_ONLY"]}), 400, "INVALID_JSON")
    expect_error(world.owner.post(path, json=[]), 400, "MISSING_API_KEY_ROLES")
    expect_error(world.owner.post(path, json=[{}]), 400, "MISSING_API_KEY_ROLES")
    expect_error(world.owner.post(path, json=[{"roles": ["ORG_OWNER"]}]), 400, "INVALID_ROLE_FOR_GROUP")
    expect_error(world.owner.post(path, json=[{"roles": "GROUP_OWNER"}]), 400, "INVALID_JSON_ATTRIBUTE")
    mismatch = [{"roles": ["GROUP_READ_ONLY"], "userId": MISSING}]
    expect_error(world.owner.post(path, json=mismatch), 400, "INVALID_ATTRIBUTE")
    roles = [{"roles": ["GROUP_READ_ONLY"]}]
    foreign = f"{world.project_keys(world.beta)}/{world.away_key['id']}"
    expect_error(world.owner.post(foreign, json=roles), 400, "API_KEY_NOT_FOUND")
    expect_error(world.owner.post(f"{world.project_keys(world.beta)}/{MISSING}", json=roles), 400, "API_KEY_NOT_FOUND")
    expect_error(world.owner.post(f"{world.project_keys(world.beta)}/nope", json=roles), 400, "INVALID_PATH_PARAMETER")
    assert _roles(world.get(key["id"])) == [(world.org_id, "ORG_MEMBER")]


def test_remove_takes_the_key_out_of_the_project_only(world: World) -> None:
    key = world.create_in(world.alpha, "leaving")
    path = f"{world.project_keys(world.alpha)}/{key['id']}"
    response = world.owner.delete(path)
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    assert key["id"] not in [k["id"] for k in world.listed(world.project_keys(world.alpha))]
    assert _roles(world.get(key["id"])) == [(world.org_id, "ORG_MEMBER")]
    client = world.login(key)
    expect_error(client.get(f"/api/atlas/v2/groups/{world.alpha}"), 401, "NOT_IN_GROUP")
    assert client.get(f"/api/atlas/v2/orgs/{world.org_id}").status_code == 200
    assert world.events(f"groups/{world.alpha}", key["publicKey"])[-1] == ("API_KEY_REMOVED_FROM_GROUP", world.alpha)
    body = expect_error(world.owner.delete(path), 404, "USER_NOT_IN_GROUP")
    assert body["detail"] == f"User {key['id']} is not in group {world.alpha}."
    expect_error(world.owner.delete(f"{world.project_keys(world.alpha)}/{MISSING}"), 400, "API_KEY_NOT_FOUND")


def test_deleting_an_org_key_removes_it_from_its_projects(world: World) -> None:
    key = world.create_in(world.beta, "in beta")
    assert key["id"] in [k["id"] for k in world.listed(world.project_keys(world.beta))]
    assert world.owner.delete(f"{world.keys}/{key['id']}").status_code == 204
    assert key["id"] not in [k["id"] for k in world.listed(world.project_keys(world.beta))]
    path = f"{world.project_keys(world.beta)}/{key['id']}"
    expect_error(world.owner.patch(path, json={"roles": ["GROUP_OWNER"]}), 400, "API_KEY_NOT_FOUND")


def test_a_project_access_manager_manages_its_projects_keys(world: World) -> None:
    """``GROUP_USER_ADMIN`` stands for Atlas's Project Access Manager here (WIRE.md section 5)."""
    made = world.manager.post(
        world.project_keys(world.alpha), json={"desc": "by a manager", "roles": ["GROUP_READ_ONLY"]}
    )
    assert made.status_code == 200, made.text
    key = made.json()
    path = f"{world.project_keys(world.alpha)}/{key['id']}"
    assert world.manager.patch(path, json={"roles": ["GROUP_CLUSTER_MANAGER"]}).status_code == 200
    # Assigning an existing key takes a Project Owner (the spec).
    expect_error(world.manager.post(path, json=[{"roles": ["GROUP_READ_ONLY"]}]), 401, "USER_UNAUTHORIZED")
    assert world.manager.delete(path).status_code == 204
    body = {"desc": "x", "roles": ["GROUP_READ_ONLY"]}
    expect_error(world.manager.post(world.project_keys(world.beta), json=body), 401, "NOT_IN_GROUP")


# --- both database engines, and races -----------------------------------------------------------------------------

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _server(request: pytest.FixtureRequest, database: str) -> LocalServer:
    server: LocalServer = request.getfixturevalue("server" if database == "sqlite" else "pg_server")
    return server


@pytest.mark.parametrize("database", DATABASES)
def test_the_whole_lifecycle(request: pytest.FixtureRequest, database: str) -> None:
    server = _server(request, database)
    owner = server.digest(accept=ACCEPT)
    org = f"/api/atlas/v2/orgs/{server.org_id}/apiKeys"
    group = f"/api/atlas/v2/groups/{server.project_id}/apiKeys"
    made = owner.post(group, json={"desc": "lifecycle", "roles": ["GROUP_READ_ONLY"]})
    assert made.status_code == 200, made.text
    key = made.json()
    one = f"{org}/{key['id']}"
    steps: list[tuple[str, str, Any, int]] = [
        ("GET", org, None, 200),
        ("GET", group, None, 200),
        ("PATCH", one, {"desc": "renamed", "roles": ["ORG_READ_ONLY"]}, 200),
        ("PATCH", f"{group}/{key['id']}", {"roles": ["GROUP_OWNER"]}, 200),
        ("POST", f"{one}/accessList", [{"cidrBlock": "127.0.0.0/8"}, {"ipAddress": "::1"}], 200),
        ("GET", f"{one}/accessList/127.0.0.0%2F8", None, 200),
        ("DELETE", f"{one}/accessList/::1", None, 204),
        ("DELETE", f"{group}/{key['id']}", None, 204),
        ("POST", f"{group}/{key['id']}", [{"roles": ["GROUP_READ_ONLY"]}], 204),
        ("DELETE", one, None, 204),
        ("GET", one, None, 400),
    ]
    for method, path, body, status in steps:
        response = owner.request(method, path, json=body)
        assert response.status_code == status, (method, path, response.text)
    assert server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT).get(org).status_code == 401


def _together(server: LocalServer, calls: list[Callable[[httpx.Client], httpx.Response]]) -> list[int]:
    return at_once(server, calls, ACCEPT)


def _memberships(server: LocalServer, key_id: str) -> list[Any]:
    """Rows of any kind that still name the key (read from the database: no API shows what has no key)."""

    def read(conn: Any) -> list[Any]:
        found: list[Any] = []
        for table, column in (
            (tables.org_members, tables.org_members.c.member_id),
            (tables.project_members, tables.project_members.c.member_id),
            (tables.access_list_entries, tables.access_list_entries.c.owner_id),
        ):
            found += conn.execute(select(table).where(column == key_id)).all()
        return found

    return server.opened.state.db.run_sync(read)


def _race_a_delete(server: LocalServer, key_id: str) -> list[int]:
    """Delete the key twice while it is being assigned, changed and given an access-list entry."""
    org = f"/api/atlas/v2/orgs/{server.org_id}/apiKeys"
    one = f"{org}/{key_id}"
    group = f"/api/atlas/v2/groups/{server.project_id}/apiKeys/{key_id}"
    return _together(
        server,
        [
            lambda c: c.delete(one),
            lambda c: c.delete(one),
            lambda c: c.post(group, json=[{"roles": ["GROUP_READ_ONLY"]}]),
            lambda c: c.patch(one, json={"roles": ["ORG_OWNER"]}),
            lambda c: c.post(f"{one}/accessList", json=[{"ipAddress": "10.9.8.7"}]),
        ],
    )


@pytest.mark.parametrize("database", DATABASES)
def test_a_delete_racing_changes_to_the_key_leaves_nothing_behind(
    request: pytest.FixtureRequest, database: str
) -> None:
    server = _server(request, database)
    owner = server.digest(accept=ACCEPT)
    org = f"/api/atlas/v2/orgs/{server.org_id}/apiKeys"
    for round_ in range(3):
        made = owner.post(org, json={"desc": f"racer {round_}", "roles": ["ORG_MEMBER"]})
        assert made.status_code == 200, made.text
        key_id = made.json()["id"]
        statuses = _race_a_delete(server, key_id)
        assert sorted(statuses[:2]) == [204, 400], statuses
        assert statuses[2] in (204, 400) and statuses[3] in (200, 400) and statuses[4] in (200, 400), statuses
        assert owner.get(f"{org}/{key_id}").status_code == 400
        assert _memberships(server, key_id) == []
