"""Creating, changing and removing projects (``createGroup``, ``updateGroup``, ``deleteGroup``).

Names are unique within an organization, and the database holds that rule: a create claims the name with
``INSERT ... ON CONFLICT DO NOTHING`` and a rename runs in a savepoint, so that of two racing writers exactly one
gets the name and the other ``GROUP_ALREADY_EXISTS``.

Who owns a new project (MongoDB Cloud's rule, from the spec's ``projectOwnerId``): the user named by
``projectOwnerId``, else the organization's oldest Organization Owner (a user), becomes a Project Owner; the
recorded ``Users`` step after a create shows exactly that one user, with ``GROUP_OWNER``. The API key or service
account that creates the project also becomes its Project Owner (ours), so that an ``ORG_GROUP_CREATOR``
can manage what it created.
"""

from dataclasses import replace

from atlas_access.core.directory import Org, Project, Tag
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import new_id
from atlas_access.core.members import USER
from atlas_access.server.services import memberships, organizations
from atlas_access.server.services.context import Context
from atlas_access.store import directory, members
from atlas_access.store.changes import Change

OWNER = ("GROUP_OWNER",)


def _owner(ctx: Context, org: Org, owner_id: str | None) -> str | None:
    """The user to make Project Owner: ``projectOwnerId`` (an active user of the organization), else the
    organization's oldest owner among its users (None when it has none: then only the creator owns it)."""
    if owner_id is None:
        return members.oldest_org_user_with_role(ctx.conn, org.id, "ORG_OWNER")
    return organizations.check_owner(ctx, org, owner_id)


def create(
    ctx: Context,
    org: Org,
    name: str,
    tags: tuple[Tag, ...],
    with_default_alerts: bool,
    *,
    creator: tuple[str, str],
    owner_id: str | None = None,
) -> Project:
    """A new project of ``org``; ``creator`` is the calling (member id, member kind)."""
    owner = _owner(ctx, org, owner_id)
    project = Project(new_id(), name, org.id, org.name, ctx.now, tags, with_default_alerts)
    if not directory.insert_project(ctx.conn, project):
        raise ApiError("GROUP_ALREADY_EXISTS", name)
    creator_id, creator_kind = creator
    directory.grant_project_roles(ctx.conn, project.id, creator_id, creator_kind, OWNER, ctx.now)
    if owner is not None and owner != creator_id:
        directory.grant_project_roles(ctx.conn, project.id, owner, USER, OWNER, ctx.now)
    ctx.record("GROUP_CREATED", org_id=org.id, group_id=project.id)
    return project


def update(
    ctx: Context,
    project: Project,
    *,
    name: str | None = None,
    tags: tuple[Tag, ...] | None = None,
    with_default_alerts: bool | None = None,
) -> Project:
    """Change what is given: the name, the tags (replaced whole; empty removes them all), the alert flag.
    Each change writes its event in the project's feed: GROUP_NAME_CHANGED, GROUP_TAGS_MODIFIED,
    GROUP_DEFAULT_ALERTS_SETTINGS_CHANGED; giving what the project already has changes (and writes) nothing."""
    changed = replace(
        project,
        name=project.name if name is None else name,
        tags=project.tags if tags is None else tags,
        with_default_alerts=project.with_default_alerts if with_default_alerts is None else with_default_alerts,
    )
    if changed == project:
        return project
    updated = directory.update_project(ctx.conn, changed)
    if updated is Change.TAKEN:
        raise ApiError("GROUP_ALREADY_EXISTS", changed.name)
    if updated is Change.GONE:
        raise ApiError("GROUP_NOT_FOUND", project.id)
    for event_type, differs in (
        ("GROUP_NAME_CHANGED", changed.name != project.name),
        ("GROUP_TAGS_MODIFIED", changed.tags != project.tags),
        ("GROUP_DEFAULT_ALERTS_SETTINGS_CHANGED", changed.with_default_alerts != project.with_default_alerts),
    ):
        if differs:
            ctx.record(event_type, org_id=project.org_id, group_id=project.id)
    return changed


def delete(ctx: Context, project: Project) -> None:
    """Remove the project, its memberships and its project invitations, and take it out of the organization
    invitations that grant roles in it. GROUP_DELETED goes to the organization's feed (the project's is gone).

    The request pipeline already holds the project's row lock (``Endpoint.deletes_scope``)."""
    memberships.drop_project(ctx, project)
    if not directory.delete_project(ctx.conn, project.id):
        raise ApiError("GROUP_NOT_FOUND", project.id)
    ctx.record("GROUP_DELETED", org_id=project.org_id)
