"""The organization or project a request's path names, found through the unit's lookups, and whether the caller's
roles there allow the operation (docs/wire.md §4: org/project exists -> membership -> role)."""

from collections.abc import Mapping

from atlas_access.core.directory import Org, Project, ProjectWithRoles
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.core.roles import Rule, Scope, authorize, sees_project
from atlas_access.server.access_cache import AccessLookups
from atlas_access.server.auth.principal import Principal
from atlas_access.server.wire import federation_scope
from atlas_access.store import directory
from atlas_access.store.database import Transaction

__all__ = ["resolve_named", "resolve_org", "resolve_scope"]

MAX_GROUP_NAME = 64  # the spec's maxLength of ``groupName``


def _project_named(conn: Transaction, name: str, principal: Principal) -> ProjectWithRoles:
    """``{groupName}``: the project of that name the caller may read (names are unique within an organization
    only), else the first of that name, for ``authorize`` to refuse; 404 ``GROUP_NAME_NOT_FOUND`` if none."""
    if len(name) > MAX_GROUP_NAME:
        raise ApiError("INVALID_PATH_PARAMETER", "groupName")
    found = directory.projects_named(conn, name, principal.id)
    if not found:
        raise ApiError("GROUP_NAME_NOT_FOUND", name)
    return next((one for one in found if sees_project(one[1], one[2])), found[0])


def resolve_org(rule: Rule, org_id: str, principal: Principal, lookups: AccessLookups) -> Org:
    if not is_object_id(org_id):
        raise ApiError("INVALID_ORG_ID", org_id)
    found_org = lookups.org_with_roles(org_id, principal.id)
    if found_org is None:
        raise ApiError("ORG_NOT_FOUND", org_id)
    org, org_roles = found_org
    authorize(rule, scope_id=org_id, org_roles=org_roles)
    return org


def resolve_scope(
    conn: Transaction, rule: Rule, path: Mapping[str, str], principal: Principal, lookups: AccessLookups
) -> tuple[Org | None, Project | None]:
    if rule.scope is Scope.CALLER:
        return None, None
    if rule.scope is Scope.HOME:
        return resolve_org(rule, principal.org_id, principal, lookups), None
    if rule.scope is Scope.FEDERATION:
        return federation_scope.resolve(conn, rule, path, principal), None
    if "groupName" in path:
        project, org_roles, group_roles = _project_named(conn, path["groupName"], principal)
        authorize(rule, scope_id=project.id, org_roles=org_roles, group_roles=group_roles)
        return Org(project.org_id, project.org_name), project
    return resolve_named(rule, path, principal, lookups)


def resolve_named(
    rule: Rule, path: Mapping[str, str], principal: Principal, lookups: AccessLookups
) -> tuple[Org, Project | None]:
    """An operation's organization (``{orgId}``), or its project and the project's organization (``{groupId}``),
    from ``lookups`` alone."""
    if rule.scope is Scope.ORG:
        return resolve_org(rule, path["orgId"], principal, lookups), None
    scope_id = path["groupId"]
    if not is_object_id(scope_id):
        raise ApiError("INVALID_GROUP_ID", scope_id)
    found_project = lookups.project_with_roles(scope_id, principal.id)
    if found_project is None:
        raise ApiError("GROUP_NOT_FOUND", scope_id)
    project, org_roles, group_roles = found_project
    authorize(rule, scope_id=scope_id, org_roles=org_roles, group_roles=group_roles)
    return Org(project.org_id, project.org_name), project
