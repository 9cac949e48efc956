"""An organization's teams and their users (Atlas v2): ``listOrgTeams``, ``createOrgTeam``, ``getOrgTeam``,
``getOrgTeamByName``, ``renameOrgTeam``, ``deleteOrgTeam``, ``listOrgTeamUsers`` (2023-01-01 and 2025-02-19),
``addOrgTeamUsers`` and ``removeOrgTeamUserFromTeam`` (deprecated), ``addOrgTeamUser`` and ``removeOrgTeamUser``
(2025-02-19).

Statuses as the real cloud recorded them (``reference/recordings/atlasteams``, ``atlasteamusers``): create 201 (the
spec says 200), rename 200, delete 204. Names are unique within an organization (409 ``DUPLICATE_TEAM_NAME``); only
active members join a team by name or by the deprecated add; the 2025-02-19 custom methods take pending users too.
Teams in projects: ``test_project_teams.py``.
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
NEW = "application/vnd.atlas.2025-02-19+json"
OLD_CONTENT_TYPE = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
NEW_CONTENT_TYPE = "application/vnd.atlas.2025-02-19+json;charset=utf-8"
TEAM_KEYS = ["id", "links", "name"]
CLOUD_APP_USER_KEYS = ["country", "createdAt", "emailAddress", "firstName", "id", "lastAuth", "lastName", "links"]
MISSING = "5f0000000000000000000000"
USERS = ("ann", "bob", "cid", "dan", "eve")
_names = itertools.count()


def _user(name: str, org: str, roles: list[str]) -> dict[str, Any]:
    return {
        "username": f"{name}@{org}.example.com",
        "firstName": name.title(),
        "lastName": "Example",
        "country": "IE",
        "signedIn": True,
        "orgRoles": roles,
    }


class World:
    """Two organizations: Home (an owner key, a member key, five active users) and Away (an owner key, a user)."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        home, away = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Teams Home",
                        "projects": [{"name": "Teams project"}],
                        "users": [_user(name, "home", ["ORG_MEMBER"]) for name in USERS],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                        ],
                    },
                    {
                        "name": "Teams Away",
                        "users": [_user("zed", "away", ["ORG_OWNER"])],
                        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                    },
                ]
            }
        )["orgs"]
        self.org_id, self.away_org_id = home["id"], away["id"]
        self.group_id = home["projects"][0]["id"]
        self.users = {user["username"].split("@")[0]: user for user in home["users"]}
        self.away_user = away["users"][0]
        self.owner, self.member = (server.digest(k["publicKey"], k["privateKey"], accept=OLD) for k in home["apiKeys"])
        self.owner_key = home["apiKeys"][0]
        away_key = away["apiKeys"][0]
        self.away = server.digest(away_key["publicKey"], away_key["privateKey"], accept=OLD)

    @property
    def teams(self) -> str:
        return f"/api/atlas/v2/orgs/{self.org_id}/teams"

    def username(self, name: str) -> str:
        return str(self.users[name]["username"])

    def user_id(self, name: str) -> str:
        return str(self.users[name]["id"])

    def create(self, *names: str, client: httpx.Client | None = None, **body: Any) -> httpx.Response:
        body.setdefault("name", f"team-{next(_names)}")
        body.setdefault("usernames", [self.username(name) for name in names or ("ann",)])
        return (client or self.owner).post(self.teams, json=body)

    def created(self, *names: str, **body: Any) -> dict[str, Any]:
        response = self.create(*names, **body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def team_users(self, team_id: str, accept: str = NEW, **params: str) -> list[dict[str, Any]]:
        response = self.owner.get(f"{self.teams}/{team_id}/users", headers={"Accept": accept}, params=params)
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def usernames_in(self, team_id: str) -> list[str]:
        return [user["username"] for user in self.team_users(team_id)]

    def custom(self, team_id: str, method: str, user_id: str) -> httpx.Response:
        return self.owner.post(f"{self.teams}/{team_id}:{method}", json={"id": user_id}, headers={"Accept": NEW})

    def org_events(self, since: str | None = None) -> list[tuple[str, str | None, str | None]]:
        """(type, targetUsername, teamId) of the organization feed's team events, oldest first."""
        response = self.owner.get(f"/api/atlas/v2/orgs/{self.org_id}/events", params={"itemsPerPage": 500})
        assert response.status_code == 200, response.text
        found = [
            (e["eventTypeName"], e.get("targetUsername"), e.get("teamId"))
            for e in reversed(response.json()["results"])
            if "TEAM" in e["eventTypeName"]
        ]
        return found

    def invite(self, username: str, team_ids: list[str] | None = None) -> dict[str, Any]:
        """A pending user of Home through the users API (2025-02-19)."""
        body: dict[str, Any] = {"username": username, "roles": {"orgRoles": ["ORG_MEMBER"]}}
        if team_ids is not None:
            body["teamIds"] = team_ids
        response = self.owner.post(f"/api/atlas/v2/orgs/{self.org_id}/users", json=body, headers={"Accept": NEW})
        assert response.status_code == 201, response.text
        return dict(response.json())

    def pending_user(self, user_id: str) -> dict[str, Any]:
        response = self.owner.get(f"/api/atlas/v2/orgs/{self.org_id}/users/{user_id}", headers={"Accept": NEW})
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("teams")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def _new_events(world: World, before: int) -> list[tuple[str, str | None, str | None]]:
    return world.org_events()[before:]


# --- createOrgTeam --------------------------------------------------------------------------------------------------


def test_create_answers_201_with_the_team_and_its_usernames(world: World) -> None:
    before = len(world.org_events())
    response = world.create("bob", "ann", name="e2e-teams-703")
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == OLD_CONTENT_TYPE
    team = response.json()
    assert list(team) == [*TEAM_KEYS, "usernames"]
    assert (team["name"], team["usernames"]) == ("e2e-teams-703", [world.username("bob"), world.username("ann")])
    href = f"{world.server.base_url}{world.teams}/{team['id']}"
    assert team["links"] == [{"href": href, "rel": "self"}]
    # Read back: by id, by name, in the list, and its users.
    described = {"id": team["id"], "links": team["links"], "name": "e2e-teams-703"}
    assert world.owner.get(f"{world.teams}/{team['id']}").json() == described
    assert world.owner.get(f"{world.teams}/byName/e2e-teams-703").json() == described
    assert described in world.owner.get(world.teams).json()["results"]
    assert world.usernames_in(team["id"]) == [world.username("ann"), world.username("bob")]
    assert _new_events(world, before) == [
        ("TEAM_CREATED", None, team["id"]),
        ("JOINED_TEAM", world.username("bob"), None),
        ("JOINED_TEAM", world.username("ann"), None),
    ]


def test_create_keeps_each_username_once_in_lower_case(world: World) -> None:
    ann = world.username("ann")
    team = world.created(usernames=[ann.upper(), ann])
    assert team["usernames"] == [ann]
    assert world.usernames_in(team["id"]) == [ann]


def test_a_member_may_read_but_not_create(world: World) -> None:
    team = world.created()
    assert world.member.get(f"{world.teams}/{team['id']}").status_code == 200
    assert world.member.get(world.teams).status_code == 200
    expect_error(world.create(client=world.member), 401, "USER_UNAUTHORIZED")


def test_a_duplicate_name_in_the_org_is_409_but_another_org_may_use_it(world: World) -> None:
    world.created(name="twins")
    body = expect_error(world.create(name="twins"), 409, "DUPLICATE_TEAM_NAME")
    assert body["parameters"] == ["twins", world.org_id]
    names = [team["name"] for team in world.owner.get(world.teams, params={"itemsPerPage": 500}).json()["results"]]
    assert names.count("twins") == 1
    away = world.away.post(
        f"/api/atlas/v2/orgs/{world.away_org_id}/teams",
        json={"name": "twins", "usernames": [world.away_user["username"]]},
    )
    assert away.status_code == 201, away.text


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"usernames": ["ann@home.example.com"]}, 400, "MISSING_ATTRIBUTE"),
        ({"name": "no users"}, 400, "MISSING_ATTRIBUTE"),
        ({"name": "", "usernames": ["ann@home.example.com"]}, 400, "INVALID_ATTRIBUTE"),
        ({"name": "   ", "usernames": ["ann@home.example.com"]}, 400, "INVALID_ATTRIBUTE"),
        ({"name": "x" * 65, "usernames": ["ann@home.example.com"]}, 400, "INVALID_ATTRIBUTE"),
        ({"name": "empty", "usernames": []}, 400, "INVALID_ATTRIBUTE"),
        ({"name": "bad", "usernames": ["not-an-email"]}, 400, "INVALID_USERNAME"),
        ({"name": 7, "usernames": ["ann@home.example.com"]}, 400, "INVALID_JSON_ATTRIBUTE"),
        ({"name": "x", "usernames": "ann@home.example.com"}, 400, "INVALID_JSON_ATTRIBUTE"),
        ({"name": "x", "usernames": ["ann@home.example.com"], "id": MISSING}, 400, "INVALID_ATTRIBUTE"),
        ({"name": "stranger", "usernames": ["nobody@example.com"]}, 404, "USER_NOT_IN_ORG"),
        ({"name": "foreigner", "usernames": ["zed@away.example.com"]}, 404, "USER_NOT_IN_ORG"),
    ],
)
def test_bad_create_bodies(world: World, body: dict[str, Any], status: int, code: str) -> None:
    before = world.owner.get(world.teams, params={"itemsPerPage": 500}).json()["totalCount"]
    problem = expect_error(world.owner.post(world.teams, json=body), status, code)
    assert problem["detail"]
    assert world.owner.get(world.teams).json()["totalCount"] == before


