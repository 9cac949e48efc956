"""The API groups of both clients: each is its methods (written once, in ``_organizations.py`` ...) run through
``AtlasClient`` (``ApiGroup``) or awaited through ``AsyncAtlasClient`` (``AsyncApiGroup``)."""

from __future__ import annotations

from atlas_access.client.api import (
    _access_list,
    _api_keys,
    _auditing,
    _custom_db_roles,
    _database_users,
    _events,
    _federation,
    _ldap,
    _limit_description,
    _organizations,
    _projects,
    _rate_limiting,
    _root,
    _service_accounts,
    _teams,
    _users,
    _x509,
)
from atlas_access.client.api._base import ApiGroup, AsyncApiGroup


class OrganizationsApi(_organizations.OrganizationsApi, ApiGroup):
    """``client.organizations``: organizations and their invitations."""


class ProjectsApi(_projects.ProjectsApi, ApiGroup):
    """``client.projects``: projects, their settings and their invitations."""


class MongoDbCloudUsersApi(_users.MongoDbCloudUsersApi, ApiGroup):
    """``client.mongo_db_cloud_users``: organization, project and team users, active and pending."""


class TeamsApi(_teams.TeamsApi, ApiGroup):
    """``client.teams``: teams and the teams of projects."""


class ProgrammaticApiKeysApi(_api_keys.ProgrammaticApiKeysApi, ApiGroup):
    """``client.programmatic_api_keys``: organization and project API keys, and their access lists."""


class ServiceAccountsApi(_service_accounts.ServiceAccountsApi, ApiGroup):
    """``client.service_accounts``: organization and project service accounts, their secrets and access lists."""


class EventsApi(_events.EventsApi, ApiGroup):
    """``client.events``: organization and project events."""


class DatabaseUsersApi(_database_users.DatabaseUsersApi, ApiGroup):
    """``client.database_users``: a project's database users."""


class CustomDatabaseRolesApi(_custom_db_roles.CustomDatabaseRolesApi, ApiGroup):
    """``client.custom_database_roles``: a project's custom database roles."""


class X509AuthenticationApi(_x509.X509AuthenticationApi, ApiGroup):
    """``client.x509_authentication``: certificates of X.509 database users, the customer's authority."""


class LdapConfigurationApi(_ldap.LdapConfigurationApi, ApiGroup):
    """``client.ldap_configuration``: a project's user security, LDAP settings and their verification."""


class ProjectIpAccessListApi(_access_list.ProjectIpAccessListApi, ApiGroup):
    """``client.project_ip_access_list``: a project's IP access list."""


class AuditingApi(_auditing.AuditingApi, ApiGroup):
    """``client.auditing``: a project's database auditing."""


class FederatedAuthenticationApi(_federation.FederatedAuthenticationApi, ApiGroup):
    """``client.federated_authentication``: federations, identity providers, connected organizations, role
    mappings."""


class LimitDescriptionApi(_limit_description.LimitDescriptionApi, ApiGroup):
    """``client.limit_description``: the limits every project starts with (preview)."""


class RootApi(_root.RootApi, ApiGroup):
    """``client.root``: the API's status for the caller, the control plane's addresses."""


class RateLimitingApi(_rate_limiting.RateLimitingApi, ApiGroup):
    """``client.rate_limiting``: the rate limits the server enforces."""


class AsyncOrganizationsApi(_organizations.OrganizationsApi, AsyncApiGroup):
    """``OrganizationsApi`` of ``AsyncAtlasClient``: the same methods as coroutines, ``iter_*`` for ``async for``."""


class AsyncProjectsApi(_projects.ProjectsApi, AsyncApiGroup):
    """``ProjectsApi`` of ``AsyncAtlasClient``."""


class AsyncMongoDbCloudUsersApi(_users.MongoDbCloudUsersApi, AsyncApiGroup):
    """``MongoDbCloudUsersApi`` of ``AsyncAtlasClient``."""


class AsyncTeamsApi(_teams.TeamsApi, AsyncApiGroup):
    """``TeamsApi`` of ``AsyncAtlasClient``."""


class AsyncProgrammaticApiKeysApi(_api_keys.ProgrammaticApiKeysApi, AsyncApiGroup):
    """``ProgrammaticApiKeysApi`` of ``AsyncAtlasClient``."""


class AsyncServiceAccountsApi(_service_accounts.ServiceAccountsApi, AsyncApiGroup):
    """``ServiceAccountsApi`` of ``AsyncAtlasClient``."""


class AsyncEventsApi(_events.EventsApi, AsyncApiGroup):
    """``EventsApi`` of ``AsyncAtlasClient``."""


class AsyncDatabaseUsersApi(_database_users.DatabaseUsersApi, AsyncApiGroup):
    """``DatabaseUsersApi`` of ``AsyncAtlasClient``."""


class AsyncCustomDatabaseRolesApi(_custom_db_roles.CustomDatabaseRolesApi, AsyncApiGroup):
    """``CustomDatabaseRolesApi`` of ``AsyncAtlasClient``."""


class AsyncX509AuthenticationApi(_x509.X509AuthenticationApi, AsyncApiGroup):
    """``X509AuthenticationApi`` of ``AsyncAtlasClient``."""


class AsyncLdapConfigurationApi(_ldap.LdapConfigurationApi, AsyncApiGroup):
    """``LdapConfigurationApi`` of ``AsyncAtlasClient``."""


class AsyncProjectIpAccessListApi(_access_list.ProjectIpAccessListApi, AsyncApiGroup):
    """``ProjectIpAccessListApi`` of ``AsyncAtlasClient``."""


class AsyncAuditingApi(_auditing.AuditingApi, AsyncApiGroup):
    """``AuditingApi`` of ``AsyncAtlasClient``."""


class AsyncFederatedAuthenticationApi(_federation.FederatedAuthenticationApi, AsyncApiGroup):
    """``FederatedAuthenticationApi`` of ``AsyncAtlasClient``."""


class AsyncLimitDescriptionApi(_limit_description.LimitDescriptionApi, AsyncApiGroup):
    """``LimitDescriptionApi`` of ``AsyncAtlasClient``."""


class AsyncRootApi(_root.RootApi, AsyncApiGroup):
    """``RootApi`` of ``AsyncAtlasClient``."""


class AsyncRateLimitingApi(_rate_limiting.RateLimitingApi, AsyncApiGroup):
    """``RateLimitingApi`` of ``AsyncAtlasClient``."""
