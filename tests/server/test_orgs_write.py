"""Creating, renaming and deleting organizations (Atlas v2, 2023-01-01): ``createOrg``, ``updateOrg``,
``deleteOrg``.

Nothing is recorded for these three: statuses are the spec's (create 201, update 200, delete 204). Deleting an
organization that still has projects is 409 ``ORG_NOT_EMPTY`` (MongoDB's catalog). ``createOrg`` acts from the
caller's own organization, where it must be an Organization Owner.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
USERS_API = "application/vnd.atlas.2025-02-19+json"
ORG_KEYS = ["id", "isDeleted", "links", "name", "skipDefaultAlertsSettings"]
MISSING = "5f0000000000000000000000"
_names = itertools.count()


def _name() -> str:
    return f"Org write {next(_names)}"


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        [home] = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Org Write Home",
                        "projects": [{"name": "Home project"}],
                        "users": [
                            {"username": "boss@example.com", "orgRoles": ["ORG_OWNER"]},
                            {"username": "staff@example.com", "orgRoles": ["ORG_MEMBER"]},
                        ],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "reader", "orgRoles": ["ORG_READ_ONLY"]},
                        ],
                    }
                ]
            }
        )["orgs"]
        self.org_id = home["id"]
        self.users = {user["username"]: user["id"] for user in home["users"]}
        owner, reader = home["apiKeys"]
        self.owner = server.digest(owner["publicKey"], owner["privateKey"], accept=ACCEPT)
        self.reader = server.digest(reader["publicKey"], reader["privateKey"], accept=ACCEPT)

    def org_with_owner(self, client: httpx.Client | None = None, **body: Any) -> httpx.Response:
        body.setdefault("name", _name())
        body.setdefault("orgOwnerId", self.users["boss@example.com"])
        return (client or self.owner).post("/api/atlas/v2/orgs", json=body)

    def new_org(self) -> dict[str, Any]:
        """A new organization whose owner is a fixture key of its own: (org id, a client of that key)."""
        [built] = self.server.fixtures(
            {"orgs": [{"name": _name(), "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}]}]}
        )["orgs"]
        key = built["apiKeys"][0]
        return {"id": built["id"], "client": self.server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("orgs-write")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- updateOrg ----------------------------------------------------------------------------------------------------


def test_rename_answers_the_organization_and_writes_ORG_RENAMED(world: World) -> None:
    org = world.new_org()
    client, org_id = org["client"], org["id"]
    response = client.patch(f"/api/atlas/v2/orgs/{org_id}", json={"name": "Renamed (by test) & co"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ORG_KEYS
    assert (body["id"], body["name"], body["skipDefaultAlertsSettings"]) == (org_id, "Renamed (by test) & co", False)
    assert client.get(f"/api/atlas/v2/orgs/{org_id}").json() == body
    assert [o["name"] for o in client.get("/api/atlas/v2/orgs").json()["results"]] == ["Renamed (by test) & co"]
    events = client.get(f"/api/atlas/v2/orgs/{org_id}/events").json()["results"]
    assert [e["eventTypeName"] for e in events] == ["ORG_RENAMED"]


def test_update_sets_skipDefaultAlertsSettings_and_the_same_name_writes_no_event(world: World) -> None:
    org = world.new_org()
    client, org_id = org["client"], org["id"]
    name = client.get(f"/api/atlas/v2/orgs/{org_id}").json()["name"]
    response = client.patch(f"/api/atlas/v2/orgs/{org_id}", json={"name": name, "skipDefaultAlertsSettings": True})
    assert response.status_code == 200, response.text
    assert client.get(f"/api/atlas/v2/orgs/{org_id}").json()["skipDefaultAlertsSettings"] is True
    assert client.get(f"/api/atlas/v2/orgs/{org_id}/events").json()["results"] == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MISSING_ATTRIBUTE"),
        ({"name": ""}, "INVALID_ATTRIBUTE"),
        ({"name": "x" * 65}, "INVALID_ATTRIBUTE"),
        ({"name": "slash/not allowed"}, "INVALID_ATTRIBUTE"),
        ({"name": "ok", "id": MISSING}, "INVALID_ATTRIBUTE"),
        ({"name": 5}, "INVALID_JSON_ATTRIBUTE"),
    ],
)
def test_bad_update_bodies_are_refused_and_change_nothing(world: World, body: dict[str, Any], code: str) -> None:
    before = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}").json()
    expect_error(world.owner.patch(f"/api/atlas/v2/orgs/{world.org_id}", json=body), 400, code)
    assert world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}").json() == before


def test_only_an_owner_renames(world: World) -> None:
    response = world.reader.patch(f"/api/atlas/v2/orgs/{world.org_id}", json={"name": "no"})
    expect_error(response, 401, "USER_UNAUTHORIZED")


# --- deleteOrg ----------------------------------------------------------------------------------------------------


def test_an_organization_with_projects_is_not_deleted(world: World) -> None:
    body = expect_error(world.owner.delete(f"/api/atlas/v2/orgs/{world.org_id}"), 409, "ORG_NOT_EMPTY")
    assert body["detail"] == "Organization cannot be deleted because it still contains active groups."
    assert world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}").status_code == 200


def test_delete_answers_204_and_takes_the_organization_and_its_credentials(world: World) -> None:
    org = world.new_org()
    client, org_id = org["client"], org["id"]
    project = client.post("/api/atlas/v2/groups", json={"name": "short-lived", "orgId": org_id})
    assert project.status_code == 201, project.text
    expect_error(client.delete(f"/api/atlas/v2/orgs/{org_id}"), 409, "ORG_NOT_EMPTY")
    assert client.delete(f"/api/atlas/v2/groups/{project.json()['id']}").status_code == 202
    response = client.delete(f"/api/atlas/v2/orgs/{org_id}")
    assert (response.status_code, response.content) == (204, b"")
    # The organization's own key went with it: it no longer authenticates.
    assert client.get(f"/api/atlas/v2/orgs/{org_id}").status_code == 401
    expect_error(world.owner.get(f"/api/atlas/v2/orgs/{org_id}"), 404, "ORG_NOT_FOUND")


def test_delete_of_unknown_or_malformed_organizations(world: World) -> None:
    expect_error(world.owner.delete(f"/api/atlas/v2/orgs/{MISSING}"), 404, "ORG_NOT_FOUND")
    expect_error(world.owner.delete("/api/atlas/v2/orgs/nope"), 404, "INVALID_ORG_ID")


def test_only_an_owner_deletes(world: World) -> None:
    expect_error(world.reader.delete(f"/api/atlas/v2/orgs/{world.org_id}"), 401, "USER_UNAUTHORIZED")


# --- createOrg ----------------------------------------------------------------------------------------------------


def test_create_with_an_owner_user(world: World) -> None:
    name = _name()
    response = world.org_with_owner(name=name)
    assert response.status_code == 201, response.text
    body = response.json()
    boss = world.users["boss@example.com"]
    assert list(body) == ["orgOwnerId", "organization", "skipDefaultAlertsSettings"]
    assert (body["orgOwnerId"], body["skipDefaultAlertsSettings"]) == (boss, False)
    org = body["organization"]
    assert list(org) == ORG_KEYS and org["name"] == name
    # The caller does not join the new organization (an API key belongs to one organization).
    expect_error(world.owner.get(f"/api/atlas/v2/orgs/{org['id']}"), 401, "USER_CANNOT_ACCESS_ORG")
    assert org["id"] not in [o["id"] for o in world.owner.get("/api/atlas/v2/orgs").json()["results"]]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"orgOwnerId": None}, 400, "MISSING_ATTRIBUTE"),
        ({"orgOwnerId": "nope"}, 400, "INVALID_ATTRIBUTE"),
        ({"orgOwnerId": MISSING}, 404, "USER_NOT_FOUND"),
        ({"name": None}, 400, "MISSING_ATTRIBUTE"),
        ({"name": "bad/name"}, 400, "INVALID_ATTRIBUTE"),
        ({"federationSettingsId": MISSING}, 404, "RESOURCE_NOT_FOUND"),
        ({"unknown": 1}, 400, "INVALID_ATTRIBUTE"),
    ],
)
def test_bad_create_bodies_are_refused(world: World, body: dict[str, Any], status: int, code: str) -> None:
    merged = {"name": _name(), "orgOwnerId": world.users["boss@example.com"], **body}
    merged = {key: value for key, value in merged.items() if value is not None}
    expect_error(world.owner.post("/api/atlas/v2/orgs", json=merged), status, code)


def test_the_owner_must_be_a_member_of_the_callers_organization(world: World) -> None:
    [other] = world.server.fixtures(
        {"orgs": [{"name": _name(), "users": [{"username": "outsider@example.com", "orgRoles": ["ORG_OWNER"]}]}]}
    )["orgs"]
    outsider = other["users"][0]["id"]
    expect_error(world.org_with_owner(orgOwnerId=outsider), 404, "USER_NOT_IN_ORG")


def test_only_an_owner_of_its_own_organization_creates_one(world: World) -> None:
    expect_error(world.org_with_owner(world.reader), 401, "USER_UNAUTHORIZED")


def _count_orgs(world: World) -> int:
    path = world.server.data_dir / "atlas-access.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM organizations").fetchone()[0])


FIRST_KEY = {"desc": "first owner key", "roles": ["ORG_OWNER"]}
FIRST_ACCOUNT = {
    "name": "first account",
    "description": "reads everything",
    "roles": ["ORG_READ_ONLY"],
    "secretExpiresAfterHours": 24,
}


def test_create_with_a_first_api_key_and_service_account_that_work_at_once(world: World) -> None:
    """The spec's create body: the new organization's first key and account, their secrets shown this once."""
    response = world.owner.post(
        "/api/atlas/v2/orgs", json={"name": _name(), "apiKey": FIRST_KEY, "serviceAccount": FIRST_ACCOUNT}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert list(body) == ["apiKey", "organization", "serviceAccount", "skipDefaultAlertsSettings"]
    org_id, key, account = body["organization"]["id"], body["apiKey"], body["serviceAccount"]
    assert key["desc"] == "first owner key"
    assert [(r["orgId"], r["roleName"]) for r in key["roles"]] == [(org_id, "ORG_OWNER")]
    assert not key["privateKey"].startswith("*")
    assert (account["name"], account["roles"]) == ("first account", ["ORG_READ_ONLY"])
    [secret] = account["secrets"]
    assert secret["secret"].startswith("mdb_sa_sk_")
    # The key owns the new organization: it reads it, and it may create a project there.
    owner = world.server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)
    assert owner.get(f"/api/atlas/v2/orgs/{org_id}").json()["name"] == body["organization"]["name"]
    shown = owner.get(f"/api/atlas/v2/orgs/{org_id}/apiKeys/{key['id']}").json()["privateKey"]
    assert shown == "********-****-****-" + key["privateKey"][-12:]
    assert owner.post("/api/atlas/v2/groups", json={"name": "first", "orgId": org_id}).status_code == 201
    # The account reads but does not create (ORG_READ_ONLY).
    reader = world.server.bearer(account["clientId"], secret["secret"], accept=ACCEPT)
    assert [o["id"] for o in reader.get("/api/atlas/v2/orgs").json()["results"]] == [org_id]
    refused = reader.post("/api/atlas/v2/groups", json={"name": "second", "orgId": org_id})
    expect_error(refused, 401, "NOT_ORG_GROUP_CREATOR")
    # Its feed tells the story: the organization, then its first key and account.
    events = owner.get(f"/api/atlas/v2/orgs/{org_id}/events").json()["results"]
    assert sorted(e["eventTypeName"] for e in events) == ["API_KEY_CREATED", "ORG_CREATED", "SERVICE_ACCOUNT_CREATED"]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"apiKey": {"desc": "no roles"}}, "MISSING_API_KEY_ROLES"),
        ({"apiKey": {"desc": "bad role", "roles": ["GROUP_OWNER"]}}, "INVALID_ROLE_FOR_ORG"),
        ({"apiKey": {"roles": ["ORG_OWNER"]}}, "MISSING_ATTRIBUTE"),
        ({"serviceAccount": {**FIRST_ACCOUNT, "secretExpiresAfterHours": 0}}, "INVALID_ATTRIBUTE"),
        ({"serviceAccount": {**FIRST_ACCOUNT, "roles": ["NOPE"]}}, "INVALID_ROLE_FOR_ORG"),
        ({"serviceAccount": {"name": "half"}}, "MISSING_ATTRIBUTE"),
    ],
)
def test_a_bad_first_key_or_account_leaves_no_organization(world: World, extra: dict[str, Any], code: str) -> None:
    before = _count_orgs(world)
    response = world.owner.post("/api/atlas/v2/orgs", json={"name": _name(), "apiKey": FIRST_KEY, **extra})
    expect_error(response, 400, code)
    assert _count_orgs(world) == before