def test_a_64_character_name_is_fine(world: World) -> None:
    assert world.created(name="n" * 64)["name"] == "n" * 64


def test_body_that_is_not_json_is_400(world: World) -> None:
    response = world.owner.post(world.teams, content=b"{", headers={"Content-Type": "application/json"})
    expect_error(response, 400, "MALFORMED_JSON")


def test_a_pending_user_cannot_be_in_a_new_team(world: World) -> None:
    world.invite("pending-create@home.example.com")
    response = world.create(usernames=[world.username("ann"), "pending-create@home.example.com"])
    expect_error(response, 404, "CANNOT_ADD_PENDING_USER")


# --- reads ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "/users"])
def test_team_ids_that_name_no_team(world: World, suffix: str) -> None:
    expect_error(world.owner.get(f"{world.teams}/not-an-id{suffix}"), 404, "INVALID_TEAM_ID")
    expect_error(world.owner.get(f"{world.teams}/{MISSING}{suffix}"), 404, "TEAM_NOT_FOUND")
    away = world.away.post(
        f"/api/atlas/v2/orgs/{world.away_org_id}/teams",
        json={"name": f"away-{next(_names)}", "usernames": [world.away_user["username"]]},
    ).json()
    body = expect_error(world.owner.get(f"{world.teams}/{away['id']}{suffix}"), 404, "TEAM_NOT_FOUND")
    assert body["parameters"] == [away["id"]]


