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

The ``Async...Api`` twins, ``AsyncAtlasClient``'s API groups, are generated from the sync ones
(``scripts/gen_async_groups.py``): the same methods as coroutines, ``iter_*`` for ``async for``.
"""

from atlas_access.client.api._api_keys import ProgrammaticApiKeysApi
from atlas_access.client.api._async_groups import (
    AsyncEventsApi,
    AsyncMongoDbCloudUsersApi,
    AsyncOrganizationsApi,
    AsyncProgrammaticApiKeysApi,
    AsyncProjectsApi,
    AsyncServiceAccountsApi,
    AsyncTeamsApi,
)
from atlas_access.client.api._events import EventsApi
from atlas_access.client.api._organizations import OrganizationsApi
from atlas_access.client.api._projects import ProjectsApi
from atlas_access.client.api._service_accounts import ServiceAccountsApi
from atlas_access.client.api._teams import TeamsApi
from atlas_access.client.api._users import MongoDbCloudUsersApi

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
