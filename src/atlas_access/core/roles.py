"""Roles and the one permission table every route consults.

The RBAC tests are generated from ``PERMISSIONS``: every operation x every role x own / foreign org.
"""

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import unique_in_order

# Organization roles of the Atlas Admin API v2 (the spec's enum for invitations, in the spec's order).
ATLAS_ORG_ROLES: tuple[str, ...] = (
    "ORG_OWNER",
    "ORG_MEMBER",
    "ORG_GROUP_CREATOR",
    "ORG_BILLING_ADMIN",
    "ORG_BILLING_READ_ONLY",
    "ORG_STREAM_PROCESSING_ADMIN",
    "ORG_READ_ONLY",
)
# Cloud Manager's "Organization User Admin" has no published enum; this name is ours (docs/wire.md §5).
ORG_USER_ADMIN = "ORG_USER_ADMIN"
CLOUD_MANAGER_ORG_ROLES: tuple[str, ...] = (*ATLAS_ORG_ROLES, ORG_USER_ADMIN)

ATLAS_GROUP_ROLES: tuple[str, ...] = (
    "GROUP_OWNER",
    "GROUP_CLUSTER_MANAGER",
    "GROUP_STREAM_PROCESSING_OWNER",
    "GROUP_DATA_ACCESS_ADMIN",
    "GROUP_DATA_ACCESS_READ_WRITE",
    "GROUP_DATA_ACCESS_READ_ONLY",
    "GROUP_READ_ONLY",
    "GROUP_SEARCH_INDEX_EDITOR",
    "GROUP_BACKUP_MANAGER",
    "GROUP_OBSERVABILITY_VIEWER",
    "GROUP_DATABASE_ACCESS_ADMIN",
    # "Project Network Access Manager": the spec names it as the role for the project's IP access list, and the 2026
    # spec publishes no project-role enum; the string follows the others' pattern (ours, docs/wire.md §5).
    "GROUP_NETWORK_ACCESS_MANAGER",
)
# Cloud Manager's project roles that Atlas does not have; GROUP_USER_ADMIN also stands for Atlas's
# "Project Access Manager" (ours).
CLOUD_MANAGER_EXTRA_GROUP_ROLES: tuple[str, ...] = (
    "GROUP_USER_ADMIN",
    "GROUP_AUTOMATION_ADMIN",
    "GROUP_BACKUP_ADMIN",
    "GROUP_MONITORING_ADMIN",
)
GROUP_ROLES: tuple[str, ...] = (*ATLAS_GROUP_ROLES, *CLOUD_MANAGER_EXTRA_GROUP_ROLES)


class Surface(enum.StrEnum):
    ATLAS_V2 = "atlas_v2"
    CLOUD_MANAGER_V1 = "cloud_manager_v1"


class Scope(enum.StrEnum):
    """Where an operation acts: one organization (``{orgId}``), one project (``{groupId}`` or ``{groupName}``), or
    only the caller's own view (``GET /orgs``, ``GET /groups``: any authenticated caller, who sees only what its
    memberships show it), or the organization the calling API key or service account belongs to (``POST /orgs``,
    which names no organization: the caller's roles there decide)."""

    ORG = "org"
    GROUP = "group"
    CALLER = "caller"
    HOME = "home"
    # ``/federationSettings/{federationSettingsId}/...``: the caller's roles in the federation's connected
    # organizations count (in the one the path names, for ``connectedOrgConfigs/{orgId}/...``).
    FEDERATION = "federation"


def org_roles_for(surface: Surface) -> tuple[str, ...]:
    """The organization roles a request on ``surface`` may grant."""
    return ATLAS_ORG_ROLES if surface is Surface.ATLAS_V2 else CLOUD_MANAGER_ORG_ROLES


def valid_org_roles(
    roles: Iterable[str], org_id: str, allowed: Collection[str] = ATLAS_ORG_ROLES, field: str = "roles"
) -> tuple[str, ...]:
    """The organization roles a body grants, once each in the order given; 400 ``INVALID_ROLE_FOR_ORG`` for the
    first that is not one of ``allowed``, naming ``field``."""
    return _valid_roles(roles, allowed, "INVALID_ROLE_FOR_ORG", org_id, field)


