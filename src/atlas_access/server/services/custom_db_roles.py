"""A project's custom database roles: creating, changing and deleting them. Nothing here knows about HTTP.

Writes take the project's database access as ``database_users.hold`` does. Deleting a role takes it out of the
database users and the roles that hold it (the spec: a delete is refused only when it would leave a user without
roles, ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS, or a role without actions or inherited roles,
ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES; both real codes).

Events, in the project's feed: MONGODB_ROLE_ADDED, MONGODB_ROLE_UPDATED, MONGODB_ROLE_DELETED (and, ours, the
updates a delete makes to users and roles holding the role).
"""

from collections.abc import Iterable
from dataclasses import replace

from atlas_access.core import database_roles as rules
from atlas_access.core.database_roles import ADMIN, CustomRole, InheritedRole, Privilege
from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.server.services import database_users
from atlas_access.server.services.context import Context
from atlas_access.store import custom_db_roles as store

__all__ = ["CustomRole", "create", "delete", "find", "listing", "update"]


def _record(ctx: Context, event_type: str, project: Project) -> None:
    ctx.record(event_type, org_id=project.org_id, group_id=project.id)


def find(ctx: Context, project: Project, name: str) -> CustomRole:
    """The project's custom role ``name``, else 404 ``ATLAS_CUSTOM_ROLE_NOT_FOUND``."""
    role = store.get(ctx.conn, project.id, name)
    if role is None:
        raise ApiError("ATLAS_CUSTOM_ROLE_NOT_FOUND", name)
    return role


def listing(ctx: Context, project: Project) -> list[CustomRole]:
    return store.of_project(ctx.conn, project.id)


def _customs(ctx: Context, project: Project) -> dict[str, CustomRole]:
    return {role.name: role for role in store.of_project(ctx.conn, project.id)}


def _checked(
    role: CustomRole, actions: Iterable[Privilege], inherited: Iterable[InheritedRole], customs: dict[str, CustomRole]
) -> CustomRole:
    checked = replace(
        role,
        actions=rules.check_privileges(actions),
        inherited_roles=rules.check_inherited(role.name, inherited, customs),
    )
    return rules.check_has_permissions(checked)


def create(
    ctx: Context, project: Project, name: str, actions: Iterable[Privilege], inherited: Iterable[InheritedRole]
) -> CustomRole:
    database_users.hold(ctx, project)
    rules.valid_role_name(name)
    customs = _customs(ctx, project)
    if name in customs:
        raise ApiError("ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS", name)
    role = _checked(CustomRole(project.id, name, created_at=ctx.now), actions, inherited, customs)
    if not store.insert(ctx.conn, role):
        raise ApiError("ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS", name)
    _record(ctx, "MONGODB_ROLE_ADDED", project)
    return role


def update(
    ctx: Context,
    project: Project,
    name: str,
    actions: Iterable[Privilege] | None,
    inherited: Iterable[InheritedRole] | None,
) -> CustomRole:
    """Replace the actions and the inherited roles given; keep what is not given."""
    database_users.hold(ctx, project)
    current = find(ctx, project, name)
    customs = _customs(ctx, project)
    role = _checked(
        current,
        current.actions if actions is None else actions,
        current.inherited_roles if inherited is None else inherited,
        customs,
    )
    if not store.update_role(ctx.conn, role):
        raise ApiError("ATLAS_CUSTOM_ROLE_NOT_FOUND", name)
    _record(ctx, "MONGODB_ROLE_UPDATED", project)
    return role


def delete(ctx: Context, project: Project, name: str) -> None:
    database_users.hold(ctx, project)
    role = find(ctx, project, name)
    holders = []
    for user in database_users.listing(ctx, project):
        kept = tuple(one for one in user.roles if not (one.role_name == role.name and one.database_name == ADMIN))
        if kept != user.roles:
            holders.append(replace(user, roles=kept))
    left_without = [user.username for user in holders if not user.roles]
    if left_without:
        raise ApiError("ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS", ", ".join(left_without))
    heirs = []
    for other in store.of_project(ctx.conn, project.id):
        kept_inherited = tuple(one for one in other.inherited_roles if one.role != role.name)
        if other.name != role.name and kept_inherited != other.inherited_roles:
            heirs.append(replace(other, inherited_roles=kept_inherited))
    emptied = [other.name for other in heirs if not rules.has_permissions(other)]
    if emptied:
        raise ApiError("ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES", ", ".join(emptied))
    for user in holders:
        database_users.replace_roles(ctx, project, user)
    for other in heirs:
        store.update_role(ctx.conn, other)
        _record(ctx, "MONGODB_ROLE_UPDATED", project)
    if not store.delete_role(ctx.conn, project.id, role.name):
        raise ApiError("ATLAS_CUSTOM_ROLE_NOT_FOUND", name)
    _record(ctx, "MONGODB_ROLE_DELETED", project)
