"""``migrateGroup`` (POST ``/groups/{groupId}:migrate``, 2024-05-30): moving a project to another organization
(docs/org-settings.md). The caller owns the source organization and proves it may act in the destination with an
owner API key of it in the body; the project's users keep their roles; teams, the source organization's keys and
service accounts stay behind; the source organization's invitations stop naming the project.
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

MIGRATE = "application/vnd.atlas.2024-05-30+json"
ACCEPT = "application/vnd.atlas.2025-03-12+json"
USERS = "application/vnd.atlas.2025-02-19+json"
_names = itertools.count()


class Orgs:
    """A source organization with a project holding users, a key, a service account and a team, and a
    destination organization with an owner key, a read-only key and one of the project's users already in it."""

    def __init__(self, server: LocalServer) -> None:
        n = next(_names)
        self.alice, self.bob = f"alice-{n}@example.com", f"bob-{n}@example.com"
        owner = {"orgRoles": ["ORG_OWNER"]}
        in_project = {"orgRoles": ["ORG_MEMBER"], "projectRoles": {"Moving": ["GROUP_READ_ONLY"]}}
        source, destination = server.fixtures(
            {
                "orgs": [
                    {
                        "name": f"from-{n}",
                        "projects": [{"name": "Moving"}, {"name": "Taken"}],
                        "teams": [{"name": "staying"}],
                        "users": [
                            {
                                "username": self.alice,
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"Moving": ["GROUP_OWNER"]},
                                "teams": ["staying"],
                            },
                            {"username": self.bob, **in_project},
                        ],
                        "apiKeys": [{"description": "owner", **owner}, {"description": "in project", **in_project}],
                        "serviceAccounts": [{"name": "owner", **owner}, {"name": "in project", **in_project}],
                    },
                    {
                        "name": f"to-{n}",
                        "projects": [{"name": "Taken"}],
                        "users": [{"username": self.bob, "orgRoles": ["ORG_BILLING_ADMIN"]}],
                        "apiKeys": [
                            {"description": "owner", **owner},
                            {"description": "reader", "orgRoles": ["ORG_READ_ONLY"]},
                        ],
                    },
                ]
            }
        )["orgs"]
        self.source, self.destination = source["id"], destination["id"]
        self.moving, self.taken = source["projects"][0]["id"], source["projects"][1]["id"]
        self.team = source["teams"][0]["id"]
        self.source_keys, self.destination_keys = source["apiKeys"], destination["apiKeys"]
        self.source_accounts = source["serviceAccounts"]
        self.owner = server.digest(self.source_keys[0]["publicKey"], self.source_keys[0]["privateKey"], accept=ACCEPT)
        self.account_owner = server.bearer(
            self.source_accounts[0]["clientId"], self.source_accounts[0]["clientSecret"], accept=ACCEPT
        )
        key = self.destination_keys[0]
        self.there = server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)

    def body(self, key: int = 0, **changes: Any) -> dict[str, Any]:
        found = self.destination_keys[key]
        body = {
            "destinationOrgId": self.destination,
            "destinationOrgPublicApiKey": found["publicKey"],
            "destinationOrgPrivateApiKey": found["privateKey"],
        }
        body.update(changes)
        return {name: value for name, value in body.items() if value is not None}


def migrate(client: httpx.Client, group_id: str, body: Any) -> httpx.Response:
    return client.post(f"/api/atlas/v2/groups/{group_id}:migrate", json=body, headers={"Accept": MIGRATE})


def feed(client: httpx.Client, path: str) -> list[str]:
    response = client.get(f"{path}/events", params={"itemsPerPage": 500})
    assert response.status_code == 200, response.text
    return [event["eventTypeName"] for event in reversed(response.json()["results"])]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    started = LocalServer(Path(tmp_path_factory.mktemp("migrate")) / "data", rate_limits=False).start()
    yield started
    started.stop()


def test_refusals_leave_the_project_where_it_is(server: LocalServer) -> None:
    orgs = Orgs(server)
    owner, moving = orgs.owner, orgs.moving
    no_key = {"destinationOrgId": orgs.destination}
    expect_error(migrate(owner, moving, no_key), 401, "USER_CANNOT_ACCESS_ORG")
    expect_error(migrate(owner, moving, orgs.body(key=1)), 401, "USER_UNAUTHORIZED")  # a read-only key
    expect_error(migrate(owner, moving, orgs.body(destinationOrgPrivateApiKey="wrong")), 401, "USER_UNAUTHORIZED")
    source_key = orgs.source_keys[0]  # an owner key, but of the source organization
    wrong_org = orgs.body(
        destinationOrgPublicApiKey=source_key["publicKey"], destinationOrgPrivateApiKey=source_key["privateKey"]
    )
    expect_error(migrate(owner, moving, wrong_org), 401, "USER_UNAUTHORIZED")
    half = orgs.body(destinationOrgPrivateApiKey=None)
    assert expect_error(migrate(owner, moving, half), 400, "MISSING_ATTRIBUTE")["parameters"] == [
        "destinationOrgPrivateApiKey"
    ]
    expect_error(migrate(owner, moving, orgs.body(destinationOrgId=None)), 400, "MISSING_ATTRIBUTE")
    expect_error(migrate(owner, moving, orgs.body(destinationOrgId="nope")), 404, "INVALID_ORG_ID")
    expect_error(migrate(owner, moving, orgs.body(destinationOrgId="f" * 24)), 404, "ORG_NOT_FOUND")
    same = expect_error(migrate(owner, moving, orgs.body(destinationOrgId=orgs.source)), 400, "GROUP_ALREADY_IN_ORG")
    assert same["parameters"] == [moving, orgs.source]
    expect_error(migrate(owner, orgs.taken, orgs.body()), 409, "GROUP_ALREADY_EXISTS")
    expect_error(migrate(owner, moving, orgs.body(surprise=True)), 400, "INVALID_ATTRIBUTE")
    too_old = {"Accept": "application/vnd.atlas.2023-01-01+json"}  # before the operation's first version
    expect_error(
        owner.post(f"/api/atlas/v2/groups/{moving}:migrate", json=orgs.body(), headers=too_old),
        406,
        "INVALID_VERSION_DATE",
    )
    key = orgs.source_keys[1]  # in the project, but no owner of the organization
    member = server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)
    expect_error(migrate(member, moving, orgs.body()), 401, "USER_UNAUTHORIZED")
    for group_id in (moving, orgs.taken):
        assert owner.get(f"/api/atlas/v2/groups/{group_id}").json()["orgId"] == orgs.source
    assert "GROUP_MOVED_FROM_ORG" not in feed(owner, f"/api/atlas/v2/orgs/{orgs.source}")


