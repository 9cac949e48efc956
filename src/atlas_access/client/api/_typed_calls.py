"""The typed calls, written once: for each method of an API group, the operation id of the spec index, the API
version its models were written for, and how its answer is read.

A ``CallSpec`` describes one call, ``Pages`` a paginated list (read a page at a time, or walked item by item);
both are ``TypedCall``s, what an ``ApiGroup`` runs. The sync API groups (``_organizations.py`` ...) and their
generated asyncio twins (``_async_groups.py``) call these; this module, and pydantic with it, is loaded at the
first typed call (``_base.calls``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from pydantic import BaseModel

from atlas_access.client.models import (
    ApiKeyUserDetails,
    AtlasOrganization,
    AuditLog,
    AuthFederationRoleMapping,
    CloudAppUser,
    CloudDatabaseUser,
    ConnectedOrgConfig,
    ControlPlaneIPAddresses,
    CreateOrganizationResponse,
    DataFederationLimit,
    DefaultGroupLimitResponse,
    EventTypeDetails,
    EventViewForNdsGroup,
    EventViewForOrg,
    FederationIdentityProvider,
    Group,
    GroupInvitation,
    GroupIPAddresses,
    GroupServiceAccount,
    GroupSettings,
    GroupUserResponse,
    LDAPVerifyConnectivityJobRequest,
    NetworkPermissionEntry,
    NetworkPermissionEntryStatus,
    OrganizationInvitation,
    OrganizationSettings,
    OrgDelegationSettingsResponse,
    OrgFederationSettings,
    OrgServiceAccount,
    OrgUserResponse,
    Paginated,
    RateLimitEndpointSetResponse,
    ServiceAccountGroup,
    ServiceAccountIPAccessListEntry,
    ServiceAccountSecret,
    SystemStatus,
    Team,
    TeamResponse,
    TeamRole,
    UpdateGroupRolesForUser,
    UpdateOrgRolesForUser,
    UserAccessListResponse,
    UserCert,
    UserCustomDBRole,
    UserSecurity,
)

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
M = TypeVar("M", bound=BaseModel)

V2023 = "2023-01-01"
USERS_API = "2025-02-19"  # the users API: pending users too, roles as objects
SERVICE_ACCOUNTS = "2024-08-05"  # the only version of the service-account operations
V2023_02 = "2023-02-01"  # addGroupAccessUser's only version
V2023_11 = "2023-11-15"  # identity providers of any protocol; the control plane's addresses
MIGRATION = "2024-05-30"  # migrateGroup's only version
V2025 = "2025-03-12"  # delegation settings, rate limits
PREVIEW = "preview"  # the default limits have no stable version


class TypedCall(Protocol[R_co]):
    """An entry of the table: what an API group needs to run it."""

    @property
    def operation_id(self) -> str: ...

    @property
    def version(self) -> str: ...

    def read(self, data: Any, /) -> R_co: ...


@dataclass(frozen=True, slots=True)
class CallSpec(Generic[R]):
    """One call of an operation: ``read`` turns its parsed JSON answer into the method's return value."""

    operation_id: str
    version: str
    read: Callable[[Any], R]


@dataclass(frozen=True, slots=True)
class Pages(Generic[M]):
    """A paginated list: one page read as ``Paginated[M]``, or its items one by one as ``M``."""

    operation_id: str
    version: str
    model: type[M]

    def read(self, data: Any) -> Paginated[M]:
        # Paginated[self.model] is fine at run time; mypy takes a variable there for a type error
        page = cast("type[Paginated[M]]", Paginated.__class_getitem__(self.model))
        return page.model_validate(data)


def one(operation_id: str, version: str, model: type[M]) -> CallSpec[M]:
    return CallSpec(operation_id, version, model.model_validate)


def array(operation_id: str, version: str, model: type[M]) -> CallSpec[list[M]]:
    def read(data: Any) -> list[M]:
        if not isinstance(data, list):
            raise ValueError(f"{operation_id}: expected a JSON array, got {type(data).__name__}")
        return [model.model_validate(item) for item in data]

    return CallSpec(operation_id, version, read)


def page(operation_id: str, version: str, model: type[M]) -> CallSpec[Paginated[M]]:
    """An operation that writes and answers with one page of a list (``addGroupTeams`` ...)."""
    return CallSpec(operation_id, version, Pages(operation_id, version, model).read)


