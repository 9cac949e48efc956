"""Every endpoint of the Atlas Admin API v2, one row per operation, in the order requests are matched against them.

The first path that matches a request wins (``app.routes`` and ``IndexedRouter`` keep this order). Two kinds of
paths can match one request, and the one meant must come first: a literal where another path has an id
(``/groups/byName/{groupName}`` before every ``/groups/{groupId}/<collection>``, ``/teams/byName/{teamName}``
before ``/teams/{teamId}/users``), and a custom method before its plain resource (``{userId}:addRole`` before
``{userId}``), since an id matches any text without a slash. No other two paths share a request, so beyond those
rules the rows are grouped by resource.

A row is the operation as the API reference shows it, its method and path, then what serves it: the spec's
operation id, the handler (in the resource modules next to this one), the rate limit and, where they apply, the
ids the path names (``path_ids``) and ``Endpoint``'s flags.
"""

from atlas_access.core.ratelimit import BucketRule
from atlas_access.core.roles import Surface
from atlas_access.server.rate_rules import (
    ATLAS_GROUP_EVENTS,
    ATLAS_GROUPS,
    ATLAS_GROUPS_PER_USER,
    ATLAS_ORG_EVENTS,
    ATLAS_ORG_TEAMS,
    ATLAS_ORGS,
    ATLAS_ORGS_PER_USER,
)
from atlas_access.server.routes import invitation_handlers
from atlas_access.server.routes.atlas_v2 import (
    api_key_access_list,
    api_keys,
    events,
    org_users,
    organizations,
    project_api_keys,
    project_service_accounts,
    project_teams,
    project_users,
    projects,
    service_account_access_list,
    service_accounts,
    teams,
)
from atlas_access.server.wire.endpoint import Endpoint, Handler
from atlas_access.server.wire.path_ids import API_KEY_ID, TEAM_ID, USER_ID, PathId


def _v2(
    method: str,
    path: str,
    operation_id: str,
    handler: Handler,
    rate_rule: BucketRule,
    *,
    ids: tuple[PathId, ...] = (),
    org_in_body: bool = False,
    deletes_scope: bool = False,
) -> Endpoint:
    """One row of the table: method and path first, as the API reference lists them."""
    return Endpoint(
        Surface.ATLAS_V2,
        operation_id,
        method,
        path,
        handler,
        rate_rule,
        org_in_body=org_in_body,
        deletes_scope=deletes_scope,
        ids=ids,
    )


