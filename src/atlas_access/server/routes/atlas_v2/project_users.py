"""``/api/atlas/v2/groups/{groupId}/users``: a project's users (2025-02-19; 2023-01-01 lists active users only)."""

from atlas_access.core.errors import ApiError
from atlas_access.core.members import Member, MembershipStatus
from atlas_access.server.routes import membership_bodies as bodies
from atlas_access.server.routes.atlas_v2 import user_shapes as wire
from atlas_access.server.services import memberships, project_users
from atlas_access.server.services.project_users import ProjectUser
from atlas_access.server.wire import paging, query
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Reply


def _view(found: ProjectUser) -> dict[str, object]:
    return wire.group_user_view(found.user, found.status, found.roles)


def list_users(call: Call) -> Reply:
    project = call.the_project()
    page = paging.page_of(call.query)
    deprecated = wire.deprecated_version(call)
    include_org_users = query.flag(call.query, "includeOrgUsers")
    flatten_teams = query.flag(call.query, "flattenTeams")
    statuses = frozenset({MembershipStatus.ACTIVE}) if deprecated else wire.statuses_given(call.query)
    found = project_users.listing(
        call.ctx,
        project,
        statuses,
        bodies.username_filter(call),
        include_org_users=include_org_users,
        flatten_teams=flatten_teams,
        pending=not deprecated,
    )
    shown = found[page.offset : page.offset + page.size]
    if deprecated:
        results = []
        for item in shown:
            assert isinstance(item.user, Member)
            results.append(wire.cloud_app_user_view(item.user, call.base_url, None, (), {project.id: item.roles}))
    else:
        results = [_view(item) for item in shown]
    # The links show the two flags even when not given, as MongoDB Cloud's do.
    params = [(n, v) for n, v in call.query.multi_items() if n not in ("flattenTeams", "includeOrgUsers")]
    params += [("flattenTeams", _bool(flatten_teams)), ("includeOrgUsers", _bool(include_org_users))]
    path = f"/api/atlas/v2/groups/{project.id}/users"
    return Reply(200, paging.paginated(results, len(found), page, call.base_url, path, params))


def _bool(value: bool) -> str:
    return "true" if value else "false"


def get_user(call: Call) -> Reply:
    project = call.the_project()
    found = project_users.find(call.ctx, project, call.path["userId"])
    if call.query.getlist("orgMembershipStatuses") and found.status not in wire.statuses_given(call.query):
        raise ApiError("USER_NOT_IN_GROUP", found.id, project.id)
    return Reply(200, _view(found))


def add_user(call: Call) -> Reply:
    project = call.the_project()
    body = call.body(bodies.GroupUserIn)
    username = bodies.username_given(body.username)
    return Reply(201, _view(project_users.add(call.ctx, project, username, bodies.roles_given(body.roles))))


def _role(call: Call) -> str:
    role = require(call.body(bodies.GroupRoleIn).groupRole, "groupRole")
    return memberships.check_group_roles((role,), call.the_project().id, "groupRole")[0]


def add_role(call: Call) -> Reply:
    project = call.the_project()
    found = project_users.find(call.ctx, project, call.path["userId"])
    return Reply(200, _view(project_users.add_role(call.ctx, project, found, _role(call))))


def remove_role(call: Call) -> Reply:
    project = call.the_project()
    found = project_users.find(call.ctx, project, call.path["userId"])
    return Reply(200, _view(project_users.remove_role(call.ctx, project, found, _role(call))))


def remove_user(call: Call) -> Reply:
    project_users.remove(call.ctx, call.the_project(), call.path["userId"], pending=not wire.deprecated_version(call))
    return Reply(204)