def optional(operation_id: str, version: str, model: type[M]) -> CallSpec[M | None]:
    """An operation that answers with a body or with none (``addGroupAccessUser``'s 200 or 204)."""

    def read(data: Any) -> M | None:
        return None if data is None else model.model_validate(data)

    return CallSpec(operation_id, version, read)


def empty(operation_id: str, version: str) -> CallSpec[None]:
    return CallSpec(operation_id, version, lambda _: None)


def text(operation_id: str, version: str) -> CallSpec[str]:
    """An operation that answers with a file, not JSON (``createGroupDatabaseUserCert``'s PEM)."""

    def read(data: Any) -> str:
        if not isinstance(data, str):
            raise ValueError(f"{operation_id}: expected text, got {type(data).__name__}")
        return data

    return CallSpec(operation_id, version, read)


class Organizations:
    """``OrganizationsApi``."""

    list_orgs = Pages("listOrgs", V2023, AtlasOrganization)
    get_org = one("getOrg", V2023, AtlasOrganization)
    list_org_invites = array("listOrgInvites", V2023, OrganizationInvitation)
    get_org_invite = one("getOrgInvite", V2023, OrganizationInvitation)
    create_org_invite = one("createOrgInvite", V2023, OrganizationInvitation)
    update_org_invite = one("updateOrgInvites", V2023, OrganizationInvitation)
    update_org_invite_by_id = one("updateOrgInviteById", V2023, OrganizationInvitation)
    delete_org_invite = empty("deleteOrgInvite", V2023)
    create_organization = one("createOrg", V2023, CreateOrganizationResponse)
    update_organization = one("updateOrg", V2023, AtlasOrganization)
    delete_organization = empty("deleteOrg", V2023)
    get_organization_settings = one("getOrgSettings", V2023, OrganizationSettings)
    update_organization_settings = one("updateOrgSettings", V2023, OrganizationSettings)
    update_organization_roles = one("updateOrgUserRoles", V2023, UpdateOrgRolesForUser)
    get_org_delegation_settings = one("getOrgDelegationSettings", V2025, OrgDelegationSettingsResponse)
    update_org_delegation_settings = one("updateOrgDelegationSettings", V2025, OrgDelegationSettingsResponse)


class Projects:
    """``ProjectsApi``."""

    list_projects = Pages("listGroups", V2023, Group)
    get_project = one("getGroup", V2023, Group)
    list_project_invitations = array("listGroupInvites", V2023, GroupInvitation)
    get_project_invitation = one("getGroupInvite", V2023, GroupInvitation)
    create_project_invitation = one("createGroupInvite", V2023, GroupInvitation)
    update_project_invitation = one("updateGroupInvites", V2023, GroupInvitation)
    update_project_invitation_by_id = one("updateGroupInviteById", V2023, GroupInvitation)
    delete_project_invitation = empty("deleteGroupInvite", V2023)
    create_project = one("createGroup", V2023, Group)
    update_project = one("updateGroup", V2023, Group)
    delete_project = empty("deleteGroup", V2023)
    get_project_settings = one("getGroupSettings", V2023, GroupSettings)
    update_project_settings = one("updateGroupSettings", V2023, GroupSettings)
    add_user_to_project = optional("addGroupAccessUser", V2023_02, OrganizationInvitation)
    update_project_roles = one("updateGroupUserRoles", V2023, UpdateGroupRolesForUser)
    migrate_project_to_another_org = one("migrateGroup", MIGRATION, Group)
    list_project_limits = array("listGroupLimits", V2023, DataFederationLimit)
    get_project_limit = one("getGroupLimit", V2023, DataFederationLimit)
    set_project_limit = one("setGroupLimit", V2023, DataFederationLimit)
    delete_project_limit = empty("deleteGroupLimit", V2023)
    return_all_ip_addresses = one("getGroupIpAddresses", V2023, GroupIPAddresses)


