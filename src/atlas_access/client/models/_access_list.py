"""A project's IP access list (2023-01-01): the addresses, CIDR blocks and AWS security groups that may reach
its clusters; names are the spec's schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = ["NetworkPermissionEntry", "NetworkPermissionEntryStatus"]


class NetworkPermissionEntry(AtlasModel):
    """An entry of a project's access list: one of ``ip_address``, ``cidr_block`` or ``aws_security_group``
    to add one; answers give an address with its ``/32`` (or ``/128``) block too. ``delete_after_date`` makes a
    temporary entry, which the project removes at that time."""

    ip_address: str | None = None
    cidr_block: str | None = None
    aws_security_group: str | None = None
    comment: str | None = None
    delete_after_date: datetime | None = None
    group_id: str | None = None
    links: list[Link] = Field(default_factory=list)


class NetworkPermissionEntryStatus(AtlasModel):
    """Whether an entry applies yet: ``ACTIVE``, ``PENDING`` or ``FAILED`` (``STATUS`` on the wire)."""

    status: str = Field(alias="STATUS")
