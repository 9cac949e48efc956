"""A connected organization's role mappings: which organization and project roles an identity provider group
gives its members when they sign in. Nothing here knows about HTTP (docs/federation.md).

What is MongoDB's and what is ours:
- Each assignment names the organization (``orgId``, which must be the connected organization's) or one of its
  projects (``groupId``), not both, and at least one assignment is an organization role (the spec's rule); else 400
  ``VALIDATION_ERROR`` (ours: the code MongoDB answers the connected configuration's bad fields with).
- A role that is not an organization role for ``orgId``, or not a project role for ``groupId``, is a 400
  ``INVALID_ROLE_FOR_ORG`` / ``INVALID_ROLE_FOR_GROUP`` (the catalog's codes; MongoDB Cloud answered a bad role
  with a 500 in 2022, Terraform issue 920). A project of another organization, or none: 404 ``GROUP_NOT_FOUND``.
- An external group name is unique within the organization: 409 ``DUPLICATE_ROLE_MAPPING`` (ours).

Events, in the organization's feed with ``roleMappingId``: ROLE_MAPPING_CREATED, ROLE_MAPPING_UPDATED,
ROLE_MAPPING_DELETED.
"""

from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.federation import RoleAssignment, RoleMapping
from atlas_access.core.ids import new_id
from atlas_access.core.roles import ATLAS_GROUP_ROLES, ATLAS_ORG_ROLES, valid_group_roles, valid_org_roles
from atlas_access.server.services import federation as federations
from atlas_access.server.services.context import Context
from atlas_access.store import directory
from atlas_access.store import federation as store
from atlas_access.store.changes import Change


def _record(ctx: Context, event_type: str, org: Org, mapping_id: str) -> None:
    ctx.record(event_type, org_id=org.id, targets={"roleMappingId": mapping_id})


def _invalid(detail: str, field: str) -> ApiError:
    return ApiError("VALIDATION_ERROR", detail, fields=[(field, detail[0].upper() + detail[1:] + ".")])


def checked(ctx: Context, org: Org, assignments: tuple[RoleAssignment, ...]) -> tuple[RoleAssignment, ...]:
    """The assignments of a mapping body, each checked; once each, in the order given."""
    if not any(one.org_id is not None for one in assignments):
        raise _invalid("at least one role assignment must be an organization role", "roleAssignments")
    projects = directory.existing_projects_of_org(
        ctx.conn, org.id, tuple(one.group_id for one in assignments if one.group_id is not None)
    )
    kept: list[RoleAssignment] = []
    for one in assignments:
        if (one.org_id is None) == (one.group_id is None):
            raise _invalid("each role assignment names either orgId or groupId", "roleAssignments")
        if one.org_id is not None:
            if one.org_id != org.id:
                detail = f"orgId {one.org_id} is not the connected organization {org.id}"
                raise _invalid(detail, "roleAssignments.orgId")
            valid_org_roles([one.role], org.id, ATLAS_ORG_ROLES, "roleAssignments.role")
        else:
            assert one.group_id is not None
            if one.group_id not in projects:
                raise ApiError("GROUP_NOT_FOUND", one.group_id)
            valid_group_roles([one.role], one.group_id, ATLAS_GROUP_ROLES, "roleAssignments.role")
        if one not in kept:
            kept.append(one)
    return tuple(kept)


def listing(ctx: Context, federation_id: str, org: Org) -> list[RoleMapping]:
    federations.connected_org(ctx, federation_id, org)
    return store.mappings(ctx.conn, org.id)


def find(ctx: Context, federation_id: str, org: Org, mapping_id: str) -> RoleMapping:
    federations.connected_org(ctx, federation_id, org)
    found = store.mapping(ctx.conn, org.id, mapping_id)
    if found is None:
        raise ApiError("ROLE_MAPPING_NOT_FOUND", mapping_id)
    return found


def create(
    ctx: Context, federation_id: str, org: Org, group_name: str, assignments: tuple[RoleAssignment, ...]
) -> RoleMapping:
    federations.held(ctx, federation_id)
    federations.connected_org(ctx, federation_id, org)
    mapping = RoleMapping(new_id(), org.id, group_name, checked(ctx, org, assignments), ctx.now)
    if not store.add_mapping(ctx.conn, mapping):
        raise ApiError("DUPLICATE_ROLE_MAPPING", group_name)
    _record(ctx, "ROLE_MAPPING_CREATED", org, mapping.id)
    return mapping


def update(
    ctx: Context,
    federation_id: str,
    org: Org,
    mapping_id: str,
    group_name: str,
    assignments: tuple[RoleAssignment, ...],
) -> RoleMapping:
    """``PUT``: the mapping's group name and assignments become the body's."""
    federations.held(ctx, federation_id)
    current = find(ctx, federation_id, org, mapping_id)
    changed = RoleMapping(current.id, org.id, group_name, checked(ctx, org, assignments), current.created_at)
    if changed == current:
        return current
    replaced = store.replace_mapping(ctx.conn, changed)
    if replaced is Change.TAKEN:
        raise ApiError("DUPLICATE_ROLE_MAPPING", group_name)
    if replaced is Change.GONE:
        raise ApiError("ROLE_MAPPING_NOT_FOUND", mapping_id)
    _record(ctx, "ROLE_MAPPING_UPDATED", org, mapping_id)
    return changed


def delete(ctx: Context, federation_id: str, org: Org, mapping_id: str) -> None:
    federations.held(ctx, federation_id)
    found = find(ctx, federation_id, org, mapping_id)
    if not store.delete_mapping(ctx.conn, found.id):
        raise ApiError("ROLE_MAPPING_NOT_FOUND", mapping_id)
    _record(ctx, "ROLE_MAPPING_DELETED", org, found.id)
