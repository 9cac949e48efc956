"""The legacy users API (deprecated by MongoDB, sunset 2027-07-01): creating a MongoDB Cloud user with roles, and
reading one by id or username. Nothing here knows about HTTP.

What is MongoDB's and what is ours (docs/limits-and-root.md):
- ``createUser`` makes the user's account, with its password kept only as a scrypt hash, and for each organization
  its ``roles`` name (an organization's roles, or a project's, whose organization it is) a pending organization
  invitation with those roles: the user holds them once it accepts, as the spec says ("Invited users don't have
  access to the project until they accept the invitation"). The caller must be an Organization Owner where it grants
  organization roles, and a Project Owner where it grants project roles (ours: the spec names no role). The
  invitations write their INVITED_TO_ORG events and mails as any other.
- A username a user already has: 409 ``USER_ALREADY_EXISTS`` (the catalog's code).
- ``getUser`` and ``getUserByName`` show any user to any authenticated caller, as the permission table has it
  (``core.roles.ACCESS_SURFACE``: the spec names no role); an unknown one is 404 ``USER_NOT_FOUND`` /
  ``USERNAME_NOT_FOUND``.
"""

from collections import defaultdict
from dataclasses import dataclass

from atlas_access.core import cloud_users as rules
from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import new_id
from atlas_access.core.invitations import GroupRoleAssignment
from atlas_access.core.members import Member
from atlas_access.core.roles import Rule, Scope, Surface, authorize
from atlas_access.server.services import memberships
from atlas_access.server.services.context import Context
from atlas_access.store import cloud_users as store
from atlas_access.store import directory, members

NEW_MEMBER_ORG_ROLES = ("ORG_MEMBER",)
_GRANTS_ORG_ROLES = Rule(Scope.ORG, frozenset({"ORG_OWNER"}), "USER_UNAUTHORIZED")
_GRANTS_GROUP_ROLES = Rule(Scope.GROUP, frozenset({"GROUP_OWNER"}), "USER_UNAUTHORIZED")


@dataclass(frozen=True, slots=True)
class NewUser:
    username: str
    password: str
    first_name: str
    last_name: str
    country: str
    mobile_number: str | None
    roles: tuple[rules.RoleGrant, ...]


@dataclass(frozen=True, slots=True)
class CloudUser:
    """A user and the roles it holds: (organization id, role) and (project id, role) pairs."""

    user: Member
    org_roles: tuple[tuple[str, str], ...]
    group_roles: tuple[tuple[str, str], ...]


def _grants_by_org(
    ctx: Context, caller_id: str, grants: tuple[rules.RoleGrant, ...]
) -> dict[str, tuple[Org, list[str], dict[str, list[str]]]]:
    """The grants per organization: its org roles and its projects' roles, each checked and allowed to the caller."""
    by_org: dict[str, tuple[Org, list[str], dict[str, list[str]]]] = {}
    for grant in grants:
        if grant.org_id is not None:
            found_org = directory.org_with_roles(ctx.conn, grant.org_id, caller_id)
            if found_org is None:
                raise ApiError("ORG_NOT_FOUND", grant.org_id)
            org, held = found_org
            authorize(_GRANTS_ORG_ROLES, scope_id=org.id, org_roles=held)
            entry = by_org.setdefault(org.id, (org, [], defaultdict(list)))
            entry[1].extend(memberships.check_org_roles((grant.role,), Surface.ATLAS_V2, org.id))
        else:
            assert grant.group_id is not None
            found = directory.project_with_roles(ctx.conn, grant.group_id, caller_id)
            if found is None:
                raise ApiError("GROUP_NOT_FOUND", grant.group_id)
            project, org_roles, group_roles = found
            authorize(_GRANTS_GROUP_ROLES, scope_id=project.id, org_roles=org_roles, group_roles=group_roles)
            entry = by_org.setdefault(project.org_id, (Org(project.org_id, project.org_name), [], defaultdict(list)))
            entry[2][project.id].extend(memberships.check_group_roles((grant.role,), project.id))
    return by_org


def create(ctx: Context, caller_id: str, new: NewUser) -> tuple[Member, tuple[rules.RoleGrant, ...]]:
    """A new MongoDB Cloud user, invited wherever ``new.roles`` grant it roles; the roles as granted."""
    if directory.user_id_by_username(ctx.conn, new.username) is not None:
        raise ApiError("USER_ALREADY_EXISTS", new.username)
    by_org = _grants_by_org(ctx, caller_id, new.roles)
    user_id = directory.ensure_user(ctx.conn, new_id(), new.username, new.first_name, new.last_name, ctx.now)
    members.describe_user(ctx.conn, user_id, new.country, new.mobile_number, None)
    store.set_password_hash(ctx.conn, user_id, rules.hash_password(new.password))
    for org, org_roles, group_roles in by_org.values():
        assignments = tuple(GroupRoleAssignment(gid, tuple(dict.fromkeys(r))) for gid, r in group_roles.items())
        roles = tuple(dict.fromkeys(org_roles)) or NEW_MEMBER_ORG_ROLES
        memberships.invite_to_org(ctx, org, Surface.ATLAS_V2, new.username, roles, (), assignments)
    user = store.by_id(ctx.conn, user_id)
    assert user is not None
    return user, new.roles


def _held(ctx: Context, user: Member) -> CloudUser:
    orgs = tuple((org_id, role) for org_id, roles in store.org_roles(ctx.conn, user.id) for role in roles)
    projects = store.project_roles(ctx.conn, user.id)
    groups = tuple((group_id, role) for group_id, _org, roles in projects for role in roles)
    return CloudUser(user, orgs, groups)


def find(ctx: Context, caller_id: str, user_id: str) -> CloudUser:
    user = store.by_id(ctx.conn, user_id)
    if user is None:
        raise ApiError("USER_NOT_FOUND", user_id)
    return _held(ctx, user)


def find_named(ctx: Context, caller_id: str, username: str) -> CloudUser:
    user = store.by_username(ctx.conn, username.lower())
    if user is None:
        raise ApiError("USERNAME_NOT_FOUND", username)
    return _held(ctx, user)