class MongoDbCloudUsers:
    """``MongoDBCloudUsersApi``."""

    list_org_users = Pages("listOrgUsers", USERS_API, OrgUserResponse)
    create_org_user = one("createOrgUser", USERS_API, OrgUserResponse)
    get_org_user = one("getOrgUser", USERS_API, OrgUserResponse)
    update_org_user = one("updateOrgUser", USERS_API, OrgUserResponse)
    remove_org_user = empty("removeOrgUser", USERS_API)
    add_org_role = one("addOrgUserRole", USERS_API, OrgUserResponse)
    remove_org_role = one("removeOrgUserRole", USERS_API, OrgUserResponse)
    list_project_users = Pages("listGroupUsers", USERS_API, GroupUserResponse)
    add_project_user = one("addGroupUsers", USERS_API, GroupUserResponse)
    get_project_user = one("getGroupUser", USERS_API, GroupUserResponse)
    remove_project_user = empty("removeGroupUser", USERS_API)
    add_project_role = one("addGroupUserRole", USERS_API, GroupUserResponse)
    remove_project_role = one("removeGroupUserRole", USERS_API, GroupUserResponse)
    list_team_users = Pages("listOrgTeamUsers", USERS_API, OrgUserResponse)
    add_user_to_team = one("addOrgTeamUser", USERS_API, OrgUserResponse)
    remove_user_from_team = one("removeOrgTeamUser", USERS_API, OrgUserResponse)
    create_user = one("createUser", V2023, CloudAppUser)
    get_user = one("getUser", V2023, CloudAppUser)
    get_user_by_username = one("getUserByName", V2023, CloudAppUser)


class Events:
    """``EventsApi``."""

    list_org_events = Pages("listOrgEvents", V2023, EventViewForOrg)
    get_org_event = one("getOrgEvent", V2023, EventViewForOrg)
    list_project_events = Pages("listGroupEvents", V2023, EventViewForNdsGroup)
    get_project_event = one("getGroupEvent", V2023, EventViewForNdsGroup)
    list_event_types = Pages("listEventTypes", V2023, EventTypeDetails)


class Teams:
    """``TeamsApi``."""

    list_organization_teams = Pages("listOrgTeams", V2023, TeamResponse)
    create_team = one("createOrgTeam", V2023, Team)
    get_team_by_id = one("getOrgTeam", V2023, TeamResponse)
    get_team_by_name = one("getOrgTeamByName", V2023, TeamResponse)
    rename_team = one("renameOrgTeam", V2023, TeamResponse)
    delete_team = empty("deleteOrgTeam", V2023)
    add_team_user = page("addOrgTeamUsers", V2023, CloudAppUser)
    remove_team_user = empty("removeOrgTeamUserFromTeam", V2023)
    list_project_teams = Pages("listGroupTeams", V2023, TeamRole)
    add_all_teams_to_project = page("addGroupTeams", V2023, TeamRole)
    get_group_team = one("getGroupTeam", V2023, TeamRole)
    update_team_roles = page("updateGroupTeam", V2023, TeamRole)
    remove_project_team = empty("removeGroupTeam", V2023)


class ProgrammaticApiKeys:
    """``ProgrammaticAPIKeysApi``."""

    list_api_keys = Pages("listOrgApiKeys", V2023, ApiKeyUserDetails)
    create_api_key = one("createOrgApiKey", V2023, ApiKeyUserDetails)
    get_api_key = one("getOrgApiKey", V2023, ApiKeyUserDetails)
    update_api_key = one("updateOrgApiKey", V2023, ApiKeyUserDetails)
    delete_api_key = empty("deleteOrgApiKey", V2023)
    list_api_key_access_lists_entries = Pages("listOrgApiKeyAccessListEntries", V2023, UserAccessListResponse)
    create_api_key_access_list = page("createOrgApiKeyAccessListEntry", V2023, UserAccessListResponse)
    get_api_key_access_list = one("getOrgApiKeyAccessListEntry", V2023, UserAccessListResponse)
    delete_api_key_access_list_entry = empty("deleteOrgApiKeyAccessListEntry", V2023)
    list_project_api_keys = Pages("listGroupApiKeys", V2023, ApiKeyUserDetails)
    create_project_api_key = one("createGroupApiKey", V2023, ApiKeyUserDetails)
    add_project_api_key = empty("addGroupApiKey", V2023)
    update_api_key_roles = one("updateGroupApiKeyRoles", V2023, ApiKeyUserDetails)
    remove_project_api_key = empty("removeGroupApiKey", V2023)


