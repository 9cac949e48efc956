"""A project's limits (``/groups/{groupId}/limits``), the default limits (``/defaultGroupLimits``, preview) and the
project's IP addresses, and the limits enforced: database users, access-list entries, MongoDB Cloud users per
project (docs/limits-and-root.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.answers import expect_error
from support.project_world import ProjectWorld
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
PREVIEW = "application/vnd.atlas.preview+json"
USERS = "atlas.project.security.databaseAccess.users"
ENTRIES = "atlas.project.security.networkAccess.entries"
CLUSTERS = "atlas.project.deployment.clusters"


class World(ProjectWorld):
    def __init__(self, server: LocalServer) -> None:
        super().__init__(
            server,
            org="Limits Home",
            project="Lim",
            project_keys={"reader": ["GROUP_READ_ONLY"]},
            accept=ACCEPT,
            prefix="lim",
        )
        self.reader = self.keys["reader"]

    def set(self, group: str, name: str, value: object, client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.owner).patch(f"/api/atlas/v2/groups/{group}/limits/{name}", json={"value": value})

    def db_user(self, group: str, username: str) -> httpx.Response:
        body = {
            "databaseName": "admin",
            "username": username,
            "password": "a-long-password",
            "roles": [{"databaseName": "admin", "roleName": "readAnyDatabase"}],
        }
        return self.owner.post(f"/api/atlas/v2/groups/{group}/databaseUsers", json=body)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("limits")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_a_new_project_lists_every_limit_with_a_default(world: World) -> None:
    group = world.project()
    response = world.owner.get(f"/api/atlas/v2/groups/{group}/limits")
    assert response.status_code == 200, response.text
    limits = {item["name"]: item for item in response.json()}
    assert limits[USERS] == {"currentUsage": 0, "defaultLimit": 100, "maximumLimit": 100, "name": USERS, "value": 100}
    assert limits[ENTRIES]["value"] == 200 and limits[CLUSTERS]["value"] == 25
    assert "dataFederation.bytesProcessed.query" not in limits  # no default, not set
    one = world.reader.get(f"/api/atlas/v2/groups/{world.roles_group}/limits/{CLUSTERS}")
    assert one.json() == {"currentUsage": 0, "defaultLimit": 25, "maximumLimit": 100, "name": CLUSTERS, "value": 25}


def test_set_read_back_and_delete_to_the_default(world: World) -> None:
    group = world.project()
    response = world.set(group, CLUSTERS, 40)
    assert response.status_code == 200, response.text
    assert response.json()["value"] == 40
    assert world.owner.get(f"/api/atlas/v2/groups/{group}/limits/{CLUSTERS}").json()["value"] == 40
    response = world.owner.delete(f"/api/atlas/v2/groups/{group}/limits/{CLUSTERS}")
    assert response.status_code == 204
    assert world.owner.get(f"/api/atlas/v2/groups/{group}/limits/{CLUSTERS}").json()["value"] == 25
    federation = "dataFederation.bytesProcessed.daily"
    assert world.set(group, federation, 10**12).json() == {"name": federation, "value": 10**12}
    assert world.owner.delete(f"/api/atlas/v2/groups/{group}/limits/{federation}").status_code == 204
    expect_error(world.owner.get(f"/api/atlas/v2/groups/{group}/limits/{federation}"), 404, "LIMIT_NOT_FOUND")


def test_bad_values_and_names_are_refused_with_nothing_changed(world: World) -> None:
    group = world.project()
    expect_error(world.set(group, CLUSTERS, 101), 400, "LIMIT_EXCEEDS_MAXIMUM")
    expect_error(world.set(group, CLUSTERS, 0), 400, "LIMIT_BELOW_MINIMUM")
    expect_error(
        world.set(group, "atlas.project.deployment.privateServiceConnectionsSubnetMask", 19), 400, "LIMIT_BELOW_MINIMUM"
    )
    expect_error(world.set(group, "no.such.limit", 5), 404, "LIMIT_NOT_FOUND")
    expect_error(world.owner.get(f"/api/atlas/v2/groups/{group}/limits/no.such.limit"), 404, "LIMIT_NOT_FOUND")
    expect_error(world.set(group, CLUSTERS, "ten"), 400, "INVALID_JSON_ATTRIBUTE")
    no_value = world.owner.patch(f"/api/atlas/v2/groups/{group}/limits/{CLUSTERS}", json={"name": CLUSTERS})
    expect_error(no_value, 400, "MISSING_ATTRIBUTE")
    other = world.owner.patch(f"/api/atlas/v2/groups/{group}/limits/{CLUSTERS}", json={"name": USERS, "value": 3})
    expect_error(other, 400, "INVALID_ATTRIBUTE")
    expect_error(world.set(world.roles_group, CLUSTERS, 30, world.reader), 401, "USER_UNAUTHORIZED")
    assert world.owner.get(f"/api/atlas/v2/groups/{group}/limits/{CLUSTERS}").json()["value"] == 25


def test_the_database_user_limit_is_enforced_and_cannot_go_below_usage(world: World) -> None:
    group = world.project()
    assert world.set(group, USERS, 2).status_code == 200
    assert world.db_user(group, "one").status_code == 201
    assert world.db_user(group, "two").status_code == 201
    body = expect_error(world.db_user(group, "three"), 403, "GROUP_USERS_LIMIT_EXCEEDED")
    assert body["detail"] == "Groups can contain at most 2 database users."
    limit = world.owner.get(f"/api/atlas/v2/groups/{group}/limits/{USERS}").json()
    assert limit["currentUsage"] == 2 and limit["value"] == 2
    expect_error(world.set(group, USERS, 1), 409, "LIMIT_BELOW_CURRENT_USAGE")
    assert world.owner.delete(f"/api/atlas/v2/groups/{group}/limits/{USERS}").status_code == 204
    assert world.db_user(group, "three").status_code == 201


def test_the_access_list_limit_is_enforced(world: World) -> None:
    group = world.project()
    assert world.set(group, ENTRIES, 2).status_code == 200
    path = f"/api/atlas/v2/groups/{group}/accessList"
    assert world.owner.post(path, json=[{"ipAddress": "10.1.0.1"}, {"ipAddress": "10.1.0.2"}]).status_code == 201
    body = expect_error(
        world.owner.post(path, json=[{"ipAddress": "10.1.0.3"}]), 403, "ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED"
    )
    assert body["parameters"] == [2]
    assert len(world.owner.get(path).json()["results"]) == 2
    assert world.set(group, ENTRIES, 3).status_code == 200
    assert world.owner.post(path, json=[{"ipAddress": "10.1.0.3"}]).status_code == 201


def test_cloud_users_per_project_count_members_and_pending_invitations(world: World) -> None:
    group = world.project()
    invites = f"/api/atlas/v2/groups/{group}/invites"
    server = world.server
    # The project has no member users: 500 pending project invitations fill it.
    for n in range(499):
        response = world.owner.post(invites, json={"username": f"u{n}@example.com", "roles": ["GROUP_READ_ONLY"]})
        assert response.status_code == 200, response.text
    last = world.owner.post(invites, json={"username": "last@example.com", "roles": ["GROUP_READ_ONLY"]})
    assert last.status_code == 200, last.text  # 500th
    body = expect_error(
        world.owner.post(invites, json={"username": "over@example.com", "roles": ["GROUP_READ_ONLY"]}),
        403,
        "GROUP_CLOUD_USERS_LIMIT_EXCEEDED",
    )
    assert body["parameters"] == [500]
    users = f"/api/atlas/v2/groups/{group}/users"
    over = world.owner.post(
        users,
        json={"username": "over@example.com", "roles": ["GROUP_READ_ONLY"]},
        headers={"Accept": "application/vnd.atlas.2025-02-19+json"},
    )
    expect_error(over, 403, "GROUP_CLOUD_USERS_LIMIT_EXCEEDED")
    server.advance("31d")  # the invitations expire: room again
    again = world.owner.post(invites, json={"username": "over@example.com", "roles": ["GROUP_READ_ONLY"]})
    assert again.status_code == 200, again.text


def test_default_limits_are_preview_only_and_paginated(world: World) -> None:
    response = world.owner.get("/api/atlas/v2/defaultGroupLimits", headers={"Accept": PREVIEW})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["totalCount"] == 13
    users = next(item for item in body["results"] if item["name"] == "MONGODB_USERS")
    assert users["defaultLimit"] == 100 and users["maximumLimit"] == 100 and users["description"]
    one = world.owner.get("/api/atlas/v2/defaultGroupLimits/BYTES_PROCESSED_DAILY", headers={"Accept": PREVIEW})
    assert one.json()["defaultLimit"] is None and one.json()["maximumLimit"] is None
    expect_error(
        world.owner.get("/api/atlas/v2/defaultGroupLimits/NOPE", headers={"Accept": PREVIEW}), 404, "LIMIT_NOT_FOUND"
    )
    expect_error(world.owner.get("/api/atlas/v2/defaultGroupLimits"), 406, "INVALID_VERSION_DATE")


def test_ip_addresses_of_a_project_without_clusters(world: World) -> None:
    response = world.reader.get(f"/api/atlas/v2/groups/{world.roles_group}/ipAddresses")
    assert response.status_code == 200, response.text
    assert response.json() == {"groupId": world.roles_group, "services": {"clusters": []}}


def test_deleting_a_project_takes_its_limits(world: World) -> None:
    group = world.project()
    assert world.set(group, CLUSTERS, 30).status_code == 200
    assert world.owner.delete(f"/api/atlas/v2/groups/{group}").status_code == 202  # as recorded
    expect_error(world.owner.get(f"/api/atlas/v2/groups/{group}/limits"), 404, "GROUP_NOT_FOUND")
