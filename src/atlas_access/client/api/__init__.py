"""Typed calls of the access-management operations, grouped and named as in the Go SDK (``atlas-sdk-go``).

Reach them from a client: ``client.organizations`` (``OrganizationsApi``), ``client.projects``
(``ProjectsApi``), ``client.mongo_db_cloud_users`` (``MongoDBCloudUsersApi``), ``client.teams`` (``TeamsApi``),
``client.programmatic_api_keys`` (``ProgrammaticAPIKeysApi``), ``client.service_accounts``
(``ServiceAccountsApi``), ``client.events`` (``EventsApi``), and a project's database and network access:
``client.database_users`` (``DatabaseUsersApi``), ``client.custom_database_roles`` (``CustomDatabaseRolesApi``),
``client.x509_authentication`` (``X509AuthenticationApi``), ``client.ldap_configuration``
(``LdapConfigurationApi``), ``client.project_ip_access_list`` (``ProjectIpAccessListApi``) and
``client.auditing`` (``AuditingApi``); federated authentication: ``client.federated_authentication``
(``FederatedAuthenticationApi``); and what describes the API: ``client.root`` (``RootApi``),
``client.rate_limiting`` (``RateLimitingApi``) and ``client.limit_description`` (the spec's Limit Description,
preview); Go's
``OrganizationsApi.DeleteOrgInviteWithParams(ctx, params).Execute()`` is
``client.organizations.delete_org_invite(org_id, invitation_id)``. Each method pins the API version its models
were written for and returns models from ``atlas_access.client.models``; errors raise ``AtlasError``. Every
method also answers to its operation id in snake case (``delete_group_invite`` for
``delete_project_invitation``). Anything else of the Admin API: ``client.call(operation_id, ...)``.

The ``Async...Api`` groups, ``AsyncAtlasClient``'s, are made of the same methods (each written once, see
``_methods``): coroutines, and ``iter_*`` for ``async for``.
"""

from atlas_access.client.api._groups import (
    AsyncAuditingApi,
    AsyncCustomDatabaseRolesApi,
    AsyncDatabaseUsersApi,
    AsyncEventsApi,
    AsyncFederatedAuthenticationApi,
    AsyncLdapConfigurationApi,
    AsyncLimitDescriptionApi,
    AsyncMongoDbCloudUsersApi,
    AsyncOrganizationsApi,
    AsyncProgrammaticApiKeysApi,
    AsyncProjectIpAccessListApi,
    AsyncProjectsApi,
    AsyncRateLimitingApi,
    AsyncRootApi,
    AsyncServiceAccountsApi,
    AsyncTeamsApi,
    AsyncX509AuthenticationApi,
    AuditingApi,
    CustomDatabaseRolesApi,
    DatabaseUsersApi,
    EventsApi,
    FederatedAuthenticationApi,
    LdapConfigurationApi,
    LimitDescriptionApi,
    MongoDbCloudUsersApi,
    OrganizationsApi,
    ProgrammaticApiKeysApi,
    ProjectIpAccessListApi,
    ProjectsApi,
    RateLimitingApi,
    RootApi,
    ServiceAccountsApi,
    TeamsApi,
    X509AuthenticationApi,
)

__all__ = [
    "AsyncAuditingApi",
    "AsyncCustomDatabaseRolesApi",
    "AsyncDatabaseUsersApi",
    "AsyncEventsApi",
    "AsyncFederatedAuthenticationApi",
    "AsyncLdapConfigurationApi",
    "AsyncLimitDescriptionApi",
    "AsyncMongoDbCloudUsersApi",
    "AsyncOrganizationsApi",
    "AsyncProgrammaticApiKeysApi",
    "AsyncProjectIpAccessListApi",
    "AsyncProjectsApi",
    "AsyncRateLimitingApi",
    "AsyncRootApi",
    "AsyncServiceAccountsApi",
    "AsyncTeamsApi",
    "AsyncX509AuthenticationApi",
    "AuditingApi",
    "CustomDatabaseRolesApi",
    "DatabaseUsersApi",
    "EventsApi",
    "FederatedAuthenticationApi",
    "LdapConfigurationApi",
    "LimitDescriptionApi",
    "MongoDbCloudUsersApi",
    "OrganizationsApi",
    "ProgrammaticApiKeysApi",
    "ProjectIpAccessListApi",
    "ProjectsApi",
    "RateLimitingApi",
    "RootApi",
    "ServiceAccountsApi",
    "TeamsApi",
    "X509AuthenticationApi",
]
