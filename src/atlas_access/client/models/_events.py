"""Organization and project events: the audit trail that every change writes (2023-01-01)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = ["EventViewForNdsGroup", "EventViewForOrg"]


class EventViewForOrg(AtlasModel):
    """An organization's event. The actor is a user (``user_id``, ``username``) or an API key or service
    account (``api_key_id``, ``public_key``); ``target_username`` is the user an invitation or membership
    event is about. Fields of other event families (``team_id``, ``target_public_key``, ...) are in
    ``model_extra``."""

    id: str
    created: datetime
    event_type_name: str
    org_id: str | None = None
    group_id: str | None = None
    is_global_admin: bool | None = None
    remote_address: str | None = None
    target_username: str | None = None
    user_id: str | None = None
    username: str | None = None
    api_key_id: str | None = None
    public_key: str | None = None
    raw: dict[str, Any] | None = None
    links: list[Link] = Field(default_factory=list)


class EventViewForNdsGroup(EventViewForOrg):
    """A project's event: the same fields, ``group_id`` set."""
