"""The API groups of both clients: each is its methods (written once, in ``_organizations.py`` ...) run through
``AtlasClient`` (``ApiGroup``) or awaited through ``AsyncAtlasClient`` (``AsyncApiGroup``)."""

from __future__ import annotations

from atlas_access.client.api import _api_keys, _events, _organizations, _projects, _service_accounts, _teams, _users
from atlas_access.client.api._base import ApiGroup, AsyncApiGroup


class OrganizationsApi(_organizations.OrganizationsApi, ApiGroup):
    """``client.organizations``: organizations and their invitations."""


class ProjectsApi(_projects.ProjectsApi, ApiGroup):
    """``client.projects``: projects and their invitations."""


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
