"""Organizations and projects (2023-01-01)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = ["AtlasOrganization", "Group", "ResourceTag"]


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
