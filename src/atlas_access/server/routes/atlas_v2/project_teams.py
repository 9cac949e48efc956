"""``/api/atlas/v2/groups/{groupId}/teams``: the teams assigned to a project and their project roles.

As recorded (``reference/recordings/atlasprojectteams``): ``addGroupTeams`` answers 200 with the list envelope of the
teams it assigned (in the order given; ours where the recording, with one team, cannot tell), ``updateGroupTeam`` 200
with the list envelope of the one team it changed (its ``self`` link is the team's), ``removeGroupTeam`` 204. Neither
write takes ``includeCount``, and their links do not carry it; ``listGroupTeams`` does. Roles are the Atlas project
roles (``ATLAS_GROUP_ROLES``), one or more, kept in the order given. The rules and events: ``services.teams``.
"""

from atlas_access.core.errors import ApiError
from atlas_access.server.routes.atlas_v2 import team_shapes as wire
from atlas_access.server.services import teams as service
from atlas_access.server.wire.endpoint import Call, Reply


def list_group_teams(call: Call) -> Reply:
    project = call.the_project()
    results = [wire.team_role_view(assigned, call.base_url) for assigned in service.assignments(call.ctx, project)]
    return Reply(200, wire.page_body(call, results, wire.project_teams_path(project.id)))


def add_group_teams(call: Call) -> Reply:
    project = call.the_project()
    wanted = [
        (wire.team_id_given(item.teamId), wire.roles_given(item.roleNames, project.id))
        for item in wire.array_body(call, wire.TeamRoleIn, "teams")
    ]
    made = service.assign(call.ctx, project, wanted)
    results = [wire.team_role_view(assigned, call.base_url) for assigned in made]
    return Reply(200, wire.page_body(call, results, wire.project_teams_path(project.id), counted=False))


def get_group_team(call: Call) -> Reply:
    assigned = service.assignment(call.ctx, call.the_project(), call.path["teamId"])
    return Reply(200, wire.team_role_view(assigned, call.base_url))


def update_group_team(call: Call) -> Reply:
    """``PATCH`` with ``{roleNames}``; a ``teamId`` in the body must be the path's (ours)."""
    project, team_id = call.the_project(), call.path["teamId"]
    body = call.body(wire.TeamRoleIn)
    if body.teamId is not None and body.teamId != team_id:
        raise ApiError("INVALID_ATTRIBUTE", "teamId", fields=[("teamId", "Must be the team of the path, if given.")])
    assigned = service.update_roles(call.ctx, project, team_id, wire.roles_given(body.roleNames, project.id))
    path = f"{wire.project_teams_path(project.id)}/{team_id}"
    return Reply(200, wire.page_body(call, [wire.team_role_view(assigned, call.base_url)], path, counted=False))


def remove_group_team(call: Call) -> Reply:
    service.unassign(call.ctx, call.the_project(), call.path["teamId"])
    return Reply(204)
