"""Creating, updating and deleting projects (Atlas v2, 2023-01-01): ``createGroup``, ``updateGroup``,
``deleteGroup``.

Statuses as the real cloud recorded them (``reference/recordings/atlasprojects``): create 201 (the spec says 200),
update 200, delete 202 with ``{}`` (the spec says 204). Names are unique within an organization (409
``GROUP_ALREADY_EXISTS``); tags are stored and replaced whole. Who owns a new project: the creator, plus the user
named by ``projectOwnerId`` or else the organization's oldest owner among its users.
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

ACCEPT = "application/vnd.atlas.2023-01-01+json"
USERS_API = "application/vnd.atlas.2025-02-19+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
GROUP_KEYS = ["clusterCount", "created", "id", "links", "name", "orgId", "tags", "withDefaultAlertsSettings"]
RELATED = ["self", "containers", "clusters", "databaseUsers", "peers", "processes", "whitelist"]
OWNER_USER = "first-owner@example.com"
MISSING = "5f0000000000000000000000"
_names = itertools.count()


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Write Home",
                        "users": [
                            {"username": OWNER_USER, "orgRoles": ["ORG_OWNER"]},
                            {"username": "later-owner@example.com", "orgRoles": ["ORG_OWNER"]},
                            {"username": "member@example.com", "orgRoles": ["ORG_MEMBER"]},
                        ],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "creator", "orgRoles": ["ORG_GROUP_CREATOR"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                        ],
                        "serviceAccounts": [{"name": "creator", "orgRoles": ["ORG_GROUP_CREATOR"]}],
                    },
                    {"name": "Write Away", "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}]},
                ]
            }
        )["orgs"]
        self.org_id, self.away_org_id = home["id"], away["id"]
        self.users = {user["username"]: user["id"] for user in home["users"]}
        keys = home["apiKeys"]
        self.owner, self.creator, self.member = (
            server.digest(k["publicKey"], k["privateKey"], accept=ACCEPT) for k in keys
        )
        self.creator_key_id = keys[1]["id"]
        account = home["serviceAccounts"][0]
        self.account = server.bearer(account["clientId"], account["clientSecret"], accept=ACCEPT)
        away_key = away["apiKeys"][0]
        self.away = server.digest(away_key["publicKey"], away_key["privateKey"], accept=ACCEPT)

    def create(self, client: httpx.Client | None = None, **body: Any) -> httpx.Response:
        body.setdefault("name", f"project-{next(_names)}")
        body.setdefault("orgId", self.org_id)
        params = {"projectOwnerId": body.pop("projectOwnerId")} if "projectOwnerId" in body else None
        return (client or self.owner).post("/api/atlas/v2/groups", json=body, params=params)

    def created(self, client: httpx.Client | None = None, **body: Any) -> dict[str, Any]:
        response = self.create(client, **body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def events(self, path: str) -> list[dict[str, Any]]:
        response = self.owner.get(path)
        assert response.status_code == 200, response.text
        return list(response.json()["results"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("projects-write")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- createGroup --------------------------------------------------------------------------------------------------


def test_create_answers_201_with_the_project_and_stores_it(world: World) -> None:
    tags = [{"key": "env", "value": "e2e"}, {"key": "prod", "value": "false"}]
    response = world.create(name="e2e-proj-939", tags=tags)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    body = response.json()
    assert list(body) == GROUP_KEYS
    assert (body["name"], body["orgId"], body["tags"], body["clusterCount"]) == ("e2e-proj-939", world.org_id, tags, 0)
    assert body["withDefaultAlertsSettings"] is True
    base = f"{world.server.base_url}/api/atlas/v2/groups/{body['id']}"
    assert [link["rel"].rsplit("/", 1)[-1] for link in body["links"]] == RELATED
    assert body["links"][0] == {"href": base, "rel": "self"}
    # Read back: by id, by name, in the lists.
    assert world.owner.get(f"/api/atlas/v2/groups/{body['id']}").json() == body
    assert world.owner.get("/api/atlas/v2/groups/byName/e2e-proj-939").json() == body
    listed = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/groups").json()["results"]
    assert [item["tags"] for item in listed if item["id"] == body["id"]] == [tags]


def test_create_keeps_withDefaultAlertsSettings_false(world: World) -> None:
    body = world.created(withDefaultAlertsSettings=False)
    assert body["withDefaultAlertsSettings"] is False
    assert world.owner.get(f"/api/atlas/v2/groups/{body['id']}").json()["withDefaultAlertsSettings"] is False


def test_create_writes_GROUP_CREATED_in_the_project_feed(world: World) -> None:
    body = world.created()
    [event] = world.events(f"/api/atlas/v2/groups/{body['id']}/events")
    assert event["eventTypeName"] == "GROUP_CREATED"
    assert (event["groupId"], event["orgId"]) == (body["id"], world.org_id)
    assert "apiKeyId" in event


def test_the_oldest_org_owner_user_becomes_project_owner(world: World) -> None:
    """As recorded (Users step after Create): the one project user is an org owner, with GROUP_OWNER."""
    body = world.created()
    users = world.owner.get(f"/api/atlas/v2/groups/{body['id']}/users", headers={"Accept": USERS_API}).json()
    assert [(u["username"], u["roles"]) for u in users["results"]] == [(OWNER_USER, ["GROUP_OWNER"])]


def test_projectOwnerId_names_the_project_owner(world: World) -> None:
    member_id = world.users["member@example.com"]
    body = world.created(projectOwnerId=member_id)
    users = world.owner.get(f"/api/atlas/v2/groups/{body['id']}/users", headers={"Accept": USERS_API}).json()
    assert [(u["username"], u["roles"]) for u in users["results"]] == [("member@example.com", ["GROUP_OWNER"])]
    expect_error(world.create(projectOwnerId=MISSING), 404, "USER_NOT_FOUND")
    expect_error(world.create(projectOwnerId="nope"), 400, "INVALID_QUERY_PARAMETER")


@pytest.mark.parametrize("client_name", ["creator", "account"])
def test_a_project_creator_owns_what_it_creates(world: World, client_name: str) -> None:
    client = getattr(world, client_name)
    body = world.created(client)
    path = f"/api/atlas/v2/groups/{body['id']}"
    assert [item["id"] for item in client.get("/api/atlas/v2/groups").json()["results"]] == [body["id"]]
    assert client.patch(path, json={"name": f"{body['name']}-renamed"}).status_code == 200
    assert client.delete(path).status_code == 202


def test_who_may_not_create(world: World) -> None:
    body = expect_error(world.create(world.member), 401, "NOT_ORG_GROUP_CREATOR")
    assert world.org_id in body["detail"]
    expect_error(world.create(world.away), 401, "USER_CANNOT_ACCESS_ORG")
    expect_error(world.create(orgId=MISSING), 404, "ORG_NOT_FOUND")
    expect_error(world.create(orgId="not-an-id"), 404, "INVALID_ORG_ID")


def test_a_duplicate_name_in_the_org_is_409(world: World) -> None:
    first = world.created(name="twice")
    body = expect_error(world.create(name="twice"), 409, "GROUP_ALREADY_EXISTS")
    assert body["detail"] == 'A group with name "twice" already exists.'
    # Another organization may use the name.
    assert world.create(world.away, name="twice", orgId=world.away_org_id).status_code == 201
    named = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/groups", params={"name": "twice"}).json()
    assert [item["id"] for item in named["results"]] == [first["id"]]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"orgId": "ORG"}, "MISSING_ATTRIBUTE"),
        ({"name": "x", "regionUsageRestrictions": "GOV_REGIONS_ONLY"}, "INVALID_ATTRIBUTE"),
        ({"name": "x", "tags": [{"key": "", "value": "v"}]}, "INVALID_JSON_ATTRIBUTE"),
        ({"name": "x", "tags": [{"key": "k"}]}, "MISSING_ATTRIBUTE"),
        ({"name": "no/slash"}, "INVALID_ATTRIBUTE"),
        ({"name": "x" * 65}, "INVALID_ATTRIBUTE"),
        ({"name": 5}, "INVALID_JSON_ATTRIBUTE"),
    ],
)
def test_bad_bodies_are_400(world: World, body: dict[str, Any], code: str) -> None:
    body = {**body, "orgId": world.org_id}
    expect_error(world.owner.post("/api/atlas/v2/groups", json=body), 400, code)


def test_a_body_without_orgId_is_400(world: World) -> None:
    expect_error(world.owner.post("/api/atlas/v2/groups", json={"name": "orphan"}), 400, "MISSING_ATTRIBUTE")


# --- updateGroup --------------------------------------------------------------------------------------------------


def test_update_sets_name_and_tags_then_resets_tags(world: World) -> None:
    created = world.created(tags=[{"key": "env", "value": "e2e"}])
    path = f"/api/atlas/v2/groups/{created['id']}"
    tags = [{"key": "env", "value": "e2e"}, {"key": "app", "value": "cli"}]
    response = world.owner.patch(path, json={"name": f"{created['name']}-updated", "tags": tags})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    updated = response.json()
    assert updated == {**created, "name": f"{created['name']}-updated", "tags": tags}
    assert world.owner.get(path).json() == updated
    # An empty list removes every tag; leaving tags out keeps them.
    assert world.owner.patch(path, json={"name": updated["name"]}).json()["tags"] == tags
    assert world.owner.patch(path, json={"tags": []}).json()["tags"] == []
    assert world.owner.get(path).json() == {**updated, "tags": []}
    types = [event["eventTypeName"] for event in world.events(f"{path}/events")]
    assert types == ["GROUP_TAGS_MODIFIED", "GROUP_TAGS_MODIFIED", "GROUP_NAME_CHANGED", "GROUP_CREATED"]


def test_update_to_a_taken_name_is_409_and_changes_nothing(world: World) -> None:
    taken = world.created()
    mine = world.created()
    path = f"/api/atlas/v2/groups/{mine['id']}"
    expect_error(world.owner.patch(path, json={"name": taken["name"], "tags": []}), 409, "GROUP_ALREADY_EXISTS")
    assert world.owner.get(path).json() == mine
    assert [e["eventTypeName"] for e in world.events(f"{path}/events")] == ["GROUP_CREATED"]


def test_update_needs_a_project_owner(world: World) -> None:
    project = world.created()
    path = f"/api/atlas/v2/groups/{project['id']}"
    expect_error(world.member.patch(path, json={"tags": []}), 401, "NOT_IN_GROUP")
    expect_error(world.away.patch(path, json={"tags": []}), 401, "NOT_IN_GROUP")
    expect_error(world.owner.patch(path, json={"orgId": world.org_id}), 400, "INVALID_ATTRIBUTE")
    expect_error(world.owner.patch(f"/api/atlas/v2/groups/{MISSING}", json={}), 404, "GROUP_NOT_FOUND")


# --- deleteGroup --------------------------------------------------------------------------------------------------


def test_delete_answers_202_and_takes_invitations_and_members_along(world: World) -> None:
    project = world.created()
    path = f"/api/atlas/v2/groups/{project['id']}"
    invited = world.owner.post(f"{path}/invites", json={"username": "p@example.com", "roles": ["GROUP_READ_ONLY"]})
    assert invited.status_code == 200, invited.text
    org_invite = world.owner.post(
        f"/api/atlas/v2/orgs/{world.org_id}/invites",
        json={
            "username": "o@example.com",
            "roles": ["ORG_MEMBER"],
            "groupRoleAssignments": [{"groupId": project["id"], "roles": ["GROUP_READ_ONLY"]}],
        },
    )
    assert org_invite.status_code == 200, org_invite.text

    deleted_events = f"/api/atlas/v2/orgs/{world.org_id}/events?eventType=GROUP_DELETED"
    before = len(world.events(deleted_events))
    response = world.owner.delete(path)
    assert response.status_code == 202, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.content == b"{}"

    expect_error(world.owner.get(path), 404, "GROUP_NOT_FOUND")
    expect_error(world.owner.delete(path), 404, "GROUP_NOT_FOUND")
    assert project["id"] not in [p["id"] for p in world.owner.get("/api/atlas/v2/groups").json()["results"]]
    # The organization invitation stays, without the project; accepting it grants no role in a missing project.
    org_invitation = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/invites/{org_invite.json()['id']}").json()
    assert org_invitation["groupRoleAssignments"] == []
    assert world.server.accept(org_invitation["id"]).status_code == 200
    # The project invitation is gone with it: its link no longer works.
    assert world.server.accept(invited.json()["id"]).status_code != 200
    # GROUP_DELETED is in the organization's feed; the name may be used again.
    assert len(world.events(deleted_events)) == before + 1
    assert world.create(name=project["name"]).status_code == 201


def test_delete_needs_a_project_owner(world: World) -> None:
    project = world.created()
    path = f"/api/atlas/v2/groups/{project['id']}"
    expect_error(world.member.delete(path), 401, "NOT_IN_GROUP")
    expect_error(world.away.delete(path), 401, "NOT_IN_GROUP")
    assert world.owner.get(path).status_code == 200