def test_by_name_of_no_team_is_404(world: World) -> None:
    body = expect_error(world.owner.get(f"{world.teams}/byName/no%20such%20team"), 404, "TEAM_NAME_NOT_FOUND")
    assert body["parameters"] == ["no such team", world.org_id]


def test_by_name_finds_names_with_spaces(world: World) -> None:
    team = world.created(name="with spaces")
    assert world.owner.get(f"{world.teams}/byName/with%20spaces").json()["id"] == team["id"]


def test_list_is_paginated_by_name(world: World) -> None:
    listed = world.owner.get(world.teams, params={"itemsPerPage": 500}).json()
    names = [team["name"] for team in listed["results"]]
    assert names == sorted(names)
    assert listed["totalCount"] == len(names) >= 2
    assert all(list(team) == TEAM_KEYS for team in listed["results"])
    first = world.owner.get(world.teams, params={"itemsPerPage": 1}).json()
    base = f"{world.server.base_url}{world.teams}"
    assert first["links"] == [
        {"href": f"{base}?includeCount=true&pageNum=1&itemsPerPage=1", "rel": "self"},
        {"href": f"{base}?includeCount=true&itemsPerPage=1&pageNum=2", "rel": "next"},
    ]
    assert [team["name"] for team in first["results"]] == names[:1]


# --- renameOrgTeam --------------------------------------------------------------------------------------------------