class ServiceAccounts:
    """``ServiceAccountsApi``."""

    list_service_accounts = Pages("listOrgServiceAccounts", SERVICE_ACCOUNTS, OrgServiceAccount)
    create_service_account = one("createOrgServiceAccount", SERVICE_ACCOUNTS, OrgServiceAccount)
    get_service_account = one("getOrgServiceAccount", SERVICE_ACCOUNTS, OrgServiceAccount)
    update_service_account = one("updateOrgServiceAccount", SERVICE_ACCOUNTS, OrgServiceAccount)
    delete_service_account = empty("deleteOrgServiceAccount", SERVICE_ACCOUNTS)
    list_service_account_projects = Pages("getOrgServiceAccountGroups", SERVICE_ACCOUNTS, ServiceAccountGroup)
    create_service_account_secret = one("createOrgServiceAccountSecret", SERVICE_ACCOUNTS, ServiceAccountSecret)
    delete_service_account_secret = empty("deleteOrgServiceAccountSecret", SERVICE_ACCOUNTS)
    list_service_account_access_list = Pages(
        "listOrgServiceAccountAccessList", SERVICE_ACCOUNTS, ServiceAccountIPAccessListEntry
    )
    create_service_account_access_list = page(
        "createOrgServiceAccountAccessList", SERVICE_ACCOUNTS, ServiceAccountIPAccessListEntry
    )
    delete_service_account_access_list_entry = empty("deleteOrgServiceAccountAccessListEntry", SERVICE_ACCOUNTS)
    list_project_service_accounts = Pages("listGroupServiceAccounts", SERVICE_ACCOUNTS, GroupServiceAccount)
    create_project_service_account = one("createGroupServiceAccount", SERVICE_ACCOUNTS, GroupServiceAccount)
    get_project_service_account = one("getGroupServiceAccount", SERVICE_ACCOUNTS, GroupServiceAccount)
    update_project_service_account = one("updateGroupServiceAccount", SERVICE_ACCOUNTS, GroupServiceAccount)
    delete_project_service_account = empty("deleteGroupServiceAccount", SERVICE_ACCOUNTS)
    add_project_service_account = one("inviteGroupServiceAccount", SERVICE_ACCOUNTS, GroupServiceAccount)
    create_project_service_account_secret = one(
        "createGroupServiceAccountSecret", SERVICE_ACCOUNTS, ServiceAccountSecret
    )
    delete_project_service_account_secret = empty("deleteGroupServiceAccountSecret", SERVICE_ACCOUNTS)
    list_project_service_account_access_list = Pages(
        "listGroupServiceAccountAccessList", SERVICE_ACCOUNTS, ServiceAccountIPAccessListEntry
    )
    create_project_service_account_access_list = page(
        "createGroupServiceAccountAccessList", SERVICE_ACCOUNTS, ServiceAccountIPAccessListEntry
    )
    delete_project_service_account_access_list_entry = empty(
        "deleteGroupServiceAccountAccessListEntry", SERVICE_ACCOUNTS
    )


class DatabaseUsers:
    """``DatabaseUsersApi``."""

    list_database_users = Pages("listGroupDatabaseUsers", V2023, CloudDatabaseUser)
    create_database_user = one("createGroupDatabaseUser", V2023, CloudDatabaseUser)
    get_database_user = one("getGroupDatabaseUser", V2023, CloudDatabaseUser)
    update_database_user = one("updateGroupDatabaseUser", V2023, CloudDatabaseUser)
    delete_database_user = empty("deleteGroupDatabaseUser", V2023)


class CustomDatabaseRoles:
    """``CustomDatabaseRolesApi``."""

    list_custom_database_roles = array("listGroupCustomDbRoleRoles", V2023, UserCustomDBRole)
    create_custom_database_role = one("createGroupCustomDbRoleRole", V2023, UserCustomDBRole)
    get_custom_database_role = one("getGroupCustomDbRoleRole", V2023, UserCustomDBRole)
    update_custom_database_role = one("updateGroupCustomDbRoleRole", V2023, UserCustomDBRole)
    delete_custom_database_role = empty("deleteGroupCustomDbRoleRole", V2023)


class X509Authentication:
    """``X509AuthenticationApi``."""

    create_database_user_certificate = text("createGroupDatabaseUserCert", V2023)
    list_database_user_certificates = Pages("listGroupDatabaseUserCerts", V2023, UserCert)
    disable_customer_managed_x509 = one("disableGroupUserSecurityCustomerX509", V2023, UserSecurity)


