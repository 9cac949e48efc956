"""Valid requests for the RBAC matrix: teams of the home organization and teams of its project.

Reads and changes that change nothing use one shared team (``world.shared["team"]``, assigned to the home project);
every other change gets a team made for its case, so that each one can succeed (a user to add who is not in it yet,
a user to remove who is, a team to assign or delete).
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote

from support.matrix.world import USERS_API, Request, World

_names = itertools.count()
ROLE = "GROUP_READ_ONLY"


def _team(world: World, *user_indexes: int) -> dict[str, Any]:
    """A new team of the home organization with these of its active users."""
    users = world.orgs["home"]["users"]
    body = {"name": f"matrix-team-{next(_names)}", "usernames": [users[n]["username"] for n in user_indexes or (0,)]}
    team: dict[str, Any] = world.made("POST", f"/api/atlas/v2/orgs/{world.home_org}/teams", body)
    return team


def _shared(world: World) -> dict[str, Any]:
    """The team every read uses, assigned to the home project."""
    if "team" not in world.shared:
        team = _team(world)
        world.made(
            "POST", f"/api/atlas/v2/groups/{world.home_group}/teams", [{"teamId": team["id"], "roleNames": [ROLE]}]
        )
        world.shared["team"] = team
    found: dict[str, Any] = world.shared["team"]
    return found


def _in_team(world: World, team_id: str, user_id: str) -> bool:
    path = f"/api/atlas/v2/orgs/{world.home_org}/teams/{team_id}/users"
    return user_id in [user["id"] for user in world.made("GET", path)["results"]]


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    teams = f"/api/atlas/v2/orgs/{world.home_org}/teams"
    group_teams = f"/api/atlas/v2/groups/{world.home_group}/teams"
    second = world.orgs["home"]["users"][1]["id"]
    match operation:
        case "listOrgTeams":
            return Request("GET", teams, None, 200)
        case "createOrgTeam":
            username = world.orgs["home"]["users"][0]["username"]
            return Request("POST", teams, {"name": f"matrix-team-{next(_names)}", "usernames": [username]}, 201)
        case "getOrgTeam":
            return Request("GET", f"{teams}/{_shared(world)['id']}", None, 200)
        case "getOrgTeamByName":
            return Request("GET", f"{teams}/byName/{quote(_shared(world)['name'])}", None, 200)
        case "renameOrgTeam":
            shared = _shared(world)
            return Request("PATCH", f"{teams}/{shared['id']}", {"name": shared["name"]}, 200)
        case "deleteOrgTeam":
            path = f"{teams}/{_team(world)['id']}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
        case "listOrgTeamUsers":
            return Request("GET", f"{teams}/{_shared(world)['id']}/users", None, 200)
        case "addOrgTeamUsers":
            return Request("POST", f"{teams}/{_team(world)['id']}/users", [{"id": second}], 200)
        case "removeOrgTeamUserFromTeam":
            team_id = _team(world, 0, 1)["id"]
            return Request(
                "DELETE",
                f"{teams}/{team_id}/users/{second}",
                None,
                204,
                still_there=lambda: _in_team(world, team_id, second),
            )
        case "addOrgTeamUser":
            return Request("POST", f"{teams}/{_team(world)['id']}:addUser", {"id": second}, 200, accept=USERS_API)
        case "removeOrgTeamUser":
            team_id = _team(world, 0, 1)["id"]
            return Request("POST", f"{teams}/{team_id}:removeUser", {"id": second}, 200, accept=USERS_API)
        case "listGroupTeams":
            return Request("GET", group_teams, None, 200)
        case "getGroupTeam":
            return Request("GET", f"{group_teams}/{_shared(world)['id']}", None, 200)
        case "addGroupTeams":
            body = [{"teamId": _team(world)["id"], "roleNames": [ROLE]}]
            return Request("POST", group_teams, body, 200)
        case "updateGroupTeam":
            return Request("PATCH", f"{group_teams}/{_shared(world)['id']}", {"roleNames": [ROLE]}, 200)
        case "removeGroupTeam":
            team_id = _team(world)["id"]
            world.made("POST", group_teams, [{"teamId": team_id, "roleNames": [ROLE]}])
            path = f"{group_teams}/{team_id}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
    return None
