"""Programmatic API keys of an organization and its projects, and their IP access lists (2023-01-01)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link
from atlas_access.client.models._users import CloudAccessRoleAssignment

__all__ = [
    "ApiKeyUserDetails",
    "CreateAtlasOrganizationApiKey",
    "CreateAtlasProjectApiKey",
    "UpdateAtlasOrganizationApiKey",
    "UpdateAtlasProjectApiKey",
    "UserAccessListRequest",
    "UserAccessListResponse",
    "UserAccessRoleAssignment",
]


class ApiKeyUserDetails(AtlasModel):
    """An API key. ``private_key`` is whole only in the answer that creates the key; later it is masked.
    ``roles`` holds its organization roles (``org_id`` set) and its project roles (``group_id`` set)."""

    id: str
    public_key: str
    private_key: str | None = None
    desc: str | None = None
    roles: list[CloudAccessRoleAssignment] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class _NewApiKey(AtlasModel):
    """What a key to create says: a description and one or more roles."""

    desc: str
    roles: list[str]


class _ApiKeyChange(AtlasModel):
    """What a key's update says: a new description, new roles (those given replace the old), or both."""

    desc: str | None = None
    roles: list[str] | None = None


class CreateAtlasOrganizationApiKey(_NewApiKey):
    """An organization API key to create: a description and one or more organization roles."""


class UpdateAtlasOrganizationApiKey(_ApiKeyChange):
    """A new description or new organization roles (those given replace the old)."""


class CreateAtlasProjectApiKey(_NewApiKey):
    """A key to create in a project (it belongs to the project's organization): description, project roles."""


class UpdateAtlasProjectApiKey(_ApiKeyChange):
    """A new description or new project roles of a key in one project."""


class UserAccessRoleAssignment(AtlasModel):
    """Project roles to give an organization key in a project (an item of ``addGroupApiKey``'s body)."""

    roles: list[str] | None = None
    user_id: str | None = None


class UserAccessListRequest(AtlasModel):
    """One access-list entry to add: an address (``ip_address``) or a range (``cidr_block``, ``10.0.0.0/24``)."""

    ip_address: str | None = None
    cidr_block: str | None = None


class UserAccessListResponse(AtlasModel):
    """An entry of a key's access list: ``cidr_block`` always (``/32`` for one address), ``ip_address`` for one
    address; ``count``, ``last_used`` and ``last_used_address`` tell how it was used."""

    cidr_block: str | None = None
    ip_address: str | None = None
    created: datetime | None = None
    count: int | None = None
    last_used: datetime | None = None
    last_used_address: str | None = None
    links: list[Link] = Field(default_factory=list)