# Laid out by hand, two lines a row; ``ruff format`` would make rows of one, three or eight lines.
# fmt: off
ENDPOINTS: tuple[Endpoint, ...] = (
    # Projects, by name first: a project named like a collection ("events") is not a {groupId}/events.
    _v2("GET",    "/api/atlas/v2/groups/byName/{groupName}",
        "getGroupByName", projects.get_group, ATLAS_GROUPS_PER_USER),
    _v2("GET",    "/api/atlas/v2/groups",
        "listGroups", projects.list_groups, ATLAS_GROUPS_PER_USER),
    _v2("POST",   "/api/atlas/v2/groups",
        "createGroup", projects.create_group, ATLAS_GROUPS_PER_USER, org_in_body=True),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}",
        "getGroup", projects.get_group, ATLAS_GROUPS),
    _v2("PATCH",  "/api/atlas/v2/groups/{groupId}",
        "updateGroup", projects.update_group, ATLAS_GROUPS),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}",
        "deleteGroup", projects.delete_group, ATLAS_GROUPS, deletes_scope=True),
    # Organizations, and the projects of one.
    _v2("GET",    "/api/atlas/v2/orgs",
        "listOrgs", organizations.list_orgs, ATLAS_ORGS_PER_USER),
    _v2("POST",   "/api/atlas/v2/orgs",
        "createOrg", organizations.create_org, ATLAS_ORGS_PER_USER),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}",
        "getOrg", organizations.get_org, ATLAS_ORGS),
    _v2("PATCH",  "/api/atlas/v2/orgs/{orgId}",
        "updateOrg", organizations.update_org, ATLAS_ORGS),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}",
        "deleteOrg", organizations.delete_org, ATLAS_ORGS, deletes_scope=True),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/groups",
        "getOrgGroups", organizations.list_org_groups, ATLAS_ORGS),
    # Invitations (deprecated by MongoDB, sunset 2027-07-01), built as Cloud Manager v1's are (invitation_handlers):
    # list, create and update by username on .../invites; get, update and delete on .../invites/{invitationId}.
    *invitation_handlers.endpoints(
        Surface.ATLAS_V2,
        "/api/atlas/v2/orgs/{orgId}/invites",
        "/api/atlas/v2/groups/{groupId}/invites",
        ATLAS_ORGS,
        ATLAS_GROUPS,
    ),
    # Events of an organization and of a project.
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/events",
        "listOrgEvents", events.list_org, ATLAS_ORG_EVENTS),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/events/{eventId}",
        "getOrgEvent", events.get_org, ATLAS_ORG_EVENTS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/events",
        "listGroupEvents", events.list_group, ATLAS_GROUP_EVENTS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/events/{eventId}",
        "getGroupEvent", events.get_group, ATLAS_GROUP_EVENTS),
    # Organization users, the custom methods first: {userId} alone would match <id>:addRole too.
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/users/{userId}:addRole",
        "addOrgUserRole", org_users.add_role, ATLAS_ORGS, ids=(USER_ID,)),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/users/{userId}:removeRole",
        "removeOrgUserRole", org_users.remove_role, ATLAS_ORGS, ids=(USER_ID,)),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/users",
        "listOrgUsers", org_users.list_users, ATLAS_ORGS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/users",
        "createOrgUser", org_users.create_user, ATLAS_ORGS),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/users/{userId}",
        "getOrgUser", org_users.get_user, ATLAS_ORGS, ids=(USER_ID,)),
    _v2("PATCH",  "/api/atlas/v2/orgs/{orgId}/users/{userId}",
        "updateOrgUser", org_users.update_user, ATLAS_ORGS, ids=(USER_ID,)),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/users/{userId}",
        "removeOrgUser", org_users.remove_user, ATLAS_ORGS, ids=(USER_ID,)),
    # Project users, the custom methods first, as for organization users.
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/users/{userId}:addRole",
        "addGroupUserRole", project_users.add_role, ATLAS_GROUPS, ids=(USER_ID,)),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/users/{userId}:removeRole",
        "removeGroupUserRole", project_users.remove_role, ATLAS_GROUPS, ids=(USER_ID,)),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/users",
        "listGroupUsers", project_users.list_users, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/users",
        "addGroupUsers", project_users.add_user, ATLAS_GROUPS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/users/{userId}",
        "getGroupUser", project_users.get_user, ATLAS_GROUPS, ids=(USER_ID,)),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}/users/{userId}",
        "removeGroupUser", project_users.remove_user, ATLAS_GROUPS, ids=(USER_ID,)),
    # Organization teams and their users, by name and the custom methods first: {teamId} alone would match byName
    # and <id>:addUser too. Their own rate limit (recorded).
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/teams/byName/{teamName}",
        "getOrgTeamByName", teams.get_team_by_name, ATLAS_ORG_TEAMS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/teams/{teamId}:addUser",
        "addOrgTeamUser", teams.add_user, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/teams/{teamId}:removeUser",
        "removeOrgTeamUser", teams.remove_user, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/teams",
        "listOrgTeams", teams.list_teams, ATLAS_ORG_TEAMS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/teams",
        "createOrgTeam", teams.create_team, ATLAS_ORG_TEAMS),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users",
        "listOrgTeamUsers", teams.list_team_users, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users",
        "addOrgTeamUsers", teams.add_team_users, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users/{userId}",
        "removeOrgTeamUserFromTeam", teams.remove_team_user, ATLAS_ORG_TEAMS, ids=(USER_ID, TEAM_ID)),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/teams/{teamId}",
        "getOrgTeam", teams.get_team, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    _v2("PATCH",  "/api/atlas/v2/orgs/{orgId}/teams/{teamId}",
        "renameOrgTeam", teams.rename_team, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/teams/{teamId}",
        "deleteOrgTeam", teams.delete_team, ATLAS_ORG_TEAMS, ids=(TEAM_ID,)),
    # The teams assigned to a project, with their project roles (recorded: Ratelimit-Limit 1200, the projects' set).
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/teams",
        "listGroupTeams", project_teams.list_group_teams, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/teams",
        "addGroupTeams", project_teams.add_group_teams, ATLAS_GROUPS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/teams/{teamId}",
        "getGroupTeam", project_teams.get_group_team, ATLAS_GROUPS, ids=(TEAM_ID,)),
    _v2("PATCH",  "/api/atlas/v2/groups/{groupId}/teams/{teamId}",
        "updateGroupTeam", project_teams.update_group_team, ATLAS_GROUPS, ids=(TEAM_ID,)),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}/teams/{teamId}",
        "removeGroupTeam", project_teams.remove_group_team, ATLAS_GROUPS, ids=(TEAM_ID,)),
    # An organization's API keys.
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/apiKeys",
        "listOrgApiKeys", api_keys.list_keys, ATLAS_ORGS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/apiKeys",
        "createOrgApiKey", api_keys.create_key, ATLAS_ORGS),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}",
        "getOrgApiKey", api_keys.get_key, ATLAS_ORGS, ids=(API_KEY_ID,)),
    _v2("PATCH",  "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}",
        "updateOrgApiKey", api_keys.update_key, ATLAS_ORGS, ids=(API_KEY_ID,)),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}",
        "deleteOrgApiKey", api_keys.delete_key, ATLAS_ORGS, ids=(API_KEY_ID,)),
    # An API key's IP access list; {ipAddress:path}, since a CIDR block's escaped slash arrives decoded.
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList",
        "listOrgApiKeyAccessListEntries", api_key_access_list.list_entries, ATLAS_ORGS, ids=(API_KEY_ID,)),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList",
        "createOrgApiKeyAccessListEntry", api_key_access_list.create_entries, ATLAS_ORGS, ids=(API_KEY_ID,)),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress:path}",
        "getOrgApiKeyAccessListEntry", api_key_access_list.get_entry, ATLAS_ORGS, ids=(API_KEY_ID,)),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress:path}",
        "deleteOrgApiKeyAccessListEntry", api_key_access_list.delete_entry, ATLAS_ORGS, ids=(API_KEY_ID,)),
    # The organization's API keys that hold roles in a project.
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/apiKeys",
        "listGroupApiKeys", project_api_keys.list_keys, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/apiKeys",
        "createGroupApiKey", project_api_keys.create_key, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}",
        "addGroupApiKey", project_api_keys.add_key, ATLAS_GROUPS, ids=(API_KEY_ID,)),
    _v2("PATCH",  "/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}",
        "updateGroupApiKeyRoles", project_api_keys.update_roles, ATLAS_GROUPS, ids=(API_KEY_ID,)),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}",
        "removeGroupApiKey", project_api_keys.remove_key, ATLAS_GROUPS, ids=(API_KEY_ID,)),
    # An organization's service accounts, the projects of one, and its secrets.
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/serviceAccounts",
        "listOrgServiceAccounts", service_accounts.list_accounts, ATLAS_ORGS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/serviceAccounts",
        "createOrgServiceAccount", service_accounts.create_account, ATLAS_ORGS),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}",
        "getOrgServiceAccount", service_accounts.get_account, ATLAS_ORGS),
    _v2("PATCH",  "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}",
        "updateOrgServiceAccount", service_accounts.update_account, ATLAS_ORGS),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}",
        "deleteOrgServiceAccount", service_accounts.delete_account, ATLAS_ORGS),
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/groups",
        "getOrgServiceAccountGroups", service_accounts.list_projects, ATLAS_ORGS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets",
        "createOrgServiceAccountSecret", service_accounts.create_secret, ATLAS_ORGS),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}",
        "deleteOrgServiceAccountSecret", service_accounts.delete_secret, ATLAS_ORGS),
    # A project's service accounts, the custom method first: {clientId} alone would match <clientId>:invite too;
    # and their secrets.
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}:invite",
        "inviteGroupServiceAccount", project_service_accounts.invite_account, ATLAS_GROUPS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/serviceAccounts",
        "listGroupServiceAccounts", project_service_accounts.list_accounts, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/serviceAccounts",
        "createGroupServiceAccount", project_service_accounts.create_account, ATLAS_GROUPS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}",
        "getGroupServiceAccount", project_service_accounts.get_account, ATLAS_GROUPS),
    _v2("PATCH",  "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}",
        "updateGroupServiceAccount", project_service_accounts.update_account, ATLAS_GROUPS),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}",
        "deleteGroupServiceAccount", project_service_accounts.remove_account, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/secrets",
        "createGroupServiceAccountSecret", service_accounts.create_secret, ATLAS_GROUPS),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/secrets/{secretId}",
        "deleteGroupServiceAccountSecret", service_accounts.delete_secret, ATLAS_GROUPS),
    # A service account's IP access list, under its organization and under a project; {ipAddress:path} as for keys.
    _v2("GET",    "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList",
        "listOrgServiceAccountAccessList", service_account_access_list.list_entries, ATLAS_ORGS),
    _v2("POST",   "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList",
        "createOrgServiceAccountAccessList", service_account_access_list.create_entries, ATLAS_ORGS),
    _v2("DELETE", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress:path}",
        "deleteOrgServiceAccountAccessListEntry", service_account_access_list.delete_entry, ATLAS_ORGS),
    _v2("GET",    "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/accessList",
        "listGroupServiceAccountAccessList", service_account_access_list.list_entries, ATLAS_GROUPS),
    _v2("POST",   "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/accessList",
        "createGroupServiceAccountAccessList", service_account_access_list.create_entries, ATLAS_GROUPS),
    _v2("DELETE", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/accessList/{ipAddress:path}",
        "deleteGroupServiceAccountAccessListEntry", service_account_access_list.delete_entry, ATLAS_GROUPS),
)
# fmt: on
