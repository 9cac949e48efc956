"""A project's service accounts (Atlas v2, 2024-08-05): ``listGroupServiceAccounts``, ``createGroupServiceAccount``,
``getGroupServiceAccount``, ``updateGroupServiceAccount``, ``deleteGroupServiceAccount``,
``inviteGroupServiceAccount``, ``createGroupServiceAccountSecret``, ``deleteGroupServiceAccountSecret``.

The spec: an account created through a project is an Organization Member of the project's organization;
removing it from the project leaves it in the organization with working credentials. Ours: inviting an account
the project already has is 409 ``SERVICE_ACCOUNT_ALREADY_IN_GROUP``; an account of the organization that is not
assigned to the project is 404 ``SERVICE_ACCOUNT_NOT_FOUND`` under the project; the events of these operations go
to the project's feed.
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
ACCOUNT_KEYS = ["clientId", "createdAt", "description", "name", "roles", "secrets"]
_names = itertools.count()


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Project SA Home",
                        "projects": [{"name": "Main"}, {"name": "Other"}],
                        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                    },
                    {"name": "Project SA Away", "serviceAccounts": [{"name": "foreign", "orgRoles": ["ORG_OWNER"]}]},
                ]
            }
        )["orgs"]
        self.org_id = home["id"]
        self.group_id, self.other_group_id = (p["id"] for p in home["projects"])
        self.owner = server.digest(home["apiKeys"][0]["publicKey"], home["apiKeys"][0]["privateKey"], accept=ACCEPT)
        self.foreign_client_id = away["serviceAccounts"][0]["clientId"]
        self.org_base = f"/api/atlas/v2/orgs/{self.org_id}/serviceAccounts"
        self.base = f"/api/atlas/v2/groups/{self.group_id}/serviceAccounts"

    def create(self, **body: Any) -> httpx.Response:
        body.setdefault("name", f"project account {next(_names)}")
        body.setdefault("description", "made through a project")
        body.setdefault("roles", ["GROUP_READ_ONLY"])
        body.setdefault("secretExpiresAfterHours", 24)
        return self.owner.post(self.base, json=body)

    def created(self, **body: Any) -> dict[str, Any]:
        response = self.create(**body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def org_account(self) -> dict[str, Any]:
        body = {"name": f"org account {next(_names)}", "description": "d", "roles": ["ORG_MEMBER"]}
        response = self.owner.post(self.org_base, json={**body, "secretExpiresAfterHours": 24})
        assert response.status_code == 201, response.text
        return dict(response.json())

    def invite(self, client_id: str, roles: list[str], group_id: str | None = None) -> httpx.Response:
        path = f"/api/atlas/v2/groups/{group_id or self.group_id}/serviceAccounts/{client_id}:invite"
        return self.owner.post(path, json={"roles": roles})

    def events(self, client_id: str, group_id: str | None = None) -> list[str]:
        """Event types about the account in a project's feed (``group_id``) or the org's, oldest first."""
        path = f"/api/atlas/v2/groups/{group_id}/events" if group_id else f"/api/atlas/v2/orgs/{self.org_id}/events"
        response = self.owner.get(path, params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return [e["eventTypeName"] for e in reversed(response.json()["results"]) if e.get("clientId") == client_id]

    def mint(self, client_id: str, secret: str) -> int:
        response = httpx.post(
            f"{self.server.base_url}/api/oauth/token",
            auth=(client_id, secret),
            data={"grant_type": "client_credentials"},
            trust_env=False,
        )
        return response.status_code


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("project-service-accounts")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- createGroupServiceAccount ------------------------------------------------------------------------------------


def test_create_makes_an_org_member_with_roles_in_the_project(world: World) -> None:
    response = world.create(name="project robot", roles=["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"])
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    account = response.json()
    assert list(account) == ACCOUNT_KEYS
    assert account["roles"] == ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]
    client_id, secret = account["clientId"], account["secrets"][0]["secret"]
    assert secret.startswith("mdb_sa_sk_")
    # In the project (its roles there), in the organization (an Organization Member), nowhere else.
    in_project = world.owner.get(f"{world.base}/{client_id}").json()
    assert in_project["roles"] == account["roles"]
    assert "secret" not in in_project["secrets"][0]
    assert world.owner.get(f"{world.org_base}/{client_id}").json()["roles"] == ["ORG_MEMBER"]
    groups = world.owner.get(f"{world.org_base}/{client_id}/groups").json()["results"]
    assert groups == [{"groupId": world.group_id, "roles": account["roles"]}]
    listed = [a["clientId"] for a in world.owner.get(world.base).json()["results"]]
    assert client_id in listed
    assert world.mint(client_id, secret) == 200
    # The event is in the project's feed, not the organization's.
    assert world.events(client_id, world.group_id) == ["SERVICE_ACCOUNT_CREATED"]
    assert world.events(client_id) == []


@pytest.mark.parametrize(
    ("roles", "code"),
    [
        ([], "MISSING_ATTRIBUTE"),
        (["ORG_OWNER"], "INVALID_ROLE_FOR_GROUP"),
        (["GROUP_USER_ADMIN"], "INVALID_ROLE_FOR_GROUP"),
        (["GROUP_READ_ONLY", "NOPE"], "INVALID_ROLE_FOR_GROUP"),
    ],
)
def test_create_needs_atlas_project_roles(world: World, roles: list[str], code: str) -> None:
    before = world.owner.get(world.org_base).json()["totalCount"]
    expect_error(world.create(roles=roles), 400, code)
    assert world.owner.get(world.org_base).json()["totalCount"] == before


def test_create_checks_the_secret_lifetime_and_the_names(world: World) -> None:
    expect_error(world.create(secretExpiresAfterHours=2), 400, "INVALID_ATTRIBUTE")
    expect_error(world.create(name="a" * 65), 400, "INVALID_ATTRIBUTE")
    expect_error(world.owner.post(world.base, json={"name": "x"}), 400, "MISSING_ATTRIBUTE")


# --- listGroupServiceAccounts, getGroupServiceAccount -------------------------------------------------------------


def test_list_shows_the_assigned_accounts_with_their_project_roles(world: World) -> None:
    made = world.created(roles=["GROUP_OWNER"])
    loner = world.org_account()  # in the organization, not in the project
    response = world.owner.get(world.base, params={"includeSystemManaged": "false"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    body = response.json()
    shown = {a["clientId"]: a for a in body["results"]}
    assert shown[made["clientId"]]["roles"] == ["GROUP_OWNER"]
    assert loner["clientId"] not in shown
    assert body["totalCount"] == len(body["results"])
    expect_error(world.owner.get(f"{world.base}/{loner['clientId']}"), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    expect_error(world.owner.get(world.base, params={"includeSystemManaged": "2"}), 400, "INVALID_QUERY_PARAMETER")


def test_accounts_of_another_project_or_org_are_not_found_here(world: World) -> None:
    elsewhere = world.org_account()
    assert world.invite(elsewhere["clientId"], ["GROUP_READ_ONLY"], world.other_group_id).status_code == 200
    for client_id in (elsewhere["clientId"], world.foreign_client_id, "mdb_sa_id_bad"):
        for method, path, body in [
            ("GET", f"{world.base}/{client_id}", None),
            ("PATCH", f"{world.base}/{client_id}", {"roles": ["GROUP_OWNER"]}),
            ("DELETE", f"{world.base}/{client_id}", None),
            ("POST", f"{world.base}/{client_id}/secrets", {"secretExpiresAfterHours": 24}),
        ]:
            expect_error(world.owner.request(method, path, json=body), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    # Nothing changed for the account in its own project.
    groups = world.owner.get(f"{world.org_base}/{elsewhere['clientId']}/groups").json()["results"]
    assert groups == [{"groupId": world.other_group_id, "roles": ["GROUP_READ_ONLY"]}]


# --- inviteGroupServiceAccount ------------------------------------------------------------------------------------


def test_invite_assigns_an_existing_account_once(world: World) -> None:
    account = world.org_account()
    client_id = account["clientId"]
    response = world.invite(client_id, ["GROUP_CLUSTER_MANAGER", "GROUP_READ_ONLY", "GROUP_READ_ONLY"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assigned = response.json()
    assert list(assigned) == ACCOUNT_KEYS
    assert (assigned["clientId"], assigned["roles"]) == (client_id, ["GROUP_CLUSTER_MANAGER", "GROUP_READ_ONLY"])
    assert "secret" not in assigned["secrets"][0]
    assert world.owner.get(f"{world.base}/{client_id}").json() == assigned
    # Its organization roles are untouched.
    assert world.owner.get(f"{world.org_base}/{client_id}").json()["roles"] == ["ORG_MEMBER"]
    assert world.events(client_id, world.group_id) == ["SERVICE_ACCOUNT_ADDED_TO_GROUP"]
    # Again: a conflict, and the roles stay.
    answer = expect_error(world.invite(client_id, ["GROUP_OWNER"]), 409, "SERVICE_ACCOUNT_ALREADY_IN_GROUP")
    assert answer["parameters"] == [client_id, world.group_id]
    assert world.owner.get(f"{world.base}/{client_id}").json()["roles"] == assigned["roles"]


def test_invite_refuses_unknown_foreign_accounts_and_bad_roles(world: World) -> None:
    expect_error(world.invite(world.foreign_client_id, ["GROUP_READ_ONLY"]), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    expect_error(world.invite("mdb_sa_id_" + "0" * 24, ["GROUP_READ_ONLY"]), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    account = world.org_account()
    expect_error(world.invite(account["clientId"], []), 400, "MISSING_ATTRIBUTE")
    expect_error(world.invite(account["clientId"], ["ORG_MEMBER"]), 400, "INVALID_ROLE_FOR_GROUP")
    path = f"{world.base}/{account['clientId']}:invite"
    expect_error(world.owner.post(path, json={"groupRoles": ["GROUP_OWNER"]}), 400, "MISSING_ATTRIBUTE")
    both = {"roles": ["GROUP_OWNER"], "groupRoles": ["GROUP_OWNER"]}
    expect_error(world.owner.post(path, json=both), 400, "INVALID_ATTRIBUTE")
    assert world.owner.get(f"{world.org_base}/{account['clientId']}/groups").json()["results"] == []


# --- updateGroupServiceAccount ------------------------------------------------------------------------------------


def test_update_changes_the_project_roles_and_the_accounts_details(world: World) -> None:
    account = world.created(roles=["GROUP_READ_ONLY"])
    client_id = account["clientId"]
    one = f"{world.base}/{client_id}"
    response = world.owner.patch(one, json={"roles": ["GROUP_OWNER"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.json()["roles"] == ["GROUP_OWNER"]
    renamed = world.owner.patch(one, json={"name": "Renamed", "description": "changed here"}).json()
    assert (renamed["name"], renamed["description"], renamed["roles"]) == ("Renamed", "changed here", ["GROUP_OWNER"])
    # The name is the account's own: the organization sees it too; its org roles did not move.
    in_org = world.owner.get(f"{world.org_base}/{client_id}").json()
    assert (in_org["name"], in_org["roles"]) == ("Renamed", ["ORG_MEMBER"])
    assert world.owner.patch(one, json={"roles": ["GROUP_OWNER"]}).status_code == 200  # no change, no event
    assert world.events(client_id, world.group_id) == [
        "SERVICE_ACCOUNT_CREATED",
        "SERVICE_ACCOUNT_ROLES_CHANGED",
        "SERVICE_ACCOUNT_DETAILS_CHANGED",
    ]
    expect_error(world.owner.patch(one, json={"roles": []}), 400, "MISSING_ATTRIBUTE")
    expect_error(world.owner.patch(one, json={"roles": ["ORG_OWNER"]}), 400, "INVALID_ROLE_FOR_GROUP")
    assert world.owner.get(one).json()["roles"] == ["GROUP_OWNER"]


# --- deleteGroupServiceAccount ------------------------------------------------------------------------------------


def test_delete_takes_the_account_out_of_the_project_only(world: World) -> None:
    account = world.created(roles=["GROUP_READ_ONLY"])
    client_id, secret = account["clientId"], account["secrets"][0]["secret"]
    response = world.owner.delete(f"{world.base}/{client_id}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    expect_error(world.owner.get(f"{world.base}/{client_id}"), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    assert client_id not in [a["clientId"] for a in world.owner.get(world.base).json()["results"]]
    # Still in the organization, with its secret working.
    assert world.owner.get(f"{world.org_base}/{client_id}").status_code == 200
    assert world.owner.get(f"{world.org_base}/{client_id}/groups").json()["results"] == []
    assert world.mint(client_id, secret) == 200
    assert world.events(client_id, world.group_id)[-1] == "SERVICE_ACCOUNT_REMOVED_FROM_GROUP"
    expect_error(world.owner.delete(f"{world.base}/{client_id}"), 404, "SERVICE_ACCOUNT_NOT_FOUND")
    # It can be assigned again.
    assert world.invite(client_id, ["GROUP_READ_ONLY"]).status_code == 200


# --- secrets under the project ------------------------------------------------------------------------------------


def test_secrets_through_the_project_with_events_in_its_feed(world: World) -> None:
    account = world.created()
    client_id = account["clientId"]
    response = world.owner.post(f"{world.base}/{client_id}/secrets", json={"secretExpiresAfterHours": 100})
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    secret = response.json()
    assert world.mint(client_id, secret["secret"]) == 200
    assert [s["id"] for s in world.owner.get(f"{world.org_base}/{client_id}").json()["secrets"]] == [
        account["secrets"][0]["id"],
        secret["id"],
    ]
    deleted = world.owner.delete(f"{world.base}/{client_id}/secrets/{secret['id']}")
    assert deleted.status_code == 204, deleted.text
    assert world.mint(client_id, secret["secret"]) == 401
    assert world.mint(client_id, account["secrets"][0]["secret"]) == 200
    assert world.events(client_id, world.group_id) == [
        "SERVICE_ACCOUNT_CREATED",
        "SERVICE_ACCOUNT_SECRET_ADDED",
        "SERVICE_ACCOUNT_SECRET_DELETED",
    ]
    assert world.events(client_id) == []
    expect_error(
        world.owner.delete(f"{world.base}/{client_id}/secrets/{secret['id']}"), 404, "SERVICE_ACCOUNT_SECRET_NOT_FOUND"
    )
    expect_error(
        world.owner.post(f"{world.base}/{client_id}/secrets", json={"secretExpiresAfterHours": 0}),
        400,
        "INVALID_ATTRIBUTE",
    )


# --- who may ------------------------------------------------------------------------------------------------------


def test_inviting_takes_an_organization_owner(world: World) -> None:
    account = world.org_account()
    # The account itself holds GROUP_OWNER in the project but is only an Organization Member.
    owner = world.created(roles=["GROUP_OWNER"])
    as_project_owner = world.server.bearer(owner["clientId"], owner["secrets"][0]["secret"], accept=ACCEPT)
    path = f"{world.base}/{account['clientId']}:invite"
    expect_error(as_project_owner.post(path, json={"roles": ["GROUP_READ_ONLY"]}), 401, "USER_UNAUTHORIZED")
    # What a Project Owner may do: create an account there and change its roles.
    made = as_project_owner.post(
        world.base,
        json={"name": "by po", "description": "d", "roles": ["GROUP_READ_ONLY"], "secretExpiresAfterHours": 24},
    )
    assert made.status_code == 201, made.text
    patched = as_project_owner.patch(f"{world.base}/{made.json()['clientId']}", json={"roles": ["GROUP_OWNER"]})
    assert patched.status_code == 200, patched.text
    # ...but not in another project.
    elsewhere = as_project_owner.get(f"/api/atlas/v2/groups/{world.other_group_id}/serviceAccounts")
    expect_error(elsewhere, 401, "NOT_IN_GROUP")