def test_rename_answers_the_renamed_team(world: World) -> None:
    team = world.created(name="teams643")
    before = len(world.org_events())
    response = world.owner.patch(f"{world.teams}/{team['id']}", json={"name": "teams643_renamed"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == OLD_CONTENT_TYPE
    assert response.json() == {"id": team["id"], "links": team["links"], "name": "teams643_renamed"}
    assert world.owner.get(f"{world.teams}/byName/teams643_renamed").json()["id"] == team["id"]
    expect_error(world.owner.get(f"{world.teams}/byName/teams643"), 404, "TEAM_NAME_NOT_FOUND")
    assert _new_events(world, before) == [("TEAM_NAME_CHANGED", None, team["id"])]
    # Its own name again: nothing changes, nothing is written.
    assert world.owner.patch(f"{world.teams}/{team['id']}", json={"name": "teams643_renamed"}).status_code == 200
    assert _new_events(world, before) == [("TEAM_NAME_CHANGED", None, team["id"])]


def test_rename_to_a_taken_name_is_409_and_changes_nothing(world: World) -> None:
    taken = world.created()
    team = world.created()
    response = world.owner.patch(f"{world.teams}/{team['id']}", json={"name": taken["name"]})
    expect_error(response, 409, "DUPLICATE_TEAM_NAME")
    assert world.owner.get(f"{world.teams}/{team['id']}").json()["name"] == team["name"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MISSING_ATTRIBUTE"),
        ({"name": ""}, "INVALID_ATTRIBUTE"),
        ({"name": "x", "usernames": []}, "INVALID_ATTRIBUTE"),
    ],
)
def test_bad_rename_bodies_are_400(world: World, body: dict[str, Any], code: str) -> None:
    team = world.created()
    expect_error(world.owner.patch(f"{world.teams}/{team['id']}", json=body), 400, code)


def test_rename_needs_an_owner_and_an_existing_team(world: World) -> None:
    team = world.created()
    expect_error(world.member.patch(f"{world.teams}/{team['id']}", json={"name": "x"}), 401, "USER_UNAUTHORIZED")
    expect_error(world.owner.patch(f"{world.teams}/{MISSING}", json={"name": "x"}), 404, "TEAM_NOT_FOUND")


# --- deleteOrgTeam --------------------------------------------------------------------------------------------------


def test_delete_answers_204_and_its_members_leave(world: World) -> None:
    team = world.created("ann", "bob")
    before = len(world.org_events())
    response = world.owner.delete(f"{world.teams}/{team['id']}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["content-type"] == OLD_CONTENT_TYPE
    expect_error(world.owner.get(f"{world.teams}/{team['id']}"), 404, "TEAM_NOT_FOUND")
    assert team["id"] not in [
        t["id"] for t in world.owner.get(world.teams, params={"itemsPerPage": 500}).json()["results"]
    ]
    users = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/users", headers={"Accept": NEW}).json()["results"]
    assert all(team["id"] not in user["teamIds"] for user in users)
    assert _new_events(world, before) == [
        ("REMOVED_FROM_TEAM", world.username("ann"), None),
        ("REMOVED_FROM_TEAM", world.username("bob"), None),
        ("TEAM_DELETED", None, team["id"]),
    ]
    expect_error(world.owner.delete(f"{world.teams}/{team['id']}"), 404, "TEAM_NOT_FOUND")
    # Its name is free again.
    assert world.create(name=team["name"]).status_code == 201


def test_delete_takes_the_team_out_of_pending_invitations(world: World) -> None:
    team, kept = world.created(), world.created()
    pending = world.invite(f"invited-{next(_names)}@home.example.com", [team["id"], kept["id"]])
    assert pending["teamIds"] == [team["id"], kept["id"]]
    assert world.owner.delete(f"{world.teams}/{team['id']}").status_code == 204
    assert world.pending_user(pending["id"])["teamIds"] == [kept["id"]]
    invites = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/invites", params={"username": pending["username"]})
    assert [invite["teamIds"] for invite in invites.json()] == [[kept["id"]]]


def test_a_team_assigned_to_a_project_cannot_be_deleted(world: World) -> None:
    team = world.created()
    project_teams = f"/api/atlas/v2/groups/{world.group_id}/teams"
    assigned = world.owner.post(project_teams, json=[{"teamId": team["id"], "roleNames": ["GROUP_READ_ONLY"]}])
    assert assigned.status_code == 200, assigned.text
    body = expect_error(
        world.owner.delete(f"{world.teams}/{team['id']}"), 409, "CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT"
    )
    assert body["parameters"] == [team["id"]]
    assert world.owner.get(f"{world.teams}/{team['id']}").status_code == 200
    # Terraform's way out: remove the assignment, then delete.
    assert world.owner.delete(f"{project_teams}/{team['id']}").status_code == 204
    assert world.owner.delete(f"{world.teams}/{team['id']}").status_code == 204


def test_delete_needs_an_owner(world: World) -> None:
    team = world.created()
    expect_error(world.member.delete(f"{world.teams}/{team['id']}"), 401, "USER_UNAUTHORIZED")
    expect_error(world.owner.delete(f"{world.teams}/not-an-id"), 404, "INVALID_TEAM_ID")
    assert world.owner.get(f"{world.teams}/{team['id']}").status_code == 200


# --- team users: the deprecated add and remove (2023-01-01) --------------------------------------------------------


def test_deprecated_add_answers_the_team_users_those_added_first(world: World) -> None:
    team = world.created("ann")
    before = len(world.org_events())
    response = world.owner.post(f"{world.teams}/{team['id']}/users", json=[{"id": world.user_id("cid")}])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == OLD_CONTENT_TYPE
    assert response.headers["sunset"] == "Thu, 1 Jul 2027 00:00:00 GMT"
    body = response.json()
    href = f"{world.server.base_url}{world.teams}/{team['id']}/users?pageNum=1&itemsPerPage=100"
    assert body["links"] == [{"href": href, "rel": "self"}]
    assert body["totalCount"] == 2
    assert [user["username"] for user in body["results"]] == [world.username("cid"), world.username("ann")]
    cid = body["results"][0]
    assert list(cid) == [*CLOUD_APP_USER_KEYS, "roles", "teamIds", "username"]
    assert cid["links"] == [{"href": f"{world.server.base_url}/api/atlas/v2/users/{cid['id']}", "rel": "self"}]
    assert cid["roles"] == [{"orgId": world.org_id, "roleName": "ORG_MEMBER"}]
    assert team["id"] in cid["teamIds"]
    assert _new_events(world, before) == [("JOINED_TEAM", world.username("cid"), None)]


def test_deprecated_add_is_all_or_nothing(world: World) -> None:
    team = world.created("ann")
    path = f"{world.teams}/{team['id']}/users"
    response = world.owner.post(path, json=[{"id": world.user_id("bob")}, {"id": world.user_id("ann")}])
    body = expect_error(response, 409, "USER_ALREADY_IN_TEAM")
    assert body["parameters"] == [world.user_id("ann"), team["id"]]
    assert world.usernames_in(team["id"]) == [world.username("ann")]


@pytest.mark.parametrize(
    ("items", "status", "code"),
    [
        ([{"id": "not-an-id"}], 404, "INVALID_USER_ID"),
        ([{"id": MISSING}], 404, "USER_NOT_FOUND"),
        ([{}], 400, "MISSING_ATTRIBUTE"),
        ([{"id": 5}], 400, "INVALID_JSON_ATTRIBUTE"),
        ([{"id": MISSING, "name": "x"}], 400, "INVALID_ATTRIBUTE"),
        ([], 400, "INVALID_JSON"),
        ({"id": MISSING}, 400, "INVALID_JSON"),
        (["x"], 400, "INVALID_JSON"),
    ],
)
def test_bad_deprecated_add_bodies(world: World, items: Any, status: int, code: str) -> None:
    team = world.created()
    expect_error(world.owner.post(f"{world.teams}/{team['id']}/users", json=items), status, code)


def test_deprecated_add_takes_active_users_of_the_org_only(world: World) -> None:
    team = world.created()
    path = f"{world.teams}/{team['id']}/users"
    expect_error(world.owner.post(path, json=[{"id": world.away_user["id"]}]), 404, "USER_NOT_IN_ORG")
    pending = world.invite(f"pending-{next(_names)}@home.example.com")
    expect_error(world.owner.post(path, json=[{"id": pending["id"]}]), 404, "CANNOT_ADD_PENDING_USER")


def test_deprecated_remove_answers_204(world: World) -> None:
    team = world.created("ann", "dan")
    before = len(world.org_events())
    response = world.owner.delete(f"{world.teams}/{team['id']}/users/{world.user_id('dan')}")
    assert response.status_code == 204, response.text
    assert response.headers["sunset"] == "Thu, 1 Jul 2027 00:00:00 GMT"
    assert world.usernames_in(team["id"]) == [world.username("ann")]
    assert _new_events(world, before) == [("REMOVED_FROM_TEAM", world.username("dan"), None)]
    again = world.owner.delete(f"{world.teams}/{team['id']}/users/{world.user_id('dan')}")
    expect_error(again, 404, "RESOURCE_NOT_FOUND")
    expect_error(world.owner.delete(f"{world.teams}/{team['id']}/users/not-an-id"), 404, "INVALID_USER_ID")
    expect_error(
        world.member.delete(f"{world.teams}/{team['id']}/users/{world.user_id('ann')}"), 401, "USER_UNAUTHORIZED"
    )


def test_the_deprecated_team_user_operations_send_the_recorded_deprecation_date(world: World) -> None:
    team = world.created("ann")
    added = world.owner.post(f"{world.teams}/{team['id']}/users", json=[{"id": world.user_id("bob")}])
    removed = world.owner.delete(f"{world.teams}/{team['id']}/users/{world.user_id('bob')}")
    assert added.headers.get("deprecation") == removed.headers.get("deprecation") == "Wed, 19 Feb 2025 00:00:00 GMT"
    listed = world.owner.get(f"{world.teams}/{team['id']}/users")  # not deprecated: no Deprecation header
    assert "deprecation" not in listed.headers


# --- team users: lists ----------------------------------------------------------------------------------------------


def test_the_two_versions_of_the_team_user_list(world: World) -> None:
    team = world.created("bob", "ann")
    pending = world.invite(f"pending-{next(_names)}@home.example.com", [team["id"]])
    path = f"{world.teams}/{team['id']}/users"
    old = world.owner.get(path)
    assert old.headers["content-type"] == OLD_CONTENT_TYPE
    assert [user["username"] for user in old.json()["results"]] == [world.username("ann"), world.username("bob")]
    assert "orgMembershipStatus" not in old.json()["results"][0]
    new = world.owner.get(path, headers={"Accept": NEW})
    assert new.headers["content-type"] == NEW_CONTENT_TYPE
    body = new.json()
    assert body["links"] == [{"href": f"{world.server.base_url}{path}?pageNum=1&itemsPerPage=100", "rel": "self"}]
    listed = [(user["username"], user["orgMembershipStatus"]) for user in body["results"]]
    assert listed == [
        (world.username("ann"), "ACTIVE"),
        (world.username("bob"), "ACTIVE"),
        (pending["username"], "PENDING"),
    ]
    assert body["totalCount"] == 3
    # Filters of the 2025-02-19 list.
    only_active = world.team_users(team["id"], orgMembershipStatuses="ACTIVE")
    assert [user["username"] for user in only_active] == [world.username("ann"), world.username("bob")]
    assert [u["id"] for u in world.team_users(team["id"], userId=world.user_id("bob"))] == [world.user_id("bob")]
    assert [u["id"] for u in world.team_users(team["id"], username=pending["username"])] == [pending["id"]]
    expect_error(
        world.owner.get(path, params={"orgMembershipStatuses": "NOPE"}, headers={"Accept": NEW}),
        400,
        "INVALID_QUERY_PARAMETER",
    )
    expect_error(
        world.owner.get(path, params={"userId": "bad"}, headers={"Accept": NEW}), 400, "INVALID_QUERY_PARAMETER"
    )


def test_an_accepted_invitation_joins_its_teams(world: World) -> None:
    team = world.created()
    pending = world.invite(f"joiner-{next(_names)}@home.example.com", [team["id"]])
    invitation = world.owner.get(
        f"/api/atlas/v2/orgs/{world.org_id}/invites", params={"username": pending["username"]}
    ).json()[0]
    assert world.server.accept(invitation["id"]).status_code == 200
    joined = [(u["username"], u["orgMembershipStatus"]) for u in world.team_users(team["id"])]
    assert (pending["username"], "ACTIVE") in joined


def test_a_user_who_leaves_the_org_leaves_its_teams(world: World) -> None:
    team = world.created("ann")
    pending = world.invite(f"leaver-{next(_names)}@home.example.com")
    invitation = world.owner.get(
        f"/api/atlas/v2/orgs/{world.org_id}/invites", params={"username": pending["username"]}
    ).json()[0]
    assert world.server.accept(invitation["id"]).status_code == 200
    assert world.custom(team["id"], "addUser", pending["id"]).status_code == 200
    removed = world.owner.delete(f"/api/atlas/v2/orgs/{world.org_id}/users/{pending['id']}", headers={"Accept": NEW})
    assert removed.status_code == 204, removed.text
    assert world.usernames_in(team["id"]) == [world.username("ann")]


# --- team users: :addUser and :removeUser (2025-02-19) --------------------------------------------------------------


def test_add_user_answers_the_user_with_the_team(world: World) -> None:
    team = world.created("ann")
    before = len(world.org_events())
    response = world.custom(team["id"], "addUser", world.user_id("eve"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == NEW_CONTENT_TYPE
    user = response.json()
    assert (user["id"], user["orgMembershipStatus"]) == (world.user_id("eve"), "ACTIVE")
    assert team["id"] in user["teamIds"]
    assert world.usernames_in(team["id"]) == [world.username("ann"), world.username("eve")]
    assert _new_events(world, before) == [("JOINED_TEAM", world.username("eve"), None)]
    expect_error(world.custom(team["id"], "addUser", world.user_id("eve")), 409, "USER_ALREADY_IN_TEAM")


def test_remove_user_answers_the_user_without_the_team(world: World) -> None:
    team = world.created("ann", "eve")
    before = len(world.org_events())
    response = world.custom(team["id"], "removeUser", world.user_id("eve"))
    assert response.status_code == 200, response.text
    assert team["id"] not in response.json()["teamIds"]
    assert world.usernames_in(team["id"]) == [world.username("ann")]
    assert _new_events(world, before) == [("REMOVED_FROM_TEAM", world.username("eve"), None)]
    expect_error(world.custom(team["id"], "removeUser", world.user_id("eve")), 404, "RESOURCE_NOT_FOUND")


def test_a_pending_user_may_be_added_and_removed_through_its_invitation(world: World) -> None:
    team = world.created()
    pending = world.invite(f"pending-{next(_names)}@home.example.com")
    before = len(world.org_events())
    added = world.custom(team["id"], "addUser", pending["id"])
    assert added.status_code == 200, added.text
    assert (added.json()["orgMembershipStatus"], added.json()["teamIds"]) == ("PENDING", [team["id"]])
    assert world.pending_user(pending["id"])["teamIds"] == [team["id"]]
    assert _new_events(world, before) == [("INVITED_TO_TEAM", pending["username"], None)]
    removed = world.custom(team["id"], "removeUser", pending["id"])
    assert removed.status_code == 200, removed.text
    assert removed.json()["teamIds"] == []
    assert world.pending_user(pending["id"])["teamIds"] == []


def test_a_declined_invitation_is_not_in_the_org(world: World) -> None:
    team = world.created()
    pending = world.invite(f"decliner-{next(_names)}@home.example.com")
    invitation = world.owner.get(
        f"/api/atlas/v2/orgs/{world.org_id}/invites", params={"username": pending["username"]}
    ).json()[0]
    assert world.server.decline(invitation["id"]).status_code == 200
    expect_error(world.custom(team["id"], "addUser", pending["id"]), 404, "USER_NOT_IN_ORG")


@pytest.mark.parametrize("method", ["addUser", "removeUser"])
def test_bad_custom_method_requests(world: World, method: str) -> None:
    team = world.created()
    path = f"{world.teams}/{team['id']}:{method}"
    expect_error(world.custom(team["id"], method, "not-an-id"), 404, "INVALID_USER_ID")
    expect_error(world.custom(team["id"], method, MISSING), 404, "USER_NOT_FOUND")
    expect_error(world.custom(team["id"], method, world.away_user["id"]), 404, "USER_NOT_IN_ORG")
    expect_error(world.custom(MISSING, method, world.user_id("ann")), 404, "TEAM_NOT_FOUND")
    expect_error(world.custom("not-an-id", method, world.user_id("ann")), 404, "INVALID_TEAM_ID")
    expect_error(world.owner.post(path, json={}, headers={"Accept": NEW}), 400, "MISSING_ATTRIBUTE")
    expect_error(world.owner.post(path, json=[{"id": MISSING}], headers={"Accept": NEW}), 400, "INVALID_JSON")
    # These exist at 2025-02-19 only.
    expect_error(
        world.owner.post(path, json={"id": world.user_id("ann")}, headers={"Accept": OLD}), 406, "INVALID_VERSION_DATE"
    )
    expect_error(
        world.member.post(path, json={"id": world.user_id("ann")}, headers={"Accept": NEW}), 401, "USER_UNAUTHORIZED"
    )