def valid_group_roles(
    roles: Iterable[str], group_id: str, allowed: Collection[str] = ATLAS_GROUP_ROLES, field: str = "roles"
) -> tuple[str, ...]:
    """The same for project roles: 400 ``INVALID_ROLE_FOR_GROUP``."""
    return _valid_roles(roles, allowed, "INVALID_ROLE_FOR_GROUP", group_id, field)


def _valid_roles(
    roles: Iterable[str], allowed: Collection[str], code: str, scope_id: str, field: str
) -> tuple[str, ...]:
    given = unique_in_order(tuple(roles))
    for role in given:
        if role not in allowed:
            raise ApiError(code, role, scope_id, fields=[(field, f"Unknown role {role}.")])
    return given


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may call an operation: any one of ``roles`` at ``scope``; else ``denied_code``."""

    scope: Scope
    roles: frozenset[str]
    denied_code: str


# A caller-scoped rule's roles: every principal holds one of them somewhere; the handler narrows the answer.
ANY_ROLE: tuple[str, ...] = (*CLOUD_MANAGER_ORG_ROLES, *GROUP_ROLES)


def _rule(scope: Scope, roles: Iterable[str], denied_code: str = "USER_UNAUTHORIZED") -> Rule:
    return Rule(scope, frozenset(roles), denied_code)


_ORG_INVITES: tuple[str, ...] = (
    "listOrgInvites",
    "createOrgInvite",
    "updateOrgInvites",
    "getOrgInvite",
    "updateOrgInviteById",
    "deleteOrgInvite",
)
_GROUP_INVITES: tuple[str, ...] = (
    "listGroupInvites",
    "createGroupInvite",
    "updateGroupInvites",
    "getGroupInvite",
    "updateGroupInviteById",
    "deleteGroupInvite",
)

_ORG_USER_CHANGES: tuple[str, ...] = (
    "createOrgUser",
    "updateOrgUser",
    "removeOrgUser",
    "addOrgUserRole",
    "removeOrgUserRole",
)
_GROUP_USER_CHANGES: tuple[str, ...] = ("addGroupUsers", "removeGroupUser", "addGroupUserRole", "removeGroupUserRole")

# Organization reads: "Organization Member" is any role in the organization; "Organization Read Only" is a role that
# reads everything in it.
_ORG_MEMBER: tuple[str, ...] = CLOUD_MANAGER_ORG_ROLES
_ORG_READER: tuple[str, ...] = ("ORG_OWNER", "ORG_READ_ONLY")
# "Project Access Manager" (Atlas) is GROUP_USER_ADMIN here (docs/wire.md §5).
_ACCESS_MANAGER: tuple[str, ...] = ("GROUP_OWNER", "GROUP_USER_ADMIN")


def _many(scope: Scope, roles: Iterable[str], *operations: str) -> dict[tuple[Surface, str], Rule]:
    return {(Surface.ATLAS_V2, op): _rule(scope, roles) for op in operations}


# The rest of the access model (issue 6): organizations, teams, programmatic API keys and service accounts, as the
# spec's x-rolesRequirements name them. A GROUP rule may name an organization role ("Organization Owner" for
# ``inviteGroupServiceAccount``): the caller's organization roles count there too.
ACCESS_MODEL: Mapping[tuple[Surface, str], Rule] = {
    (Surface.ATLAS_V2, "createOrg"): _rule(Scope.HOME, ["ORG_OWNER"]),
    **_many(Scope.ORG, ["ORG_OWNER"], "updateOrg", "deleteOrg"),
    # Teams
    **_many(Scope.ORG, _ORG_MEMBER, "listOrgTeams", "getOrgTeam", "getOrgTeamByName", "listOrgTeamUsers"),
    **_many(
        Scope.ORG,
        ["ORG_OWNER"],
        "createOrgTeam",
        "renameOrgTeam",
        "deleteOrgTeam",
        "addOrgTeamUsers",
        "removeOrgTeamUserFromTeam",
        "addOrgTeamUser",
        "removeOrgTeamUser",
    ),
    **_many(Scope.GROUP, GROUP_ROLES, "listGroupTeams", "getGroupTeam"),
    **_many(Scope.GROUP, _ACCESS_MANAGER, "addGroupTeams", "removeGroupTeam", "updateGroupTeam"),
    # Programmatic API keys
    **_many(
        Scope.ORG,
        _ORG_MEMBER,
        "listOrgApiKeys",
        "getOrgApiKey",
        "listOrgApiKeyAccessListEntries",
        "getOrgApiKeyAccessListEntry",
    ),
    **_many(
        Scope.ORG,
        ["ORG_OWNER"],
        "createOrgApiKey",
        "updateOrgApiKey",
        "deleteOrgApiKey",
        "createOrgApiKeyAccessListEntry",
        "deleteOrgApiKeyAccessListEntry",
    ),
    **_many(Scope.GROUP, GROUP_ROLES, "listGroupApiKeys"),
    **_many(Scope.GROUP, _ACCESS_MANAGER, "createGroupApiKey", "removeGroupApiKey", "updateGroupApiKeyRoles"),
    **_many(Scope.GROUP, ["GROUP_OWNER"], "addGroupApiKey"),
    # Service accounts
    **_many(
        Scope.ORG,
        _ORG_READER,
        "listOrgServiceAccounts",
        "getOrgServiceAccount",
        "listOrgServiceAccountAccessList",
        "getOrgServiceAccountGroups",
    ),
    **_many(
        Scope.ORG,
        ["ORG_OWNER"],
        "createOrgServiceAccount",
        "updateOrgServiceAccount",
        "deleteOrgServiceAccount",
        "createOrgServiceAccountAccessList",
        "deleteOrgServiceAccountAccessListEntry",
        "createOrgServiceAccountSecret",
        "deleteOrgServiceAccountSecret",
    ),
    **_many(
        Scope.GROUP,
        GROUP_ROLES,
        "listGroupServiceAccounts",
        "getGroupServiceAccount",
        "listGroupServiceAccountAccessList",
    ),
    **_many(
        Scope.GROUP,
        ["GROUP_OWNER"],
        "createGroupServiceAccount",
        "updateGroupServiceAccount",
        "deleteGroupServiceAccount",
        "createGroupServiceAccountSecret",
        "deleteGroupServiceAccountSecret",
    ),
    **_many(
        Scope.GROUP,
        _ACCESS_MANAGER,
        "createGroupServiceAccountAccessList",
        "deleteGroupServiceAccountAccessListEntry",
    ),
    **_many(Scope.GROUP, ["ORG_OWNER"], "inviteGroupServiceAccount"),
}

# Database and network access of a project (issue 15), as the spec's x-rolesRequirements name them: "Project Read
# Only" is any project role; "Project Database Access Admin" and "Project Stream Processing Owner" manage database
# users and custom roles; "Project Network Access Manager" the IP access list; the rest takes a Project Owner.
_DATABASE_ACCESS_ADMIN: tuple[str, ...] = (
    "GROUP_OWNER",
    "GROUP_DATABASE_ACCESS_ADMIN",
    "GROUP_STREAM_PROCESSING_OWNER",
)
_NETWORK_ACCESS_MANAGER: tuple[str, ...] = ("GROUP_OWNER", "GROUP_NETWORK_ACCESS_MANAGER")
DATABASE_ACCESS: Mapping[tuple[Surface, str], Rule] = {
    **_many(
        Scope.GROUP,
        GROUP_ROLES,
        "listGroupDatabaseUsers",
        "getGroupDatabaseUser",
        "listGroupCustomDbRoleRoles",
        "getGroupCustomDbRoleRole",
        "listGroupDatabaseUserCerts",
        "listGroupAccessListEntries",
        "getGroupAccessListEntry",
        "getGroupAccessListStatus",
        "getGroupSettings",
    ),
    **_many(
        Scope.GROUP,
        _DATABASE_ACCESS_ADMIN,
        "createGroupDatabaseUser",
        "updateGroupDatabaseUser",
        "deleteGroupDatabaseUser",
        "createGroupCustomDbRoleRole",
        "updateGroupCustomDbRoleRole",
        "deleteGroupCustomDbRoleRole",
    ),
    **_many(
        Scope.GROUP,
        _NETWORK_ACCESS_MANAGER,
        "createGroupAccessListEntry",
        "deleteGroupAccessListEntry",
    ),
    **_many(
        Scope.GROUP,
        ["GROUP_OWNER"],
        "createGroupDatabaseUserCert",
        "disableGroupUserSecurityCustomerX509",
        "getGroupUserSecurity",
        "updateGroupUserSecurity",
        "verifyGroupUserSecurityLdap",
        "getGroupUserSecurityLdapVerify",
        "deleteGroupUserSecurityLdapUserToDnMapping",
        "getGroupAuditLog",
        "updateGroupAuditLog",
        "updateGroupSettings",
    ),
}
# The rest of the access surface (issue 16), as the spec's x-rolesRequirements name them. Operations the spec gives
# no role (the root, rate limits, default limits, the legacy users API) take any authenticated caller; event types
# are for any member ("Organization Member", "Project Read Only"). Federation's rules are in FEDERATION below.
ACCESS_SURFACE: Mapping[tuple[Surface, str], Rule] = {
    **_many(Scope.ORG, _ORG_MEMBER, "getOrgSettings", "getOrgDelegationSettings"),
    **_many(Scope.ORG, ["ORG_OWNER"], "updateOrgSettings", "updateOrgDelegationSettings", "updateOrgUserRoles"),
    **_many(Scope.GROUP, GROUP_ROLES, "listGroupLimits", "getGroupLimit", "getGroupIpAddresses"),
    **_many(
        Scope.GROUP,
        ["GROUP_OWNER"],
        "setGroupLimit",
        "deleteGroupLimit",
        "addGroupAccessUser",
        "updateGroupUserRoles",
    ),
    **_many(Scope.GROUP, ["ORG_OWNER"], "migrateGroup"),
    **_many(
        Scope.CALLER,
        ANY_ROLE,
        "listEventTypes",
        "getSystemStatus",
        "listRateLimits",
        "getRateLimit",
        "listDefaultGroupLimits",
        "getDefaultGroupLimit",
        "createUser",
        "getUser",
        "getUserByName",
    ),
}
# Federated authentication (issue 16): "Organization Owner" for every operation, as the spec's x-rolesRequirements
# say; of the organization for ``getOrgFederationSettings``, of a connected organization of the federation (of the
# one the path names, under ``connectedOrgConfigs/{orgId}``) for the others (docs/federation.md).
FEDERATION: Mapping[tuple[Surface, str], Rule] = {
    **_many(Scope.ORG, ["ORG_OWNER"], "getOrgFederationSettings"),
    **_many(
        Scope.FEDERATION,
        ["ORG_OWNER"],
        "deleteFederationSetting",
        "listFederationSettingConnectedOrgConfigs",
        "getFederationSettingConnectedOrgConfig",
        "updateFederationSettingConnectedOrgConfig",
        "removeFederationSettingConnectedOrgConfig",
        "listFederationSettingConnectedOrgConfigRoleMappings",
        "createFederationSettingConnectedOrgConfigRoleMapping",
        "getFederationSettingConnectedOrgConfigRoleMapping",
        "updateFederationSettingConnectedOrgConfigRoleMapping",
        "deleteFederationSettingConnectedOrgConfigRoleMapping",
        "listFederationSettingIdentityProviders",
        "createFederationSettingIdentityProvider",
        "getFederationSettingIdentityProvider",
        "updateFederationSettingIdentityProvider",
        "deleteFederationSettingIdentityProvider",
        "getFederationSettingIdentityProviderMetadata",
        "revokeFederationSettingIdentityProviderJwks",
    ),
}
PERMISSIONS: Mapping[tuple[Surface, str], Rule] = {
    **{(Surface.ATLAS_V2, op): _rule(Scope.ORG, ["ORG_OWNER"]) for op in _ORG_INVITES},
    **{(Surface.ATLAS_V2, op): _rule(Scope.GROUP, ["GROUP_OWNER"]) for op in _GROUP_INVITES},
    **{
        (Surface.CLOUD_MANAGER_V1, op): _rule(Scope.ORG, ["ORG_OWNER", ORG_USER_ADMIN], "NOT_ORG_USER_ADMIN")
        for op in _ORG_INVITES
    },
    **{
        (Surface.CLOUD_MANAGER_V1, op): _rule(Scope.GROUP, ["GROUP_OWNER", "GROUP_USER_ADMIN"], "NOT_GROUP_USER_ADMIN")
        for op in _GROUP_INVITES
    },
    # Users API: anyone in the organization or project reads; owners (and project user admins) change.
    **{(Surface.ATLAS_V2, op): _rule(Scope.ORG, CLOUD_MANAGER_ORG_ROLES) for op in ("listOrgUsers", "getOrgUser")},
    **{(Surface.ATLAS_V2, op): _rule(Scope.ORG, ["ORG_OWNER"]) for op in _ORG_USER_CHANGES},
    **{(Surface.ATLAS_V2, op): _rule(Scope.GROUP, GROUP_ROLES) for op in ("listGroupUsers", "getGroupUser")},
    **{(Surface.ATLAS_V2, op): _rule(Scope.GROUP, ["GROUP_OWNER", "GROUP_USER_ADMIN"]) for op in _GROUP_USER_CHANGES},
    # Events: any role in the organization or the project.
    **{(Surface.ATLAS_V2, op): _rule(Scope.ORG, CLOUD_MANAGER_ORG_ROLES) for op in ("listOrgEvents", "getOrgEvent")},
    **{(Surface.ATLAS_V2, op): _rule(Scope.GROUP, GROUP_ROLES) for op in ("listGroupEvents", "getGroupEvent")},
    # Organizations and projects, reads: any org role reads its organization and lists the projects it can see;
    # any project role (own or implied) reads the project. The lists show only what the caller may read.
    **{(Surface.ATLAS_V2, op): _rule(Scope.ORG, CLOUD_MANAGER_ORG_ROLES) for op in ("getOrg", "getOrgGroups")},
    **{(Surface.ATLAS_V2, op): _rule(Scope.GROUP, GROUP_ROLES) for op in ("getGroup", "getGroupByName")},
    **{(Surface.ATLAS_V2, op): _rule(Scope.CALLER, ANY_ROLE) for op in ("listOrgs", "listGroups")},
    # Projects, writes: creating one takes an owner or a project creator of the organization named in the body;
    # changing or removing one, a Project Owner (the spec's x-rolesRequirements).
    (Surface.ATLAS_V2, "createGroup"): _rule(Scope.ORG, ["ORG_OWNER", "ORG_GROUP_CREATOR"], "NOT_ORG_GROUP_CREATOR"),
    **{(Surface.ATLAS_V2, op): _rule(Scope.GROUP, ["GROUP_OWNER"]) for op in ("updateGroup", "deleteGroup")},
    **ACCESS_MODEL,
    **DATABASE_ACCESS,
    **ACCESS_SURFACE,
    **FEDERATION,
}


# Organization roles that carry a project role into every project of their organization.
_IMPLIED_GROUP_ROLES: Mapping[str, str] = {"ORG_OWNER": "GROUP_OWNER", "ORG_READ_ONLY": "GROUP_READ_ONLY"}


def effective_group_roles(org_roles: frozenset[str] | None, group_roles: frozenset[str] | None) -> frozenset[str]:
    """A member's roles in a project: its own plus those implied by its organization roles."""
    implied = {_IMPLIED_GROUP_ROLES[r] for r in org_roles or () if r in _IMPLIED_GROUP_ROLES}
    return frozenset(group_roles or ()) | implied


