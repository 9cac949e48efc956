"""``migrateGroup``: moving a project to another organization (docs/org-settings.md).

What MongoDB Cloud publishes: the caller is an Organization Owner of both organizations, or, calling with an API key
(which belongs to one organization only), names an Organization Owner API key of the destination organization in
the body; the project's users keep their roles in it; the teams assigned to it are not carried over. Ours, where
nothing is published: the project's users who are not members of the destination organization become Organization
Members there (and stay in the source organization); the source organization's API keys and service accounts lose
their roles in the project, since each belongs to one organization; the source organization's invitations stop
granting roles in the project, while the project's own (deprecated) invitations move with it. Events: the removals'
own (TEAM_REMOVED_FROM_GROUP, API_KEY_REMOVED_FROM_GROUP, SERVICE_ACCOUNT_REMOVED_FROM_GROUP) in the project's feed,
GROUP_MOVED_FROM_ORG in the source organization's feed, JOINED_ORG for each new member and GROUP_MOVED in the
project's feed under the destination organization.
"""

import hmac
from dataclasses import dataclass

from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.core.members import OWNER
from atlas_access.server.auth.digest import compute_ha1
from atlas_access.server.auth.principal import Principal
from atlas_access.server.services import api_keys, memberships, service_accounts, teams
from atlas_access.server.services.context import Context
from atlas_access.store import api_keys as api_key_store
from atlas_access.store import credentials, directory, members, project_moves
from atlas_access.store import service_accounts as service_account_store
from atlas_access.store import teams as team_store
from atlas_access.store.changes import Change
from atlas_access.store.row_locks import Lock

NEW_MEMBER_ORG_ROLES = ("ORG_MEMBER",)


@dataclass(frozen=True, slots=True)
class DestinationKey:
    """An API key of the destination organization named in the body, to prove the caller may act there."""

    public_key: str
    private_key: str


def destination(ctx: Context, principal: Principal, project: Project, org_id: str, key: DestinationKey | None) -> Org:
    """The organization the project moves to, once the caller is known to own it (the checks the pipeline makes
    for a path's organization, in the same order: well-formed, exists, membership, role)."""
    if not is_object_id(org_id):
        raise ApiError("INVALID_ORG_ID", org_id)
    found = directory.org_with_roles(ctx.conn, org_id, principal.id)
    if found is None:
        raise ApiError("ORG_NOT_FOUND", org_id)
    org, roles = found
    if org.id == project.org_id:
        raise ApiError("GROUP_ALREADY_IN_ORG", project.id, org.id)
    if roles is not None and OWNER in roles:
        return org
    if key is not None:
        if not _owner_key(ctx, org, key):
            raise ApiError("USER_UNAUTHORIZED", org.id)
        return org
    raise ApiError("USER_CANNOT_ACCESS_ORG" if roles is None else "USER_UNAUTHORIZED", org.id)


def _owner_key(ctx: Context, org: Org, key: DestinationKey) -> bool:
    """Whether the key pair is an API key of ``org`` holding Organization Owner there (its private key checked
    against the sealed HA1, the only thing kept of it)."""
    found, _ = credentials.api_key(ctx.conn, key.public_key)
    if found is None or found.org_id != org.id or ctx.ha1_seal is None:
        return False
    kept = ctx.ha1_seal.open(found.public_key, found.ha1_sealed)
    given = compute_ha1(key.public_key, key.private_key)
    if kept is None or not hmac.compare_digest(kept, given):
        return False
    roles = directory.org_roles(ctx.conn, org.id, found.id)
    return roles is not None and OWNER in roles


def migrate(ctx: Context, project: Project, to: Org) -> Project:
    """Move the project (whose row the pipeline holds, ``Endpoint.deletes_scope``) to ``to``; the project as it
    is afterwards. 409 ``GROUP_ALREADY_EXISTS`` if the destination has a project of that name."""
    if not directory.lock_org(ctx.conn, to.id, Lock.KEEP):
        raise ApiError("ORG_NOT_FOUND", to.id)
    for assignment in team_store.assignments(ctx.conn, project.id):
        teams.unassign(ctx, project, assignment.team_id)
    for key in api_key_store.of_project(ctx.conn, project.org_id, project.id):
        api_keys.remove_from_project(ctx, project, key)
    for account, _roles in service_account_store.of_project(ctx.conn, project.id):
        service_accounts.unassign(ctx, project, account)
    memberships.drop_project(ctx, project)
    moved = project_moves.move(ctx.conn, project.id, to.id)
    if moved is Change.TAKEN:
        raise ApiError("GROUP_ALREADY_EXISTS", project.name)
    if moved is Change.GONE:
        raise ApiError("GROUP_NOT_FOUND", project.id)
    ctx.record("GROUP_MOVED_FROM_ORG", org_id=project.org_id, targets={"groupId": project.id})
    for user in members.project_members_of(ctx.conn, project.id):
        if project_moves.join_org(ctx.conn, to.id, user.id, NEW_MEMBER_ORG_ROLES, ctx.now):
            ctx.record("JOINED_ORG", org_id=to.id, target_username=user.username)
    ctx.record("GROUP_MOVED", org_id=to.id, group_id=project.id)
    found = directory.project_with_roles(ctx.conn, project.id, "")
    assert found is not None
    return found[0]