class LdapConfiguration:
    """``LDAPConfigurationApi``."""

    get_ldap_configuration = one("getGroupUserSecurity", V2023, UserSecurity)
    save_ldap_configuration = one("updateGroupUserSecurity", V2023, UserSecurity)
    verify_ldap_configuration = one("verifyGroupUserSecurityLdap", V2023, LDAPVerifyConnectivityJobRequest)
    get_ldap_configuration_status = one("getGroupUserSecurityLdapVerify", V2023, LDAPVerifyConnectivityJobRequest)
    delete_ldap_configuration = one("deleteGroupUserSecurityLdapUserToDnMapping", V2023, UserSecurity)


class ProjectIpAccessList:
    """``ProjectIPAccessListApi``."""

    list_project_ip_access_lists = Pages("listGroupAccessListEntries", V2023, NetworkPermissionEntry)
    create_project_ip_access_list = page("createGroupAccessListEntry", V2023, NetworkPermissionEntry)
    get_project_ip_list = one("getGroupAccessListEntry", V2023, NetworkPermissionEntry)
    get_project_ip_access_list_status = one("getGroupAccessListStatus", V2023, NetworkPermissionEntryStatus)
    delete_project_ip_access_list = empty("deleteGroupAccessListEntry", V2023)


class Auditing:
    """``AuditingApi``."""

    get_auditing_configuration = one("getGroupAuditLog", V2023, AuditLog)
    update_auditing_configuration = one("updateGroupAuditLog", V2023, AuditLog)


class FederatedAuthentication:
    """``FederatedAuthenticationApi``."""

    get_federation_settings = one("getOrgFederationSettings", V2023, OrgFederationSettings)
    delete_federation_app = empty("deleteFederationSetting", V2023)
    list_identity_providers = Pages("listFederationSettingIdentityProviders", V2023, FederationIdentityProvider)
    create_identity_provider = one("createFederationSettingIdentityProvider", V2023_11, FederationIdentityProvider)
    get_identity_provider = one("getFederationSettingIdentityProvider", V2023_11, FederationIdentityProvider)
    update_identity_provider = one("updateFederationSettingIdentityProvider", V2023_11, FederationIdentityProvider)
    delete_identity_provider = empty("deleteFederationSettingIdentityProvider", V2023_11)
    get_identity_provider_metadata = text("getFederationSettingIdentityProviderMetadata", V2023)
    revoke_jwks_from_identity_provider = empty("revokeFederationSettingIdentityProviderJwks", V2023_11)
    list_connected_org_configs = Pages("listFederationSettingConnectedOrgConfigs", V2023, ConnectedOrgConfig)
    get_connected_org_config = one("getFederationSettingConnectedOrgConfig", V2023, ConnectedOrgConfig)
    update_connected_org_config = one("updateFederationSettingConnectedOrgConfig", V2023, ConnectedOrgConfig)
    remove_connected_org_config = empty("removeFederationSettingConnectedOrgConfig", V2023)
    list_role_mappings = Pages("listFederationSettingConnectedOrgConfigRoleMappings", V2023, AuthFederationRoleMapping)
    create_role_mapping = one("createFederationSettingConnectedOrgConfigRoleMapping", V2023, AuthFederationRoleMapping)
    get_role_mapping = one("getFederationSettingConnectedOrgConfigRoleMapping", V2023, AuthFederationRoleMapping)
    update_role_mapping = one("updateFederationSettingConnectedOrgConfigRoleMapping", V2023, AuthFederationRoleMapping)
    delete_role_mapping = empty("deleteFederationSettingConnectedOrgConfigRoleMapping", V2023)


class LimitDescription:
    """The spec's ``Limit Description`` (not in the Go SDK yet: preview only)."""

    list_default_group_limits = Pages("listDefaultGroupLimits", PREVIEW, DefaultGroupLimitResponse)
    get_default_group_limit = one("getDefaultGroupLimit", PREVIEW, DefaultGroupLimitResponse)


class Root:
    """``RootApi``."""

    get_system_status = one("getSystemStatus", V2023, SystemStatus)
    return_all_control_plane_ip_addresses = one("listControlPlaneIpAddresses", V2023_11, ControlPlaneIPAddresses)


class RateLimiting:
    """``RateLimitingApi``."""

    list_rate_limits = Pages("listRateLimits", V2025, RateLimitEndpointSetResponse)
    get_rate_limit = one("getRateLimit", V2025, RateLimitEndpointSetResponse)
