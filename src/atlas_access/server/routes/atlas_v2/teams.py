"""``/api/atlas/v2/orgs/{orgId}/teams``: an organization's teams and their users; the teams assigned to projects
are in ``project_teams``.

As recorded (``reference/recordings/atlasteams``, ``atlasteamusers``): ``createOrgTeam`` answers 201 (the spec says
200) with the team and its ``usernames``; rename 200, delete 204. The deprecated ``addOrgTeamUsers`` answers the
team's active users as ``CloudAppUser`` items (each linking to itself only), the users it added first, then the
others by username. ``listOrgTeamUsers`` at 2023-01-01 lists active users in that shape, at 2025-02-19 active and
pending users as ``OrgUserResponse`` (``user_shapes``), by username. The rules and events: ``services.teams``.

Not reproduced: the recorded ``Location`` of the create (``<host>/orgs/<orgId>/teams/<id>``, without the API's
base path) — a handler's ``Reply`` carries no headers.
"""

from typing import Any

from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.core.members import Member, MembershipStatus
from atlas_access.server.routes.atlas_v2 import team_shapes as wire
from atlas_access.server.routes.atlas_v2 import user_shapes
from atlas_access.server.routes.membership_bodies import username_filter
from atlas_access.server.services import org_users
from atlas_access.server.services import teams as service
from atlas_access.server.wire.endpoint import Call, Reply


def list_teams(call: Call) -> Reply:
    org = call.the_org()
    results = [wire.team_view(team, call.base_url) for team in service.listing(call.ctx, org)]
    return Reply(200, wire.page_body(call, results, wire.org_teams_path(org.id)))


def create_team(call: Call) -> Reply:
    body = call.body(wire.TeamIn)
    name = wire.name_given(body.name)
    team, joined = service.create(call.ctx, call.the_org(), name, wire.usernames_given(body.usernames))
    return Reply(201, wire.team_view(team, call.base_url, [user.username for user in joined]))


def get_team(call: Call) -> Reply:
    return Reply(200, wire.team_view(service.find(call.ctx, call.the_org(), call.path["teamId"]), call.base_url))


def get_team_by_name(call: Call) -> Reply:
    team = service.find_named(call.ctx, call.the_org(), call.path["teamName"])
    return Reply(200, wire.team_view(team, call.base_url))


def rename_team(call: Call) -> Reply:
    name = wire.name_given(call.body(wire.TeamUpdateIn).name)
    team = service.rename(call.ctx, call.the_org(), call.path["teamId"], name)
    return Reply(200, wire.team_view(team, call.base_url))


def delete_team(call: Call) -> Reply:
    service.delete(call.ctx, call.the_org(), call.path["teamId"])
    return Reply(204)


# --- team users -----------------------------------------------------------------------------------------------------


def _cloud_app_user(call: Call, user: Member) -> dict[str, Any]:
    """``CloudAppUser`` as the team operations show it: linking to itself only (recorded)."""
    view = user_shapes.cloud_app_user_view(user, call.base_url, call.the_org().id, user.roles, user.group_roles)
    view["links"] = view["links"][:1]
    return view


def _user_id_filter(call: Call) -> str | None:
    value = call.query.get("userId")
    if value and not is_object_id(value):
        raise ApiError("INVALID_QUERY_PARAMETER", "userId")
    return value or None


def list_team_users(call: Call) -> Reply:
    org = call.the_org()
    team = service.find(call.ctx, org, call.path["teamId"])
    username, user_id = username_filter(call), _user_id_filter(call)
    results: list[dict[str, Any]] = []
    if user_shapes.deprecated_version(call):
        active = frozenset({MembershipStatus.ACTIVE})
        for user in service.users(call.ctx, org, team, active, username=username, user_id=user_id, pending=False):
            assert isinstance(user, Member)
            results.append(_cloud_app_user(call, user))
    else:
        statuses = user_shapes.statuses_given(call.query)
        found = service.users(call.ctx, org, team, statuses, username=username, user_id=user_id)
        results = [user_shapes.org_user_view(user, org_users.status(call.ctx, user)) for user in found]
    return Reply(200, wire.page_body(call, results, wire.team_users_path(team), counted=False))


def add_team_users(call: Call) -> Reply:
    """The deprecated ``POST …/users`` with ``[{id}, …]``: the team's active users, those added first."""
    org = call.the_org()
    given = tuple(wire.user_id_given(item.id) for item in wire.array_body(call, wire.UserIdIn, "users"))
    team, added = service.add_members(call.ctx, org, call.path["teamId"], given)
    active = frozenset({MembershipStatus.ACTIVE})
    found = [user for user in service.users(call.ctx, org, team, active, pending=False) if isinstance(user, Member)]
    first = {user_id: position for position, user_id in enumerate(added)}
    found.sort(key=lambda user: first.get(user.id, len(first)))  # stable: the others stay by username
    results = [_cloud_app_user(call, user) for user in found]
    return Reply(200, wire.page_body(call, results, wire.team_users_path(team), counted=False))


def remove_team_user(call: Call) -> Reply:
    """The deprecated ``DELETE …/users/{userId}``: active users only."""
    service.remove_user(call.ctx, call.the_org(), call.path["teamId"], call.path["userId"], pending=False)
    return Reply(204)


def add_user(call: Call) -> Reply:
    """``:addUser`` (2025-02-19): the user, active or pending, as it is now."""
    org = call.the_org()
    user_id = wire.user_id_given(call.body(wire.UserIdIn).id)
    user = service.add_user(call.ctx, org, call.path["teamId"], user_id)
    return Reply(200, user_shapes.org_user_view(user, org_users.status(call.ctx, user)))


def remove_user(call: Call) -> Reply:
    """``:removeUser`` (2025-02-19): the user, active or pending, as it is now."""
    org = call.the_org()
    user_id = wire.user_id_given(call.body(wire.UserIdIn).id)
    user = service.remove_user(call.ctx, org, call.path["teamId"], user_id)
    return Reply(200, user_shapes.org_user_view(user, org_users.status(call.ctx, user)))
