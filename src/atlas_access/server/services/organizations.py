"""Creating, changing and removing organizations (``createOrg``, ``updateOrg``, ``deleteOrg``).

``createOrg`` is called by an API key or service account that owns its own organization (MongoDB Cloud's rule:
"must have the Organization Owner role"). The new organization gets its owners from the request: the user named
by ``orgOwnerId`` (who must be an active member of the caller's organization, the spec's rule), and/or a first
API key and a first service account with the roles the body gives them. The caller itself does not join the new
organization (as in MongoDB Cloud, an API key belongs to one organization). A request naming none of the three is
refused (ours): nobody could ever manage the organization.
"""

from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import new_id
from atlas_access.core.members import USER
from atlas_access.server.services.context import Context
from atlas_access.store import directory, members
from atlas_access.store import organizations as store

OWNER = ("ORG_OWNER",)


def check_owner(ctx: Context, home: Org, owner_id: str) -> str:
    """An owner a body names (``createOrg``'s ``orgOwnerId``: in the caller's own organization; ``createGroup``'s
    ``projectOwnerId``: in the project's): an active user of ``home``, else 404 ``USER_NOT_IN_ORG`` or, for no
    user at all, ``USER_NOT_FOUND``."""
    if not members.org_members_of(ctx.conn, home.id, user_id=owner_id):
        if members.user_exists(ctx.conn, owner_id):
            raise ApiError("USER_NOT_IN_ORG", owner_id, home.id)
        raise ApiError("USER_NOT_FOUND", owner_id)
    return owner_id


def create(ctx: Context, name: str, skip_default_alerts: bool, owner_id: str | None) -> Org:
    """A new organization, ``owner_id`` (already checked) its Organization Owner; ORG_CREATED in its feed.
    The caller adds the first API key and service account, in the same transaction."""
    org = directory.create_org(ctx.conn, new_id(), name, ctx.now, skip_default_alerts=skip_default_alerts)
    if owner_id is not None:
        directory.grant_org_roles(ctx.conn, org.id, owner_id, USER, OWNER, ctx.now)
    ctx.record("ORG_CREATED", org_id=org.id)
    return org


def update(ctx: Context, org: Org, name: str, skip_default_alerts: bool | None) -> Org:
    """Rename (ORG_RENAMED when the name changes) and set the alerts flag when given."""
    skip = org.skip_default_alerts if skip_default_alerts is None else skip_default_alerts
    changed = Org(org.id, name, skip)
    if changed == org:
        return org
    if not store.change(ctx.conn, org.id, name, skip):
        raise ApiError("ORG_NOT_FOUND", org.id)
    if name != org.name:
        ctx.record("ORG_RENAMED", org_id=org.id)
    return changed


def delete(ctx: Context, org: Org) -> None:
    """Remove an organization without projects (409 ORG_NOT_EMPTY otherwise) and all that belongs to it. The
    request pipeline holds the organization's row lock, so no project can be created in it meanwhile."""
    if store.has_projects(ctx.conn, org.id):
        raise ApiError("ORG_NOT_EMPTY")
    if not store.delete_org(ctx.conn, org.id):
        raise ApiError("ORG_NOT_FOUND", org.id)
