"""Teams assigned to a project (Atlas v2, 2023-01-01): ``listGroupTeams``, ``addGroupTeams``, ``getGroupTeam``,
``updateGroupTeam``, ``removeGroupTeam``.

As recorded (``reference/recordings/atlasprojectteams``): add 200 with the list envelope of what it assigned, update
200 with the list envelope of the one team (linking the team's path), remove 204; the writes' links carry no
``includeCount``. Roles are Atlas project roles, one or more. A team is assigned once (409
``TEAM_ALREADY_IN_GROUP``); a team of another organization is ``TEAM_NOT_FOUND``, an unassigned one
``TEAM_NOT_IN_GROUP``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"
CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
MISSING = "5f0000000000000000000000"
_names = itertools.count()


class World:
    """Home: a project, an owner key, a Project Access Manager key and a Project Read Only key, a user; Away: a team."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Project Teams Home",
                        "projects": [{"name": "Assigned"}],
                        "users": [{"username": "member@home.example.com", "orgRoles": ["ORG_MEMBER"]}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {
                                "description": "access manager",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"Assigned": ["GROUP_USER_ADMIN"]},
                            },
                            {
                                "description": "reader",
                                "orgRoles": ["ORG_MEMBER"],
                                "projectRoles": {"Assigned": ["GROUP_READ_ONLY"]},
                            },
                        ],
                    },
                    {
                        "name": "Project Teams Away",
                        "teams": [{"name": "away team"}],
                        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                    },
                ]
            }
        )["orgs"]
        self.org_id, self.group_id = home["id"], home["projects"][0]["id"]
        self.owner, self.manager, self.reader = (
            server.digest(k["publicKey"], k["privateKey"], accept=ACCEPT) for k in home["apiKeys"]
        )
        self.away_team = away["teams"][0]["id"]

    @property
    def path(self) -> str:
        return f"/api/atlas/v2/groups/{self.group_id}/teams"

    def team(self) -> str:
        response = self.owner.post(
            f"/api/atlas/v2/orgs/{self.org_id}/teams",
            json={"name": f"project-team-{next(_names)}", "usernames": ["member@home.example.com"]},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def add(self, *items: dict[str, Any], client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.owner).post(self.path, json=list(items))

    def assigned(self, roles: list[str] | None = None, group_path: str | None = None) -> str:
        team_id = self.team()
        body = [{"teamId": team_id, "roleNames": roles or ["GROUP_READ_ONLY"]}]
        response = self.owner.post(group_path or self.path, json=body)
        assert response.status_code == 200, response.text
        return team_id

    def listed(self, path: str | None = None) -> list[dict[str, Any]]:
        response = self.owner.get(path or self.path, params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def project_events(self) -> list[tuple[str, str | None]]:
        """(type, teamId) of the project feed's team events, oldest first."""
        response = self.owner.get(f"/api/atlas/v2/groups/{self.group_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        results = reversed(response.json()["results"])
        return [(e["eventTypeName"], e.get("teamId")) for e in results if e["eventTypeName"].startswith("TEAM_")]

    def view(self, team_id: str, roles: list[str]) -> dict[str, Any]:
        href = f"{self.server.base_url}{self.path}/{team_id}"
        return {"links": [{"href": href, "rel": "self"}], "roleNames": roles, "teamId": team_id}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("project-teams")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


# --- addGroupTeams --------------------------------------------------------------------------------------------------


def test_add_answers_the_assigned_teams(world: World) -> None:
    first, second = world.team(), world.team()
    before = len(world.project_events())
    response = world.add(
        {"teamId": first, "roleNames": ["GROUP_READ_ONLY"]},
        {"teamId": second, "roleNames": ["GROUP_OWNER", "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_OWNER"]},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    body = response.json()
    assert body == {
        "links": [{"href": f"{world.server.base_url}{world.path}?pageNum=1&itemsPerPage=100", "rel": "self"}],
        "results": [
            world.view(first, ["GROUP_READ_ONLY"]),
            world.view(second, ["GROUP_OWNER", "GROUP_DATA_ACCESS_READ_ONLY"]),
        ],
        "totalCount": 2,
    }
    # Read back: one by one and in the list.
    assert world.owner.get(f"{world.path}/{first}").json() == world.view(first, ["GROUP_READ_ONLY"])
    listed = world.listed()
    assert listed[-2:] == body["results"]
    assert world.project_events()[before:] == [("TEAM_ADDED_TO_GROUP", first), ("TEAM_ADDED_TO_GROUP", second)]


def test_a_project_access_manager_may_add_a_reader_may_only_read(world: World) -> None:
    team_id = world.team()
    response = world.add({"teamId": team_id, "roleNames": ["GROUP_READ_ONLY"]}, client=world.manager)
    assert response.status_code == 200, response.text
    assert world.reader.get(world.path).status_code == 200
    assert world.reader.get(f"{world.path}/{team_id}").status_code == 200
    other = world.team()
    denied = world.add({"teamId": other, "roleNames": ["GROUP_READ_ONLY"]}, client=world.reader)
    expect_error(denied, 401, "USER_UNAUTHORIZED")
    expect_error(world.reader.delete(f"{world.path}/{team_id}"), 401, "USER_UNAUTHORIZED")


def test_a_team_already_assigned_is_409_and_nothing_is_assigned(world: World) -> None:
    assigned, fresh = world.assigned(), world.team()
    response = world.add(
        {"teamId": fresh, "roleNames": ["GROUP_READ_ONLY"]},
        {"teamId": assigned, "roleNames": ["GROUP_OWNER"]},
    )
    body = expect_error(response, 409, "TEAM_ALREADY_IN_GROUP")
    assert body["parameters"] == [assigned, world.group_id]
    assert world.owner.get(f"{world.path}/{assigned}").json()["roleNames"] == ["GROUP_READ_ONLY"]
    expect_error(world.owner.get(f"{world.path}/{fresh}"), 404, "TEAM_NOT_IN_GROUP")
    # The same team twice in one request is the same conflict.
    twice = world.add(
        {"teamId": fresh, "roleNames": ["GROUP_READ_ONLY"]}, {"teamId": fresh, "roleNames": ["GROUP_READ_ONLY"]}
    )
    expect_error(twice, 409, "TEAM_ALREADY_IN_GROUP")
    expect_error(world.owner.get(f"{world.path}/{fresh}"), 404, "TEAM_NOT_IN_GROUP")


@pytest.mark.parametrize(
    ("items", "status", "code"),
    [
        ([{"teamId": "TEAM", "roleNames": ["GROUP_OWNER_X"]}], 400, "INVALID_ROLE_FOR_GROUP"),
        ([{"teamId": "TEAM", "roleNames": ["ORG_OWNER"]}], 400, "INVALID_ROLE_FOR_GROUP"),
        ([{"teamId": "TEAM", "roleNames": ["GROUP_USER_ADMIN"]}], 400, "INVALID_ROLE_FOR_GROUP"),
        ([{"teamId": "TEAM", "roleNames": []}], 400, "MISSING_ATTRIBUTE"),
        ([{"teamId": "TEAM"}], 400, "MISSING_ATTRIBUTE"),
        ([{"roleNames": ["GROUP_OWNER"]}], 400, "MISSING_ATTRIBUTE"),
        ([{"teamId": "TEAM", "roleNames": "GROUP_OWNER"}], 400, "INVALID_JSON_ATTRIBUTE"),
        ([{"teamId": "TEAM", "roleNames": ["GROUP_OWNER"], "links": []}], 400, "INVALID_ATTRIBUTE"),
        ([{"teamId": "not-an-id", "roleNames": ["GROUP_OWNER"]}], 404, "INVALID_TEAM_ID"),
        ([{"teamId": MISSING, "roleNames": ["GROUP_OWNER"]}], 404, "TEAM_NOT_FOUND"),
        ([{"teamId": "AWAY", "roleNames": ["GROUP_OWNER"]}], 404, "TEAM_NOT_FOUND"),
        ({"teamId": "TEAM", "roleNames": ["GROUP_OWNER"]}, 400, "INVALID_JSON"),
        ([], 400, "INVALID_JSON"),
    ],
)
def test_bad_add_bodies(world: World, items: Any, status: int, code: str) -> None:
    """``TEAM`` stands for a fresh team of the organization, ``AWAY`` for another organization's."""
    team_id = world.team()
    named = json.loads(json.dumps(items).replace('"TEAM"', f'"{team_id}"').replace('"AWAY"', f'"{world.away_team}"'))
    response = world.owner.post(world.path, json=named)
    problem = expect_error(response, status, code)
    assert problem["detail"]
    expect_error(world.owner.get(f"{world.path}/{team_id}"), 404, "TEAM_NOT_IN_GROUP")


def test_add_to_a_project_that_is_not_there(world: World) -> None:
    team_id = world.team()
    item = [{"teamId": team_id, "roleNames": ["GROUP_OWNER"]}]
    expect_error(world.owner.post(f"/api/atlas/v2/groups/{MISSING}/teams", json=item), 404, "GROUP_NOT_FOUND")
    expect_error(world.owner.post("/api/atlas/v2/groups/nope/teams", json=item), 404, "INVALID_GROUP_ID")


# --- getGroupTeam and listGroupTeams --------------------------------------------------------------------------------


def test_get_of_teams_that_are_not_assigned(world: World) -> None:
    expect_error(world.owner.get(f"{world.path}/{world.team()}"), 404, "TEAM_NOT_IN_GROUP")
    expect_error(world.owner.get(f"{world.path}/{MISSING}"), 404, "TEAM_NOT_FOUND")
    expect_error(world.owner.get(f"{world.path}/{world.away_team}"), 404, "TEAM_NOT_FOUND")
    expect_error(world.owner.get(f"{world.path}/not-an-id"), 404, "INVALID_TEAM_ID")


def test_list_is_paginated_in_assignment_order(world: World) -> None:
    world.assigned()
    world.assigned()
    everything = world.listed()
    page = world.owner.get(world.path, params={"itemsPerPage": 1, "pageNum": 2}).json()
    base = f"{world.server.base_url}{world.path}"
    assert page["links"][0] == {"href": f"{base}?includeCount=true&pageNum=2&itemsPerPage=1", "rel": "self"}
    assert {link["rel"] for link in page["links"]} == {"self", "next", "previous"}
    assert page["results"] == everything[1:2]
    assert page["totalCount"] == len(everything)


# --- updateGroupTeam ------------------------------------------------------------------------------------------------


def test_update_replaces_the_roles(world: World) -> None:
    team_id = world.assigned(["GROUP_READ_ONLY"])
    before = len(world.project_events())
    roles = ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]
    response = world.owner.patch(f"{world.path}/{team_id}", json={"roleNames": roles})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    href = f"{world.server.base_url}{world.path}/{team_id}?pageNum=1&itemsPerPage=100"
    assert response.json() == {
        "links": [{"href": href, "rel": "self"}],
        "results": [world.view(team_id, roles)],
        "totalCount": 1,
    }
    assert world.owner.get(f"{world.path}/{team_id}").json()["roleNames"] == roles
    assert world.project_events()[before:] == [("TEAM_ROLES_MODIFIED", team_id)]
    # The same roles again (a teamId naming the path's team is fine): nothing is written.
    again = world.owner.patch(f"{world.path}/{team_id}", json={"teamId": team_id, "roleNames": roles})
    assert again.status_code == 200, again.text
    assert world.project_events()[before:] == [("TEAM_ROLES_MODIFIED", team_id)]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"roleNames": []}, 400, "MISSING_ATTRIBUTE"),
        ({}, 400, "MISSING_ATTRIBUTE"),
        ({"roleNames": ["NOPE"]}, 400, "INVALID_ROLE_FOR_GROUP"),
        ({"roleNames": ["GROUP_OWNER"], "teamId": MISSING}, 400, "INVALID_ATTRIBUTE"),
        ({"roleNames": ["GROUP_OWNER"], "name": "x"}, 400, "INVALID_ATTRIBUTE"),
    ],
)
def test_bad_update_bodies(world: World, body: dict[str, Any], status: int, code: str) -> None:
    team_id = world.assigned(["GROUP_READ_ONLY"])
    expect_error(world.owner.patch(f"{world.path}/{team_id}", json=body), status, code)
    assert world.owner.get(f"{world.path}/{team_id}").json()["roleNames"] == ["GROUP_READ_ONLY"]


