"""Service accounts of an organization and its projects, their secrets and IP access lists (2024-08-05)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel

__all__ = [
    "GroupServiceAccount",
    "GroupServiceAccountRequest",
    "GroupServiceAccountRoleAssignment",
    "GroupServiceAccountUpdateRequest",
    "OrgServiceAccount",
    "OrgServiceAccountRequest",
    "OrgServiceAccountUpdateRequest",
    "ServiceAccountGroup",
    "ServiceAccountIPAccessListEntry",
    "ServiceAccountSecret",
    "ServiceAccountSecretRequest",
]


class ServiceAccountSecret(AtlasModel):
    """A secret of a service account: ``secret`` only in the answer that creates it, ``masked_secret_value``
    always."""

    id: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    masked_secret_value: str | None = None
    secret: str | None = None


class OrgServiceAccount(AtlasModel):
    """A service account with its organization roles. ``client_id`` (``mdb_sa_id_...``) and a secret get
    OAuth tokens."""

    client_id: str
    name: str
    description: str | None = None
    created_at: datetime | None = None
    roles: list[str] = Field(default_factory=list)
    secrets: list[ServiceAccountSecret] = Field(default_factory=list)


class GroupServiceAccount(OrgServiceAccount):
    """A service account seen from a project: ``roles`` are its roles in that project."""


class OrgServiceAccountRequest(AtlasModel):
    """A service account to create, with organization roles and the lifetime of its first secret."""

    name: str
    description: str
    roles: list[str]
    secret_expires_after_hours: int


class GroupServiceAccountRequest(OrgServiceAccountRequest):
    """A service account to create from a project: ``roles`` are project roles."""


class OrgServiceAccountUpdateRequest(AtlasModel):
    """What to change of a service account (what is left out stays)."""

    name: str | None = None
    description: str | None = None
    roles: list[str] | None = None


class GroupServiceAccountUpdateRequest(OrgServiceAccountUpdateRequest):
    """What to change of a service account from a project: ``roles`` are its roles in the project."""


class ServiceAccountSecretRequest(AtlasModel):
    """A new secret's lifetime in hours."""

    secret_expires_after_hours: int


class GroupServiceAccountRoleAssignment(AtlasModel):
    """Project roles to give an organization's service account in a project."""

    roles: list[str]


class ServiceAccountGroup(AtlasModel):
    """A project a service account is assigned to, with its roles there."""

    group_id: str
    roles: list[str] = Field(default_factory=list)


class ServiceAccountIPAccessListEntry(AtlasModel):
    """An entry of a service account's access list: to add one, ``ip_address`` or ``cidr_block``; in answers,
    ``cidr_block`` always (``/32`` for one address) and how it was used."""

    cidr_block: str | None = None
    ip_address: str | None = None
    created_at: datetime | None = None
    last_used_address: str | None = None
    last_used_at: datetime | None = None
    request_count: int | None = None
