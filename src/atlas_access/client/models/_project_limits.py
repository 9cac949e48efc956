"""A project's limits and IP addresses (2023-01-01), the limits' defaults (preview), and moving a project to
another organization (2024-05-30); names are the spec's schemas."""

from __future__ import annotations

from pydantic import Field

from atlas_access.client.models._common import AtlasModel

__all__ = [
    "ClusterIPAddresses",
    "DataFederationLimit",
    "DefaultGroupLimitResponse",
    "GroupIPAddresses",
    "GroupMigrationRequest",
    "GroupService",
]


class DataFederationLimit(AtlasModel):
    """One limit of a project (``atlas.project.security.databaseAccess.users`` ...): its ``value``, and in
    answers its default, its maximum and how much of it the project uses. To set one, give ``value``; an object
    read from an answer may be sent back as it is."""

    name: str | None = None
    value: int
    current_usage: int | None = None
    default_limit: int | None = None
    maximum_limit: int | None = None


class DefaultGroupLimitResponse(AtlasModel):
    """A limit as every project starts with it: its default and maximum (``None`` where it has none)."""

    name: str
    description: str | None = None
    default_limit: int | None = None
    maximum_limit: int | None = None


class ClusterIPAddresses(AtlasModel):
    """The addresses of one cluster of a project, now and after its next change."""

    cluster_name: str | None = None
    inbound: list[str] = Field(default_factory=list)
    outbound: list[str] = Field(default_factory=list)
    future_inbound: list[str] = Field(default_factory=list)
    future_outbound: list[str] = Field(default_factory=list)


class GroupService(AtlasModel):
    """The project's services that have addresses."""

    clusters: list[ClusterIPAddresses] = Field(default_factory=list)


class GroupIPAddresses(AtlasModel):
    """The IP addresses of a project's clusters."""

    group_id: str
    services: GroupService = Field(default_factory=GroupService)


class GroupMigrationRequest(AtlasModel):
    """Where to move a project: ``destination_org_id``, and, for a caller that is not an Organization Owner
    there, an Organization Owner API key of it (public and private key; the private one is only checked)."""

    destination_org_id: str
    destination_org_public_api_key: str | None = None
    destination_org_private_api_key: str | None = Field(default=None, repr=False)