def test_update_of_a_team_that_is_not_assigned(world: World) -> None:
    body = {"roleNames": ["GROUP_OWNER"]}
    expect_error(world.owner.patch(f"{world.path}/{world.team()}", json=body), 404, "TEAM_NOT_IN_GROUP")
    expect_error(world.owner.patch(f"{world.path}/{world.away_team}", json=body), 404, "TEAM_NOT_FOUND")


# --- removeGroupTeam ------------------------------------------------------------------------------------------------


def test_remove_answers_204_and_the_team_stays_in_the_org(world: World) -> None:
    team_id = world.assigned()
    before = len(world.project_events())
    response = world.owner.delete(f"{world.path}/{team_id}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == CONTENT_TYPE
    expect_error(world.owner.get(f"{world.path}/{team_id}"), 404, "TEAM_NOT_IN_GROUP")
    assert team_id not in [item["teamId"] for item in world.listed()]
    assert world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/teams/{team_id}").status_code == 200
    assert world.project_events()[before:] == [("TEAM_REMOVED_FROM_GROUP", team_id)]
    expect_error(world.owner.delete(f"{world.path}/{team_id}"), 404, "TEAM_NOT_IN_GROUP")


def test_deleting_a_project_takes_its_team_assignments_along(world: World) -> None:
    """A project of the same name made afterwards has no teams, and the team may then be deleted."""
    name = f"short-lived-{next(_names)}"
    project = world.owner.post("/api/atlas/v2/groups", json={"name": name, "orgId": world.org_id})
    assert project.status_code == 201, project.text
    path = f"/api/atlas/v2/groups/{project.json()['id']}/teams"
    team_id = world.assigned(group_path=path)
    assert [item["teamId"] for item in world.listed(path)] == [team_id]
    assert world.owner.delete(f"/api/atlas/v2/groups/{project.json()['id']}").status_code == 202
    again = world.owner.post("/api/atlas/v2/groups", json={"name": name, "orgId": world.org_id})
    assert again.status_code == 201, again.text
    assert world.listed(f"/api/atlas/v2/groups/{again.json()['id']}/teams") == []
    assert world.owner.delete(f"/api/atlas/v2/orgs/{world.org_id}/teams/{team_id}").status_code == 204


def test_flattenTeams_shows_the_users_who_hold_project_roles_through_teams(world: World) -> None:
    """The users API's ``flattenTeams`` (2025-02-19): without it a project lists only users with roles of their own
    there; with it, also the users in teams assigned to the project, holding the teams' roles."""
    made = world.owner.post("/api/atlas/v2/groups", json={"name": f"flat-{next(_names)}", "orgId": world.org_id})
    assert made.status_code == 201, made.text
    group_id = made.json()["id"]
    path = f"/api/atlas/v2/groups/{group_id}/teams"
    world.assigned(["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY"], group_path=path)
    users = f"/api/atlas/v2/groups/{group_id}/users"
    version = {"Accept": "application/vnd.atlas.2025-02-19+json"}

    def listed(**params: str) -> dict[str, list[str]]:
        response = world.owner.get(users, params=params, headers=version)
        assert response.status_code == 200, response.text
        return {user["username"]: user["roles"] for user in response.json()["results"]}

    assert "member@home.example.com" not in listed()
    assert listed(flattenTeams="true")["member@home.example.com"] == ["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY"]
    # Removing the team from the project takes those roles away again.
    team_id = world.listed(path)[0]["teamId"]
    assert world.owner.delete(f"{path}/{team_id}").status_code == 204
    assert "member@home.example.com" not in listed(flattenTeams="true")
