"""A project's database users: creating, changing and deleting them. Nothing here knows about HTTP.

Every write under a project's database access (users and custom roles) takes the project's row in
``Lock.CHANGE`` first, so that on PostgreSQL two such writes of one project run one after the other (a role's
cycle check, a role still in use, the project's database-user limit), while other writes under the project go on.
It then purges the project's temporary users whose time has come: they are gone from every read already (the store
leaves them out at server time), and their rows go with a MONGODB_USER_DELETED event by the SYSTEM actor, dated at their
``deleteAfterDate`` (ours).

Events, each in the transaction that makes the change, in the project's feed with ``dbUserUsername``:
MONGODB_USER_ADDED, MONGODB_USER_UPDATED, MONGODB_USER_DELETED.
"""

import json

from atlas_access.core import database_users as rules
from atlas_access.core import scram
from atlas_access.core.database_users import DatabaseUser, UserChanges
from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.core.events import SYSTEM
from atlas_access.core.project_limits import DATABASE_USERS
from atlas_access.server.services import project_limits
from atlas_access.server.services.context import Context
from atlas_access.store import custom_db_roles, directory, events
from atlas_access.store import database_users as store
from atlas_access.store.row_locks import Lock

__all__ = ["DatabaseUser", "create", "delete", "find", "hold", "listing", "update"]


def _record(ctx: Context, event_type: str, project: Project, username: str) -> None:
    ctx.record(event_type, org_id=project.org_id, group_id=project.id, targets={"dbUserUsername": username})


def hold(ctx: Context, project: Project) -> None:
    """Take the project's database access for this write, and purge its expired temporary users."""
    if not directory.lock_project(ctx.conn, project.id, Lock.CHANGE):
        raise ApiError("GROUP_NOT_FOUND", project.id)
    gone = store.expired(ctx.conn, project.id, ctx.now)
    for user in gone:
        events.record(
            ctx.conn,
            "MONGODB_USER_DELETED",
            actor=SYSTEM,
            now=user.delete_after or ctx.now,
            org_id=project.org_id,
            group_id=project.id,
            targets={"dbUserUsername": user.username},
        )
    if gone:
        store.delete_expired(ctx.conn, project.id, ctx.now)


def find(ctx: Context, project: Project, database_name: str, username: str) -> DatabaseUser:
    """The project's database user ``username`` of ``database_name`` as it is at server time (a temporary user
    whose time has come is gone), else 404 ``USERNAME_NOT_FOUND``."""
    user = store.get(ctx.conn, project.id, database_name, username, ctx.now)
    if user is None:
        raise ApiError("USERNAME_NOT_FOUND", username)
    return user


def listing(ctx: Context, project: Project) -> list[DatabaseUser]:
    return store.of_project(ctx.conn, project.id, ctx.now)


def _custom_role_names(ctx: Context, project: Project) -> frozenset[str]:
    return frozenset(role.name for role in custom_db_roles.of_project(ctx.conn, project.id))


def _credentials(user: DatabaseUser, password: str) -> str:
    return json.dumps(scram.derive(user.username, rules.check_password(password)), sort_keys=True)


def create(ctx: Context, project: Project, user: DatabaseUser, password: str | None) -> DatabaseUser:
    """A new database user of ``project``; a password user's password is kept only as SCRAM credentials."""
    hold(ctx, project)
    rules.check_authentication(user, password)
    rules.check_roles(user.username, user.roles, _custom_role_names(ctx, project))
    rules.check_scopes(user.scopes)
    if user.delete_after is not None:
        rules.check_delete_after(user.delete_after, ctx.now)
    most = project_limits.value_of(ctx, project, DATABASE_USERS)  # the project's limit (docs/limits-and-root.md)
    if len(store.of_project(ctx.conn, project.id, ctx.now)) >= most:
        raise ApiError("GROUP_USERS_LIMIT_EXCEEDED", most)
    credentials = _credentials(user, password) if password is not None else None
    if not store.insert(ctx.conn, user, credentials):
        raise ApiError("USER_ALREADY_EXISTS", user.username)
    _record(ctx, "MONGODB_USER_ADDED", project, user.username)
    return user


def update(ctx: Context, project: Project, database_name: str, username: str, changes: UserChanges) -> DatabaseUser:
    """Change what ``changes`` names and keep the rest; a new password replaces the credentials."""
    hold(ctx, project)
    current = find(ctx, project, database_name, username)
    user = rules.changed(current, changes)
    if changes.roles is not None:
        rules.check_roles(user.username, user.roles, _custom_role_names(ctx, project))
    if changes.scopes is not None:
        rules.check_scopes(user.scopes)
    if changes.delete_after is not None:
        rules.check_delete_after(changes.delete_after, ctx.now)
    credentials = _credentials(user, changes.password) if changes.password is not None else None
    if not store.update_user(ctx.conn, user, ctx.now, credentials):
        raise ApiError("USERNAME_NOT_FOUND", username)
    _record(ctx, "MONGODB_USER_UPDATED", project, user.username)
    return user


def replace_roles(ctx: Context, project: Project, user: DatabaseUser) -> None:
    """Write a user's new roles for a change made elsewhere (a custom role deleted), with its event."""
    if store.update_user(ctx.conn, user, ctx.now):
        _record(ctx, "MONGODB_USER_UPDATED", project, user.username)


def delete(ctx: Context, project: Project, database_name: str, username: str) -> None:
    hold(ctx, project)
    if not store.delete_user(ctx.conn, project.id, database_name, username, ctx.now):
        raise ApiError("USERNAME_NOT_FOUND", username)
    _record(ctx, "MONGODB_USER_DELETED", project, username)
