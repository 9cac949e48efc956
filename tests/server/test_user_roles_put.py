"""The deprecated role replacements ``updateOrgUserRoles`` (PUT ``/orgs/{orgId}/users/{userId}/roles``) and
``updateGroupUserRoles`` (PUT ``/groups/{groupId}/users/{userId}/roles``), 2023-01-01, and ``addGroupAccessUser``
(POST ``/groups/{groupId}/access``, 2023-02-01): the users API's rules under older shapes (docs/org-settings.md).
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

OLD = "application/vnd.atlas.2023-01-01+json"
ACCESS = "application/vnd.atlas.2023-02-01+json"
USERS = "application/vnd.atlas.2025-02-19+json"
_names = itertools.count()


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server

    def org(self) -> dict[str, Any]:
        """A new organization with a project, an owner key, a project-owner key and two users: an owner and a
        member with roles in the project."""
        n = next(_names)
        (org,) = self.server.fixtures(
            {
                "orgs": [
                    {
                        "name": f"roles-{n}",
                        "projects": [{"name": "P"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {
                                "description": "project owner",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"P": ["GROUP_OWNER"]},
                            },
                        ],
                        "users": [
                            {"username": f"boss-{n}@example.com", "orgRoles": ["ORG_OWNER"]},
                            {
                                "username": f"worker-{n}@example.com",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"P": ["GROUP_READ_ONLY"]},
                            },
                        ],
                    }
                ]
            }
        )["orgs"]
        owner, project_owner = (self.server.digest(k["publicKey"], k["privateKey"], accept=OLD) for k in org["apiKeys"])
        users = {user["username"].split("-")[0]: user["id"] for user in org["users"]}
        return {
            "id": org["id"],
            "group": org["projects"][0]["id"],
            "owner": owner,
            "project_owner": project_owner,
            **users,
        }


def events(client: httpx.Client, path: str) -> list[str]:
    response = client.get(f"{path}/events", params={"itemsPerPage": 500})
    assert response.status_code == 200, response.text
    return [e["eventTypeName"] for e in reversed(response.json()["results"])]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("user-roles")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_org_roles_are_replaced_and_read_back(world: World) -> None:
    org = world.org()
    path = f"/api/atlas/v2/orgs/{org['id']}/users/{org['worker']}/roles"
    response = org["owner"].put(path, json={"orgRoles": ["ORG_BILLING_ADMIN", "ORG_READ_ONLY"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    assert response.headers["sunset"] == "Thu, 1 Jul 2027 00:00:00 GMT"
    assert response.json() == {"orgRoles": ["ORG_BILLING_ADMIN", "ORG_READ_ONLY"]}
    user = org["owner"].get(f"/api/atlas/v2/orgs/{org['id']}/users/{org['worker']}", headers={"Accept": USERS})
    assert sorted(user.json()["roles"]["orgRoles"]) == ["ORG_BILLING_ADMIN", "ORG_READ_ONLY"]
    assert events(org["owner"], f"/api/atlas/v2/orgs/{org['id']}")[-1] == "USER_ROLES_CHANGED_AUDIT"


def test_org_role_rules_are_the_users_apis(world: World) -> None:
    org = world.org()
    owner, base = org["owner"], f"/api/atlas/v2/orgs/{org['id']}/users"
    found = expect_error(
        owner.put(f"{base}/{org['boss']}/roles", json={"orgRoles": ["ORG_MEMBER"]}), 403, "CANNOT_DELETE_LAST_ADMIN"
    )
    assert found["error"] == 403
    expect_error(
        owner.put(f"{base}/{org['worker']}/roles", json={"orgRoles": ["GROUP_OWNER"]}), 400, "INVALID_ROLE_FOR_ORG"
    )
    expect_error(owner.put(f"{base}/{org['worker']}/roles", json={"orgRoles": []}), 403, "CANNOT_REMOVE_ALL_USER_ROLES")
    expect_error(owner.put(f"{base}/{org['worker']}/roles", json={}), 400, "MISSING_ATTRIBUTE")
    expect_error(
        owner.put(f"{base}/{org['worker']}/roles", json={"orgRoles": "ORG_OWNER"}), 400, "INVALID_JSON_ATTRIBUTE"
    )
    expect_error(owner.put(f"{base}/{'0' * 24}/roles", json={"orgRoles": ["ORG_MEMBER"]}), 404, "USER_NOT_FOUND")
    expect_error(owner.put(f"{base}/nope/roles", json={"orgRoles": ["ORG_MEMBER"]}), 404, "INVALID_USER_ID")
    denied = org["project_owner"].put(f"{base}/{org['worker']}/roles", json={"orgRoles": ["ORG_OWNER"]})
    expect_error(denied, 401, "USER_UNAUTHORIZED")
    user = owner.get(f"{base}/{org['worker']}", headers={"Accept": USERS}).json()
    assert user["roles"]["orgRoles"] == ["ORG_MEMBER"]
    # With a second owner, the first may step down.
    assert owner.put(f"{base}/{org['worker']}/roles", json={"orgRoles": ["ORG_OWNER"]}).status_code == 200
    assert owner.put(f"{base}/{org['boss']}/roles", json={"orgRoles": ["ORG_MEMBER"]}).json() == {
        "orgRoles": ["ORG_MEMBER"]
    }


def test_project_roles_are_replaced_and_read_back(world: World) -> None:
    org = world.org()
    group = f"/api/atlas/v2/groups/{org['group']}"
    body = {"groupRoles": ["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_OWNER"]}
    response = org["project_owner"].put(f"{group}/users/{org['worker']}/roles", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == body
    user = org["owner"].get(f"{group}/users/{org['worker']}", headers={"Accept": USERS}).json()
    assert sorted(user["roles"]) == ["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_OWNER"]
    assert events(org["owner"], group)[-1] == "USER_ROLES_CHANGED_AUDIT"
    expect_error(
        org["owner"].put(f"{group}/users/{org['worker']}/roles", json={"groupRoles": ["ORG_OWNER"]}),
        400,
        "INVALID_ROLE_FOR_GROUP",
    )
    expect_error(
        org["owner"].put(f"{group}/users/{org['worker']}/roles", json={"groupRoles": []}),
        403,
        "CANNOT_REMOVE_ALL_USER_ROLES",
    )
    expect_error(
        org["owner"].put(f"{group}/users/{org['boss']}/roles", json={"groupRoles": ["GROUP_OWNER"]}),
        404,
        "USER_NOT_IN_GROUP",
    )
    assert (
        org["owner"].get(f"{group}/users/{org['worker']}", headers={"Accept": USERS}).json()["roles"] == user["roles"]
    )


def test_add_access_user_invites_a_stranger_and_adds_a_member(world: World) -> None:
    org = world.org()
    group = f"/api/atlas/v2/groups/{org['group']}"
    client, headers = org["project_owner"], {"Accept": ACCESS}
    stranger = f"stranger-{next(_names)}@example.com"
    response = client.post(
        f"{group}/access", json={"username": stranger, "roles": ["GROUP_READ_ONLY"]}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.atlas.2023-02-01+json;charset=utf-8"
    invitation = response.json()
    assert invitation["username"] == stranger and invitation["orgId"] == org["id"]
    assert invitation["roles"] == ["ORG_MEMBER"]
    assert invitation["groupRoleAssignments"] == [{"groupId": org["group"], "groupRole": "GROUP_READ_ONLY"}]
    listed = org["owner"].get(f"/api/atlas/v2/orgs/{org['id']}/invites").json()
    assert [one["id"] for one in listed] == [invitation["id"]]
    # An organization member is added at once: 204, no body, and a project user afterwards.
    boss = org["owner"].get(f"/api/atlas/v2/orgs/{org['id']}/users/{org['boss']}", headers={"Accept": USERS}).json()
    added = client.post(
        f"{group}/access", json={"username": boss["username"], "roles": ["GROUP_OWNER"]}, headers=headers
    )
    assert added.status_code == 204 and added.content == b""
    user = org["owner"].get(f"{group}/users/{org['boss']}", headers={"Accept": USERS}).json()
    assert user["roles"] == ["GROUP_OWNER"]
    again = client.post(
        f"{group}/access", json={"username": boss["username"], "roles": ["GROUP_OWNER"]}, headers=headers
    )
    expect_error(again, 409, "USER_ALREADY_EXISTS")
    expect_error(
        client.post(f"{group}/access", json={"username": "nope", "roles": ["GROUP_OWNER"]}, headers=headers),
        400,
        "INVALID_USERNAME",
    )
    expect_error(client.post(f"{group}/access", json={"username": stranger}, headers=headers), 400, "MISSING_ATTRIBUTE")
    expect_error(
        client.post(f"{group}/access", json={"username": stranger, "roles": ["x"]}, headers=headers),
        400,
        "INVALID_ROLE_FOR_GROUP",
    )
    expect_error(
        client.post(f"{group}/access", json={"username": stranger, "roles": ["GROUP_OWNER"]}),
        406,
        "INVALID_VERSION_DATE",
    )
    assert events(org["owner"], group)[-1] == "JOINED_GROUP"