def test_a_moved_project_keeps_its_users_and_leaves_the_rest_behind(server: LocalServer) -> None:
    orgs = Orgs(server)
    owner, there, moving = orgs.owner, orgs.there, orgs.moving
    group = f"/api/atlas/v2/groups/{moving}"
    old = {"Accept": "application/vnd.atlas.2023-01-01+json"}
    assigned = owner.post(f"{group}/teams", json=[{"teamId": orgs.team, "roleNames": ["GROUP_READ_ONLY"]}])
    assert assigned.status_code == 200, assigned.text
    invited = owner.post(
        f"/api/atlas/v2/orgs/{orgs.source}/invites",
        json={
            "username": "carol@example.com",
            "roles": ["ORG_MEMBER"],
            "groupRoleAssignments": [{"groupId": moving, "roles": ["GROUP_READ_ONLY"]}],
        },
        headers=old,
    ).json()
    project_invitation = owner.post(
        f"{group}/invites", json={"username": "dave@example.com", "roles": ["GROUP_READ_ONLY"]}, headers=old
    ).json()

    response = migrate(owner, moving, orgs.body())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.atlas.2024-05-30+json;charset=utf-8"
    moved = response.json()
    assert (moved["id"], moved["name"], moved["orgId"]) == (moving, "Moving", orgs.destination)
    assert there.get(group).json()["orgId"] == orgs.destination
    assert moving in [p["id"] for p in there.get(f"/api/atlas/v2/orgs/{orgs.destination}/groups").json()["results"]]
    expect_error(owner.get(group), 401, "NOT_IN_GROUP")  # the source organization's owner has nothing there now

    users = there.get(f"{group}/users", headers={"Accept": USERS}).json()["results"]
    assert {user["username"]: user["roles"] for user in users} == {
        orgs.alice: ["GROUP_OWNER"],
        orgs.bob: ["GROUP_READ_ONLY"],
    }
    members = there.get(f"/api/atlas/v2/orgs/{orgs.destination}/users", headers={"Accept": USERS}).json()["results"]
    org_roles = {user["username"]: user["roles"]["orgRoles"] for user in members}
    assert org_roles[orgs.alice] == ["ORG_MEMBER"]  # new there
    assert org_roles[orgs.bob] == ["ORG_BILLING_ADMIN"]  # already there: roles kept
    assert there.get(f"{group}/teams").json()["results"] == []
    assert there.get(f"{group}/apiKeys").json()["results"] == []
    assert (
        there.get(f"{group}/serviceAccounts", headers={"Accept": "application/vnd.atlas.2024-08-05+json"}).json()[
            "results"
        ]
        == []
    )
    kept = owner.get(f"/api/atlas/v2/orgs/{orgs.source}/invites/{invited['id']}", headers=old).json()
    assert kept["groupRoleAssignments"] == []
    listed = there.get(f"{group}/invites", headers=old).json()
    assert [one["id"] for one in listed] == [project_invitation["id"]]

    assert feed(owner, f"/api/atlas/v2/orgs/{orgs.source}")[-1] == "GROUP_MOVED_FROM_ORG"
    assert "JOINED_ORG" in feed(there, f"/api/atlas/v2/orgs/{orgs.destination}")
    project_feed = feed(there, group)
    for event_type in ("TEAM_REMOVED_FROM_GROUP", "API_KEY_REMOVED_FROM_GROUP", "SERVICE_ACCOUNT_REMOVED_FROM_GROUP"):
        assert event_type in project_feed
    assert project_feed[-1] == "GROUP_MOVED"


def test_a_service_account_moves_a_project_with_the_destinations_key(server: LocalServer) -> None:
    orgs = Orgs(server)
    response = migrate(orgs.account_owner, orgs.moving, orgs.body())
    assert response.status_code == 200, response.text
    assert orgs.there.get(f"/api/atlas/v2/groups/{orgs.moving}").json()["orgId"] == orgs.destination
    # Back again, by the destination's owner, with an owner key of the (former) source organization.
    back = orgs.body(
        destinationOrgId=orgs.source,
        destinationOrgPublicApiKey=orgs.source_keys[0]["publicKey"],
        destinationOrgPrivateApiKey=orgs.source_keys[0]["privateKey"],
    )
    assert migrate(orgs.there, orgs.moving, back).json()["orgId"] == orgs.source
