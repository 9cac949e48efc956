"""Organizations and projects (2023-01-01): what reads answer, and what creates and updates them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._api_keys import ApiKeyUserDetails, CreateAtlasOrganizationApiKey
from atlas_access.client.models._common import AtlasModel, Link
from atlas_access.client.models._service_accounts import OrgServiceAccount, OrgServiceAccountRequest

__all__ = [
    "AtlasOrganization",
    "CreateOrganizationRequest",
    "CreateOrganizationResponse",
    "Group",
    "GroupUpdate",
    "ResourceTag",
]


class AtlasOrganization(AtlasModel):
    """An organization."""

    id: str
    name: str
    is_deleted: bool | None = None
    skip_default_alerts_settings: bool | None = None
    links: list[Link] = Field(default_factory=list)


class ResourceTag(AtlasModel):
    """A key-value tag on a project."""

    key: str
    value: str


class Group(AtlasModel):
    """A project (``group`` on the wire)."""

    id: str
    name: str
    org_id: str
    created: datetime | None = None
    cluster_count: int | None = None
    tags: list[ResourceTag] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class GroupUpdate(AtlasModel):
    """What to change of a project: its name, its tags (the list given replaces the old one)."""

    name: str | None = None
    tags: list[ResourceTag] | None = None
    with_default_alerts_settings: bool | None = None


class CreateOrganizationRequest(AtlasModel):
    """A new organization and its first owner: a user of the caller's organization (``org_owner_id``), a new
    API key (``api_key``) or a new service account (``service_account``)."""

    name: str
    org_owner_id: str | None = None
    api_key: CreateAtlasOrganizationApiKey | None = None
    service_account: OrgServiceAccountRequest | None = None
    federation_settings_id: str | None = None
    skip_default_alerts_settings: bool | None = None


class CreateOrganizationResponse(AtlasModel):
    """The organization created, with its first API key (private key in full, this once) or service account
    (secret in full, this once) if the request asked for one."""

    organization: AtlasOrganization
    api_key: ApiKeyUserDetails | None = None
    service_account: OrgServiceAccount | None = None
    org_owner_id: str | None = None
    federation_settings_id: str | None = None
    skip_default_alerts_settings: bool | None = None