def sees_project(org_roles: frozenset[str] | None, group_roles: frozenset[str] | None) -> bool:
    """Whether a member with these roles may read the project (``getGroup``), and so finds it in project lists."""
    return bool(effective_group_roles(org_roles, group_roles))


def authorize(
    rule: Rule,
    *,
    scope_id: str,
    org_roles: frozenset[str] | None,
    group_roles: frozenset[str] | None = None,
) -> None:
    """Raise the wire's error unless a caller with these memberships may act.

    ``org_roles`` is None when the caller is not in the organization; ``group_roles`` None when it has
    no roles of its own in the project. A caller-scoped rule lets every authenticated caller through. For a
    federation, ``org_roles`` are the caller's roles in its connected organizations (None: in none of them).
    """
    if rule.scope is Scope.CALLER:
        return
    if rule.scope in (Scope.ORG, Scope.HOME, Scope.FEDERATION):
        if org_roles is None:
            raise ApiError("USER_CANNOT_ACCESS_ORG")
        held = org_roles
    else:
        in_project = effective_group_roles(org_roles, group_roles)
        if not in_project:
            raise ApiError("NOT_IN_GROUP")
        held = in_project | (org_roles or frozenset())
    if held.isdisjoint(rule.roles):
        raise ApiError(rule.denied_code, scope_id)
