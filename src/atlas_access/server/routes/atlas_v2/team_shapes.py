"""Teams on the wire: request bodies, the answers' shapes, and the list envelope of the operations that take no
``includeCount``.

Shapes as recorded (``reference/recordings/atlasteams``, ``atlasteamusers``, ``atlasprojectteams``): a team is
``{id, links, name}`` (``Team`` adds ``usernames`` in the create answer), a project's team ``{links, roleNames,
teamId}``, each linking to itself only.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

from atlas_access.core import invitations as invitation_rules
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.core.roles import valid_group_roles
from atlas_access.core.teams import Assignment, Team
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import WireModel, email, require
from atlas_access.server.wire.endpoint import Call

MAX_NAME = 64  # ours: the size of the name column (the spec gives no limit)
M = TypeVar("M", bound=WireModel)


class TeamIn(WireModel):
    """``Team``: a name and the usernames of the first members (both required by the spec)."""

    name: str | None = None
    usernames: list[str] | None = None


class TeamUpdateIn(WireModel):
    name: str | None = None


class TeamRoleIn(WireModel):
    """``TeamRole``: one item of ``addGroupTeams``, or the ``updateGroupTeam`` body (whose ``teamId`` may be left
    out: the path names the team)."""

    teamId: str | None = None
    roleNames: list[str] | None = None


class UserIdIn(WireModel):
    """``AddUserToTeam`` and ``AddOrRemoveUserFromTeam``: ``{id}``."""

    id: str | None = None


def name_given(value: str | None) -> str:
    """A team name: 1 to 64 characters, not only spaces (ours)."""
    name: str = require(value, "name")
    if not 1 <= len(name) <= MAX_NAME or not name.strip():
        raise ApiError("INVALID_ATTRIBUTE", "name", fields=[("name", f"1 to {MAX_NAME} characters, not only spaces.")])
    return name


def usernames_given(value: list[str] | None) -> tuple[str, ...]:
    """The first members' usernames: one or more email addresses, kept once each in lower case."""
    given: list[str] = require(value, "usernames")
    if not given:
        # MongoDB publishes CANNOT_CREATE_EMPTY_TEAM (400) for this; the catalog does not have it yet.
        raise ApiError("INVALID_ATTRIBUTE", "usernames", fields=[("usernames", "A team needs at least one user.")])
    return invitation_rules.unique_in_order(tuple(email(username) for username in given))


def user_id_given(value: str | None) -> str:
    user_id: str = require(value, "id")
    if not is_object_id(user_id):
        raise ApiError("INVALID_USER_ID", user_id)
    return user_id


def team_id_given(value: str | None) -> str:
    team_id: str = require(value, "teamId")
    if not is_object_id(team_id):
        raise ApiError("INVALID_TEAM_ID", team_id)
    return team_id


def roles_given(value: list[str] | None, group_id: str) -> tuple[str, ...]:
    """A team's project roles: one or more of the Atlas project roles, kept once each in the order given."""
    roles: list[str] = require(value, "roleNames")
    if not roles:
        raise ApiError("MISSING_ATTRIBUTE", "roleNames", fields=[("roleNames", "At least one project role.")])
    return valid_group_roles(roles, group_id, field="roleNames")


def array_body(call: Call, model: type[M], what: str) -> list[M]:
    """A body that is a JSON array of ``model`` objects (``addGroupTeams``, ``addOrgTeamUsers``), one or more."""
    items = bodies.validate_list(model, call.raw_body, call.content_type)
    if not items:
        raise ApiError("INVALID_JSON", detail=f"Received JSON does not match expected format: no {what}.")
    return items


def org_teams_path(org_id: str) -> str:
    """``/orgs/{orgId}/teams``: the organization's teams."""
    return f"/api/atlas/v2/orgs/{org_id}/teams"


def team_users_path(team: Team) -> str:
    """``/orgs/{orgId}/teams/{teamId}/users``: the team's users."""
    return f"{org_teams_path(team.org_id)}/{team.id}/users"


def project_teams_path(group_id: str) -> str:
    """``/groups/{groupId}/teams``: the teams assigned to the project."""
    return f"/api/atlas/v2/groups/{group_id}/teams"


def team_view(team: Team, base_url: str, usernames: Sequence[str] | None = None) -> dict[str, Any]:
    """``TeamResponse``; with ``usernames``, the ``Team`` the create answers with."""
    view: dict[str, Any] = {
        "id": team.id,
        "links": [{"href": f"{base_url}{org_teams_path(team.org_id)}/{team.id}", "rel": "self"}],
        "name": team.name,
    }
    if usernames is not None:
        view["usernames"] = list(usernames)
    return view


def team_role_view(assigned: Assignment, base_url: str) -> dict[str, Any]:
    """``TeamRole``: a team's roles in a project."""
    return {
        "links": [{"href": f"{base_url}{project_teams_path(assigned.group_id)}/{assigned.team_id}", "rel": "self"}],
        "roleNames": list(assigned.roles),
        "teamId": assigned.team_id,
    }


def page_body(call: Call, items: Sequence[Any], path: str, *, counted: bool = True) -> dict[str, Any]:
    """One page of ``items`` (views) in the list envelope. ``counted=False`` for operations without an
    ``includeCount`` parameter: their links do not carry it and the count is always given, as recorded
    (``…/teams/{teamId}/users?pageNum=1&itemsPerPage=100``)."""
    page = paging.page_of(call.query)
    if not counted:
        page = replace(page, include_count=True)
    shown = items[page.offset : page.offset + page.size]
    body = paging.paginated(shown, len(items), page, call.base_url, path, call.query.multi_items())
    if not counted:
        for link in body["links"]:
            href, _, query = link["href"].partition("?")
            kept = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name != "includeCount"]
            link["href"] = f"{href}?{urlencode(kept)}"
    return body
