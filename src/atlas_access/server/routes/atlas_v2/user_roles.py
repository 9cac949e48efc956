"""``PUT /api/atlas/v2/orgs/{orgId}/users/{userId}/roles`` and ``PUT /api/atlas/v2/groups/{groupId}/users/{userId}/
roles`` (2023-01-01, deprecated, sunset 2027-07-01): replace a user's roles in an organization or a project.

Both go through the users API's rules (``services.org_users``, ``services.project_users``): the roles are checked
(``INVALID_ROLE_FOR_ORG``/``INVALID_ROLE_FOR_GROUP``), a user keeps one role at least
(``CANNOT_REMOVE_ALL_USER_ROLES``), an organization one owner (``CANNOT_DELETE_LAST_ADMIN``), and a change writes
USER_ROLES_CHANGED_AUDIT. A pending user's invitation changes instead (ours, as the users API does). The answer is the
body's shape with the roles afterwards; its read-only ``links`` are accepted and ignored (ours).
"""

from typing import Any

from atlas_access.server.services import memberships, org_users, project_users
from atlas_access.server.wire.body import WireModel, require
from atlas_access.server.wire.endpoint import Call, Reply


class OrgRolesIn(WireModel):
    """``UpdateOrgRolesForUser``."""

    orgRoles: list[str] | None = None
    links: list[dict[str, Any]] | None = None


class GroupRolesIn(WireModel):
    """``UpdateGroupRolesForUser``."""

    groupRoles: list[str] | None = None
    links: list[dict[str, Any]] | None = None


def update_org_user_roles(call: Call) -> Reply:
    org = call.the_org()
    user = org_users.find(call.ctx, org, call.path["userId"])
    roles = tuple(require(call.body(OrgRolesIn).orgRoles, "orgRoles"))
    updated = org_users.update(call.ctx, org, call.surface, user, roles=roles, assignments=None, team_ids=None)
    return Reply(200, {"orgRoles": list(updated.roles)})


def update_group_user_roles(call: Call) -> Reply:
    project = call.the_project()
    found = project_users.find(call.ctx, project, call.path["userId"])
    given = tuple(require(call.body(GroupRolesIn).groupRoles, "groupRoles"))
    roles = memberships.check_group_roles(given, project.id, "groupRoles")
    return Reply(200, {"groupRoles": list(project_users.set_roles(call.ctx, project, found, roles).roles)})
