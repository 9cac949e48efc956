"""Typed calls of the access-management operations, grouped and named as in the Go SDK (``atlas-sdk-go``).

Reach them from a client: ``client.organizations`` (``OrganizationsApi``), ``client.projects``
(``ProjectsApi``), ``client.mongo_db_cloud_users`` (``MongoDBCloudUsersApi``), ``client.teams`` (``TeamsApi``),
``client.programmatic_api_keys`` (``ProgrammaticAPIKeysApi``), ``client.service_accounts``
(``ServiceAccountsApi``) and ``client.events`` (``EventsApi``); Go's
``OrganizationsApi.DeleteOrgInviteWithParams(ctx, params).Execute()`` is
``client.organizations.delete_org_invite(org_id, invitation_id)``. Each method pins the API version its models
were written for and returns models from ``atlas_access.client.models``; errors raise ``AtlasError``. Every
method also answers to its operation id in snake case (``delete_group_invite`` for
``delete_project_invitation``). Anything else of the Admin API: ``client.call(operation_id, ...)``.

The ``Async...Api`` groups, ``AsyncAtlasClient``'s, are made of the same methods (each written once, see
``_methods``): coroutines, and ``iter_*`` for ``async for``.
"""

from atlas_access.client.api._groups import (
    AsyncEventsApi,
    AsyncMongoDbCloudUsersApi,
    AsyncOrganizationsApi,
    AsyncProgrammaticApiKeysApi,
    AsyncProjectsApi,
    AsyncServiceAccountsApi,
    AsyncTeamsApi,
    EventsApi,
    MongoDbCloudUsersApi,
    OrganizationsApi,
    ProgrammaticApiKeysApi,
    ProjectsApi,
    ServiceAccountsApi,
    TeamsApi,
)

__all__ = [
    "AsyncEventsApi",
    "AsyncMongoDbCloudUsersApi",
    "AsyncOrganizationsApi",
    "AsyncProgrammaticApiKeysApi",
    "AsyncProjectsApi",
    "AsyncServiceAccountsApi",
    "AsyncTeamsApi",
    "EventsApi",
    "MongoDbCloudUsersApi",
    "OrganizationsApi",
    "ProgrammaticApiKeysApi",
    "ProjectsApi",
    "ServiceAccountsApi",
    "TeamsApi",
]
